using System.Runtime.InteropServices;
using Facebench.Contracts;
using Facebench.Onnx.Providers;
using Facebench.Plugins.Onnx.Inference;
using Facebench.Plugins.Onnx.Inference.Embedding;
using Facebench.Testing;
using Microsoft.ML.OnnxRuntime;

namespace Facebench.Onnx.Tests;

/// <summary>
/// Execution providers: the CPU by default, CUDA only when asked, a one-line reason when CUDA cannot load, and the
/// CPU with a warning for <c>provider: auto</c>. On a machine without CUDA (the usual test machine) the failure paths
/// run for real; on one with CUDA the same tests check that the session runs on it.
/// </summary>
public sealed class ProviderTests
{
    private static string CudaProviderLibrary => Path.Combine(OnnxRuntimeNativeFolder.Find()!, OnnxRuntimeNativeFolder.ProviderFileName("cuda"));

    [Fact]
    public void The_native_library_comes_from_the_folder_the_provider_check_reads()
    {
        string? folder = OnnxRuntimeNativeFolder.Find();
        Assert.NotNull(folder);
        Assert.Contains(OnnxSessionFactory.CpuProviderName, OrtEnv.Instance().GetAvailableProviders());
        Assert.Contains(CudaProviderCheck.ProviderName, OrtEnv.Instance().GetAvailableProviders());

        // The library this process loaded is the one in that folder.
        string loaded = File.ReadAllLines("/proc/self/maps").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1]).First(p => p.EndsWith("/" + OnnxRuntimeNativeFolder.LibraryFileName, StringComparison.Ordinal));
        Assert.Equal(Path.GetFullPath(Path.Combine(folder, OnnxRuntimeNativeFolder.LibraryFileName)), loaded);
    }

    [Fact]
    public void The_needed_libraries_of_a_shared_object_are_read_from_its_dynamic_section()
    {
        IReadOnlyList<string> cuda = ElfNeededLibraries.Read(CudaProviderLibrary);
        Assert.Contains("libcuda.so.1", cuda);
        Assert.Contains(cuda, n => n.StartsWith("libcudart.so.", StringComparison.Ordinal));
        Assert.Contains(cuda, n => n.StartsWith("libcublas.so.", StringComparison.Ordinal));
        IReadOnlyList<string> core = ElfNeededLibraries.Read(Path.Combine(OnnxRuntimeNativeFolder.Find()!, OnnxRuntimeNativeFolder.LibraryFileName));
        Assert.Contains("libc.so.6", core);
        Assert.DoesNotContain(core, n => n.Contains("cuda", StringComparison.Ordinal));

        string text = Path.Combine(TestModels.Folder, "not-elf.so");
        File.WriteAllText(text, "not a shared object, just text long enough to fill an ELF header......................");
        Assert.Equal($"{text}: not an ELF file.", Assert.Throws<InvalidDataException>(() => ElfNeededLibraries.Read(text)).Message);
        string truncated = Path.Combine(TestModels.Folder, "truncated.so");
        using (FileStream source = File.OpenRead(CudaProviderLibrary))
        {
            var head = new byte[4096];
            source.ReadExactly(head);
            File.WriteAllBytes(truncated, head);
        }

        var e = Assert.Throws<InvalidDataException>(() => ElfNeededLibraries.Read(truncated));
        Assert.StartsWith(truncated + ": the section headers", e.Message);
        Assert.Contains("run past the end of the file", e.Message);
    }

    [Fact]
    public void Cuda_on_request_runs_on_cuda_or_fails_saying_why_in_one_line()
    {
        string path = Path.Combine(TestModels.Folder, "affine-cuda.onnx");
        File.WriteAllBytes(path, TestModels.Affine());
        var component = new InferOnnxComponent();
        string? problem = CudaProviderCheck.FindProblem();
        if (problem is null)
        {
            // CUDA's libraries load here: the session runs on CUDA, or ORT's own reason (no device) comes in one line.
            try
            {
                component.Initialize(new InferOnnxOptions { Path = path, Provider = OnnxProvider.Cuda }, new TestPluginContext());
                Assert.Equal(CudaProviderCheck.ProviderName, component.Instance.Provider.Name);
            }
            catch (PluginInputException e)
            {
                Assert.Contains("could not start CUDA device 0", e.Message);
                Assert.DoesNotContain("\n", e.Message);
            }

            return;
        }

        // No CUDA here: the check names the libraries the provider needs that the loader cannot find.
        Assert.DoesNotContain("\n", problem);
        Assert.Contains(ElfNeededLibraries.Read(CudaProviderLibrary), name => problem.Contains(name, StringComparison.Ordinal) && !CanLoad(name));
        var error = Assert.Throws<PluginInputException>(() => component.Initialize(new InferOnnxOptions { Path = path, Provider = OnnxProvider.Cuda }, new TestPluginContext()));
        Assert.Equal($"{path}: provider cuda is unavailable: {problem}", error.InnerException!.Message);
        Assert.Contains(problem, error.Message);
        Assert.DoesNotContain("\n", error.Message);
        Assert.IsType<ExecutionProviderUnavailableException>(error.InnerException);
    }

    [Fact]
    public void Auto_falls_back_to_the_cpu_with_a_warning_and_runs()
    {
        string path = TestModels.ChannelMeans(16, "means-auto.onnx");
        var context = new TestPluginContext();
        var component = new InferOnnxComponent();
        component.Initialize(new InferOnnxOptions { Path = path, Provider = OnnxProvider.Auto, Threads = 1 }, context);
        string? problem = CudaProviderCheck.FindProblem();
        if (problem is null)
        {
            Assert.Equal(CudaProviderCheck.ProviderName, component.Instance.Provider.Name);
            Assert.Empty(context.Warnings);
        }
        else
        {
            Assert.Equal(OnnxSessionFactory.CpuProviderName, component.Instance.Provider.Name);
            Assert.Equal(problem, component.Instance.Provider.FallbackReason);
            Assert.Equal([$"infer.onnx: provider auto runs {path} on the CPU: {problem}"], context.Warnings);
        }

        var stage = new EmbedOnnxStage();
        stage.Initialize(new EmbedOnnxOptions { Normalize = false }, context.WithComponent("onnx", component));
        float[] means = stage.Process(TestModels.Sample("a", TestModels.Uniform(16, 16, 255, 0, 128)), default).Get(OnnxFacets.Embedding);
        Assert.Equal(1f, means[0], 5);
        Assert.Equal(-1f, means[1], 5);
        Assert.Equal(0.5f / 127.5f, means[2], 5);
    }

    [Fact]
    public void Cpu_is_the_default_and_never_touches_cuda()
    {
        Assert.Equal(OnnxProvider.Cpu, new InferOnnxOptions { Path = "m.onnx" }.Provider);
        Assert.Equal(OnnxProvider.Cpu, new OnnxSessionSettings().Provider);
        TestPluginContext context = PluginTests.ContextWith(TestModels.ChannelMeans(16, "means-cpu.onnx"), out var component);
        Assert.Equal(new OnnxProviderChoice(OnnxSessionFactory.CpuProviderName, null), component.Instance.Provider);
        Assert.Empty(context.Warnings);
    }

    private static bool CanLoad(string name)
    {
        if (!NativeLibrary.TryLoad(name, out nint handle))
        {
            return false;
        }

        NativeLibrary.Free(handle);
        return true;
    }
}
