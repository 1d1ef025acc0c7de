using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;

namespace Facebench.Onnx.Benchmarks;

/// <summary>
/// The per-run overhead compared with Node: the same conformance model, input and session settings (one intra-op
/// thread, sequential execution, all optimisations) run in the same loop shape in this process (ONNX Runtime's managed
/// package, with an I/O binding over pre-allocated values, and with outputs ORT allocates) and in Node through
/// onnxruntime-node's N-API binding (node/ort-loop.js). The libraries differ: the package's ONNX Runtime 1.32 (GPU
/// build, CPU provider) here, npm's 1.30 CPU build beside the binding in tools/onnxruntime-node/ (no 1.32 of it is
/// published, and its binding requires the 1.30 library's symbol versions). Each side times <c>rounds</c> rounds of
/// <c>runs</c> runs after a warm-up and reports the median round; .NET and Node alternate so that load from other
/// processes on the machine hits both alike.
/// </summary>
public static class NodeComparison
{
    private const int Warmup = 2000, Runs = 20000, Rounds = 7;

    /// <summary>Runs the comparison for every case and prints a table; returns false when Node or the binding is missing.</summary>
    public static bool Run(TextWriter output)
    {
        string? tools = FindTools();
        string? binding = tools is null ? null : Path.Combine(tools, "onnxruntime_binding.node");
        if (binding is null || !File.Exists(binding))
        {
            output.WriteLine("node comparison skipped: tools/onnxruntime-node/onnxruntime_binding.node is missing (./build.sh --target=assets).");
            return false;
        }

        output.WriteLine();
        output.WriteLine($"Per-run overhead vs Node (.NET: ONNX Runtime {OrtEnv.Instance().GetVersionString()} from the Microsoft.ML.OnnxRuntime.Gpu package; Node: onnxruntime-node's binding with {binding}'s library; {Rounds} rounds × {Runs} runs, median round; 1 intra-op thread)");
        output.WriteLine("| case | .NET, I/O binding µs/run | .NET, ORT-allocated outputs µs/run | Node binding µs/run | binding / Node | allocated / Node |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (string name in ConformanceCase.Names)
        {
            ConformanceCase c = ConformanceCase.Load(name);
            var dotnet = new List<double>();
            var allocated = new List<double>();
            var node = new List<double>();
            string spec = WriteSpec(c);
            for (int round = 0; round < 3; round++)
            {
                dotnet.AddRange(TimeDotnet(c, (Rounds / 3) + 1, preBound: true));
                allocated.AddRange(TimeDotnet(c, (Rounds / 3) + 1, preBound: false));
                node.AddRange(TimeNode(binding, spec, (Rounds / 3) + 1));
            }

            double d = Median(dotnet) / 1000, a = Median(allocated) / 1000, n = Median(node) / 1000;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {d:0.000} | {a:0.000} | {n:0.000} | {d / n:0.000} | {a / n:0.000} |"));
        }

        return true;
    }

    /// <summary>
    /// Times .NET: through an I/O binding over pre-allocated values (Facebench's allocation-free path), or letting ORT
    /// allocate each output and wrapping it, as Node's binding does on every run.
    /// </summary>
    private static List<double> TimeDotnet(ConformanceCase c, int rounds, bool preBound)
    {
        using InferenceSession session = c.CreateSession();
        using OrtValue input = c.Input.ToOrtValue();
        using OrtValue output = OrtValue.CreateTensorValueFromMemory(new float[TensorShapes.ElementCount(c.OutputShape)], c.OutputShape);
        using var runOptions = new RunOptions();
        using OrtIoBinding binding = session.CreateIoBinding();
        binding.BindInput(c.InputName, input);
        binding.BindOutput(c.OutputName, output);
        string[] inputNames = [c.InputName], outputNames = [c.OutputName];
        OrtValue[] inputs = [input];
        void Once()
        {
            if (preBound)
            {
                session.RunWithBinding(runOptions, binding);
            }
            else
            {
                using IDisposableReadOnlyCollection<OrtValue> produced = session.Run(runOptions, inputNames, inputs, outputNames);
            }
        }

        for (int i = 0; i < Warmup; i++)
        {
            Once();
        }

        var perRun = new List<double>();
        for (int round = 0; round < rounds; round++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < Runs; i++)
            {
                Once();
            }

            perRun.Add(Stopwatch.GetElapsedTime(start).TotalNanoseconds / Runs);
        }

        return perRun;
    }

    private static List<double> TimeNode(string binding, string spec, int rounds)
    {
        string json = File.ReadAllText(spec);
        var document = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;
        var updated = document.ToDictionary(p => p.Key, p => (object)p.Value);
        updated["rounds"] = rounds;
        File.WriteAllText(spec, JsonSerializer.Serialize(updated));
        string script = Path.Combine(AppContext.BaseDirectory, "node", "ort-loop.js");
        var start = new ProcessStartInfo("node", [script, binding, spec]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started.");
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"node failed ({process.ExitCode}): {stderr}");
        }

        using JsonDocument result = JsonDocument.Parse(stdout);
        return result.RootElement.GetProperty("nsPerRun").EnumerateArray().Select(e => e.GetDouble()).ToList();
    }

    private static string WriteSpec(ConformanceCase c)
    {
        string folder = Directory.CreateTempSubdirectory("facebench-node-").FullName;
        string data = Path.Combine(folder, "input.bin");
        File.WriteAllBytes(data, c.Input.Data);
        string spec = Path.Combine(folder, "case.json");
        File.WriteAllText(spec, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["model"] = c.ModelPath,
            ["input"] = c.InputName,
            ["dims"] = c.Input.Dims,
            ["data"] = data,
            ["output"] = c.OutputName,
            ["warmup"] = Warmup,
            ["runs"] = Runs,
            ["rounds"] = Rounds,
            ["threads"] = 1,
        }));
        return spec;
    }

    private static string? FindTools()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string tools = Path.Combine(dir.FullName, "tools", "onnxruntime-node");
            if (Directory.Exists(tools))
            {
                return tools;
            }
        }

        return null;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
