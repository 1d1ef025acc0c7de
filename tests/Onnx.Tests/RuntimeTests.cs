using Facebench.Testing;

namespace Facebench.Onnx.Tests;

public sealed class RuntimeTests
{
    [AssetFact]
    public void Runs_with_reused_buffers_allocate_nothing_after_warm_up()
    {
        using var session = new InferenceSession(SessionTests.AffineModel(batch: 8), modelName: "affine.onnx");
        var input = new float[32];
        var output = new float[32];
        using OrtValue x = OrtValue.CreateTensorValueFromMemory(input, [8, 4]);
        using OrtValue y = OrtValue.CreateTensorValueFromMemory(output, [8, 4]);
        string[] inputNames = ["x"], outputNames = ["y"];
        OrtValue[] inputs = [x], outputs = [y];
        for (int i = 0; i < 20; i++)
        {
            session.Run(null, inputNames, inputs, outputNames, outputs);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            input[i % 32] = i;
            session.Run(null, inputNames, inputs, outputNames, outputs);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal((2 * input[7]) + 1, output[7]);
    }

    [AssetFact]
    public void The_stage_runner_allocates_nothing_per_run_after_warm_up()
    {
        TestPluginContext context = PluginTests.ContextWith(TestModels.ChannelMeans(16, "means-alloc.onnx"), out var component);
        var runner = new Plugins.Onnx.Inference.ImageModelRunner(component.Instance, new Plugins.Onnx.Inference.Embedding.EmbedOnnxOptions { BatchSize = 4 }, [""], "embed.onnx");
        Contracts.Imaging.ImageBuffer image = TestModels.Uniform(16, 16, 1, 2, 3);
        var crop = Plugins.Onnx.Inference.Preprocessing.CropTransform.For(null, image.Size, 16, 16, 1, 0, 0, true);
        for (int i = 0; i < 4; i++)
        {
            runner.WriteInput(i, image, crop);
        }

        runner.Run(4);
        runner.Run(4);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++)
        {
            runner.WriteInput(i % 4, image, crop);
            runner.Run(4);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [AssetFact]
    public void One_session_runs_concurrently_from_many_threads()
    {
        using var session = new InferenceSession(SessionTests.AffineModel(), modelName: "affine.onnx");
        int failures = 0;
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, thread =>
        {
            var input = new float[4];
            var output = new float[4];
            using OrtValue x = OrtValue.CreateTensorValueFromMemory(input, [1, 4]);
            using OrtValue y = OrtValue.CreateTensorValueFromMemory(output, [1, 4]);
            for (int i = 0; i < 300; i++)
            {
                for (int k = 0; k < 4; k++)
                {
                    input[k] = (thread * 1000) + i + k;
                }

                session.Run(null, ["x"], [x], ["y"], [y]);
                for (int k = 0; k < 4; k++)
                {
                    if (output[k] != (2 * input[k]) + 1)
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
            }
        });
        Assert.Equal(0, failures);
    }

    [AssetFact]
    public void Disposed_values_and_sessions_fail_cleanly()
    {
        var session = new InferenceSession(SessionTests.AffineModel(), modelName: "affine.onnx");
        OrtValue x = OrtValue.CreateTensorValueFromMemory(new float[4], [1, 4]);
        x.Dispose();
        Assert.Throws<ObjectDisposedException>(() => session.Run(null, ["x"], [x], ["y"]).Dispose());
        session.Dispose();
        using OrtValue live = OrtValue.CreateTensorValueFromMemory(new float[4], [1, 4]);
        Assert.Throws<ObjectDisposedException>(() => session.Run(null, ["x"], [live], ["y"]).Dispose());
    }

    [AssetFact]
    public void Cuda_opt_in_on_a_cpu_build_is_a_clear_error()
    {
        using var options = new SessionOptions();
        var e = Assert.Throws<OrtException>(() => options.AppendExecutionProvider_CUDA());
        Assert.Contains("CUDA", e.Message);
        Assert.Contains(OrtLibrary.Instance.Path, e.Message);
    }

    [AssetFact]
    public void Library_lookup_order_and_one_library_per_process()
    {
        IReadOnlyList<OrtLibraryCandidate> candidates = OrtLibrary.Candidates("/opt/ort/libonnxruntime.so.1", "/env/libonnxruntime.so.1");
        Assert.Equal("option", candidates[0].Source);
        Assert.Equal(OrtLibrary.EnvironmentVariable, candidates[1].Source);
        int tools = candidates.ToList().FindIndex(c => c.Source == "tools/onnxruntime");
        int system = candidates.ToList().FindIndex(c => c.IsSystemName);
        Assert.True(tools > 1 && system > tools, string.Join("; ", candidates));

        string other = Path.Combine(TestModels.Folder, "libonnxruntime.so.1");
        var e = Assert.Throws<InvalidOperationException>(() => OrtLibrary.Load(other));
        Assert.Contains("already loaded", e.Message);
        Assert.Same(OrtLibrary.Instance, OrtLibrary.Load(OrtLibrary.Instance.Path));
    }

    [Fact]
    public void The_not_found_message_says_how_to_install()
    {
        Assert.Contains("./build.sh --target=assets", OrtLibrary.InstallHint);
        Assert.Contains(OrtLibrary.EnvironmentVariable, OrtLibrary.InstallHint);
    }
}
