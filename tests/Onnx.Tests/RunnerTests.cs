using Facebench.Contracts.Imaging;
using Facebench.Plugins.Onnx.Inference;
using Facebench.Plugins.Onnx.Inference.Embedding;
using Facebench.Plugins.Onnx.Inference.Preprocessing;
using Facebench.Testing;

namespace Facebench.Onnx.Tests;

/// <summary><see cref="ImageModelRunner"/>: bound buffers, no managed allocation per run, one shared session.</summary>
public sealed class RunnerTests
{
    [Fact]
    public void The_stage_runner_allocates_nothing_per_run_after_warm_up()
    {
        PluginTests.ContextWith(TestModels.ChannelMeans(16, "means-alloc.onnx"), out var component);
        using var runner = new ImageModelRunner(component.Instance, new EmbedOnnxOptions { BatchSize = 4 }, [""], "embed.onnx");
        ImageBuffer image = TestModels.Uniform(16, 16, 1, 2, 3);
        var crop = CropTransform.For(null, image.Size, 16, 16, 1, 0, 0, true);
        for (int i = 0; i < 4; i++)
        {
            runner.WriteInput(i, image, crop);
        }

        runner.Run(4);
        runner.Run(3);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++)
        {
            runner.WriteInput(i % 4, image, crop);
            runner.Run(4 - (i % 2));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        // The bound output really is rewritten in place: the channel means of the last input.
        float[] means = runner.Output(0, 2).ToArray();
        for (int c = 0; c < 3; c++)
        {
            Assert.Equal((c + 1 - 127.5f) / 127.5f, means[c], 5);
        }
    }

    [Fact]
    public void Runners_on_many_threads_share_one_session()
    {
        PluginTests.ContextWith(TestModels.ChannelMeans(8, "means-threads.onnx"), out var component);
        int wrong = 0;
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, thread =>
        {
            using var runner = new ImageModelRunner(component.Instance, new EmbedOnnxOptions { BatchSize = 2 }, [""], "embed.onnx");
            for (int i = 0; i < 100; i++)
            {
                byte level = (byte)((thread * 25) + i);
                ImageBuffer image = TestModels.Uniform(8, 8, level, (byte)(255 - level), 7);
                runner.WriteInput(0, image, CropTransform.For(null, image.Size, 8, 8, 1, 0, 0, true));
                runner.Run(1);
                ReadOnlySpan<float> means = runner.Output(0, 0);
                if (Math.Abs(means[0] - ((level - 127.5f) / 127.5f)) > 1e-5 || Math.Abs(means[1] - ((255 - level - 127.5f) / 127.5f)) > 1e-5)
                {
                    Interlocked.Increment(ref wrong);
                }
            }
        });
        Assert.Equal(0, wrong);
    }
}
