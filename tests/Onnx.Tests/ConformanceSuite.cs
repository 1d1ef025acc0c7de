using System.Globalization;
using System.Text.RegularExpressions;
using Facebench.Onnx.Format;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Facebench.Onnx.Tests;

/// <summary>The outcome of one model of ONNX's test data: passed, or the reason it did not.</summary>
/// <param name="Set">The test-data folder (e.g. <c>pytorch-converted</c>).</param>
/// <param name="Case">The model's folder name.</param>
/// <param name="Failure">Null when every data set matched; otherwise why not.</param>
public sealed record ConformanceResult(string Set, string Case, string? Failure)
{
    /// <summary>True when every data set of the model matched.</summary>
    public bool Passed => Failure is null;

    /// <summary>
    /// The pre-7 operator set of a model that failed as written and was retried after <see cref="Format.LegacyOpsetUpgrade"/>;
    /// 0 when the model ran as written.
    /// </summary>
    public long UpgradedFromOpset { get; init; }
}

/// <summary>
/// Runs the models of ONNX's backend test data (Debian's libonnx-testdata: each case folder holds <c>model.onnx</c> and
/// <c>test_data_set_*/input_*.pb</c>, <c>output_*.pb</c>) through ONNX Runtime's <see cref="InferenceSession"/> and compares each
/// output with the expected one: integers and booleans exactly, floats within <see cref="RelativeTolerance"/> and
/// <see cref="AbsoluteTolerance"/> (ONNX's backend tests use rtol 1e-3; atol is looser than their 1e-7 so that
/// values that should be 0 but come out at float rounding noise pass), NaN matching NaN.
/// </summary>
public static partial class ConformanceSuite
{
    /// <summary>Relative tolerance of float comparisons.</summary>
    public const double RelativeTolerance = 1e-3;

    /// <summary>Absolute tolerance of float comparisons.</summary>
    public const double AbsoluteTolerance = 1e-5;

    /// <summary>Runs every case of a set folder.</summary>
    public static List<ConformanceResult> RunSet(string set)
    {
        string root = Path.Combine(TestData.Root, set);
        // Some sets (real) list models that are downloaded on demand; only cases shipped with their model are run.
        return Directory.GetDirectories(root).Order(StringComparer.Ordinal)
            .Where(dir => File.Exists(Path.Combine(dir, "model.onnx")))
            .Select(dir => RunCase(set, dir)).ToList();
    }

    /// <summary>Runs one case folder.</summary>
    public static ConformanceResult RunCase(string set, string folder)
    {
        string name = Path.GetFileName(folder);
        try
        {
            var settings = new OnnxSessionSettings { IntraOpThreads = 1, LogSeverity = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
            string path = Path.Combine(folder, "model.onnx");

            // As written first: what ONNX Runtime runs unaided. Models of a pre-7 operator set that fail are retried
            // the way Facebench loads models (OnnxModel.Load upgrades them), and counted apart.
            string? native = RunWith(() => NewSession(path, settings), folder);
            if (native is null)
            {
                return new ConformanceResult(set, name, null);
            }

            if (!Format.LegacyOpsetUpgrade.IsLegacy(File.ReadAllBytes(path)))
            {
                return new ConformanceResult(set, name, native);
            }

            long opset = Format.LegacyOpsetUpgrade.DefaultOpset(File.ReadAllBytes(path));
            string? upgraded = RunWith(() => OnnxModel.Load(path, settings).Session, folder);
            return new ConformanceResult(set, name, upgraded is null ? null : $"{upgraded} (as written, opset {opset}: {native})") { UpgradedFromOpset = opset };
        }
        catch (Exception e) when (e is OnnxRuntimeException or InvalidDataException or NotSupportedException or ArgumentException)
        {
            return new ConformanceResult(set, name, Shorten(e.Message));
        }
    }

    private static InferenceSession NewSession(string path, OnnxSessionSettings settings)
    {
        using SessionOptions options = OnnxSessionFactory.CreateCpuOptions(settings);
        return new InferenceSession(path, options);
    }

    private static string? RunWith(Func<InferenceSession> load, string folder)
    {
        InferenceSession session;
        try
        {
            session = load();
        }
        catch (Exception e) when (e is OnnxRuntimeException or InvalidDataException or NotSupportedException)
        {
            return "load: " + Shorten(e.Message);
        }

        using (session)
        {
            foreach (string dataSet in Directory.GetDirectories(folder, "test_data_set_*").Order(StringComparer.Ordinal))
            {
                if (RunDataSet(session, dataSet) is { } failure)
                {
                    return $"{Path.GetFileName(dataSet)}: {failure}";
                }
            }

            return null;
        }
    }

    private static string? RunDataSet(InferenceSession session, string dataSet)
    {
        List<OnnxTensor> inputs = ReadNumbered(dataSet, "input");
        List<OnnxTensor> expected = ReadNumbered(dataSet, "output");
        string[] inputNames = inputs.Select((t, i) => session.InputMetadata.ContainsKey(t.Name) ? t.Name : session.InputNames[i]).ToArray();
        string[] outputNames = expected.Select((t, i) => session.OutputMetadata.ContainsKey(t.Name) ? t.Name : session.OutputNames[i]).ToArray();
        var values = inputs.Select(t => t.ToOrtValue()).ToArray();
        try
        {
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, inputNames, values, outputNames);
            for (int i = 0; i < expected.Count; i++)
            {
                if (Compare(expected[i], outputs[i]) is { } mismatch)
                {
                    return $"output '{outputNames[i]}': {mismatch}";
                }
            }

            return null;
        }
        catch (OnnxRuntimeException e)
        {
            return "run: " + Shorten(e.Message);
        }
        finally
        {
            foreach (OrtValue v in values)
            {
                v.Dispose();
            }
        }
    }

    private static string? Compare(OnnxTensor expected, OrtValue actual)
    {
        OrtTensorTypeAndShapeInfo info = actual.GetTensorTypeAndShape();
        if (info.ElementDataType != expected.ElementType)
        {
            return $"element type {info.ElementDataType}, expected {expected.ElementType}";
        }

        if (!info.Shape.AsSpan().SequenceEqual(expected.Dims))
        {
            return $"shape {TensorShapes.Format(info.Shape)}, expected {TensorShapes.Format(expected.Dims)}";
        }

        ReadOnlySpan<byte> actualBytes = actual.GetTensorMutableRawData();
        if (!IsFloating(expected.ElementType))
        {
            return actualBytes.SequenceEqual(expected.Data) ? null : "integer values differ";
        }

        double[] want = ToDoubles(expected.ElementType, expected.Data);
        double[] got = ToDoubles(expected.ElementType, actualBytes);
        for (int i = 0; i < want.Length; i++)
        {
            double w = want[i], g = got[i];
            bool same = (double.IsNaN(w) && double.IsNaN(g)) || w.Equals(g) || Math.Abs(w - g) <= AbsoluteTolerance + (RelativeTolerance * Math.Abs(w));
            if (!same)
            {
                return string.Create(CultureInfo.InvariantCulture, $"element {i} is {g:G9}, expected {w:G9} (|diff| {Math.Abs(w - g):G3})");
            }
        }

        return null;
    }

    private static bool IsFloating(TensorElementType type) =>
        type is TensorElementType.Float or TensorElementType.Double or TensorElementType.Float16 or TensorElementType.BFloat16
            or TensorElementType.Complex64 or TensorElementType.Complex128;

    private static double[] ToDoubles(TensorElementType type, ReadOnlySpan<byte> data) => type switch
    {
        TensorElementType.Float or TensorElementType.Complex64 => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(data).ToArray().Select(f => (double)f).ToArray(),
        TensorElementType.Double or TensorElementType.Complex128 => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(data).ToArray(),
        TensorElementType.Float16 => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, Half>(data).ToArray().Select(h => (double)h).ToArray(),
        _ => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(data).ToArray().Select(b => (double)BitConverter.Int32BitsToSingle(b << 16)).ToArray(),
    };

    private static List<OnnxTensor> ReadNumbered(string folder, string prefix) =>
        Directory.GetFiles(folder, prefix + "_*.pb")
            .OrderBy(f => int.Parse(NumberPattern().Match(Path.GetFileName(f)).Groups[1].Value, CultureInfo.InvariantCulture))
            .Select(TensorProtoReader.ReadFile)
            .ToList();

    private static string Shorten(string message)
    {
        string oneLine = OnnxSessionFactory.OneLine(message);
        return oneLine.Length <= 300 ? oneLine : oneLine[..300] + "…";
    }

    [GeneratedRegex(@"_(\d+)\.pb$")]
    private static partial Regex NumberPattern();
}
