using Facebench.Annotations;
using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Imaging;
using Facebench.Onnx.Format;
using Facebench.Testing;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;
using static Facebench.Onnx.Gradients.Tests.GradientCheck;

namespace Facebench.Onnx.Gradients.Tests;

/// <summary>
/// The backward model of the whole faceplugin identity network (opset 9, upgraded; Conv, PRelu, Add, Reshape) against
/// central finite differences on a real face. The network is piecewise linear with very many kinks, and a white-noise
/// direction over all 37,632 inputs nearly cancels (its derivative is ~0.2 % of |∇|·|v|, below the finite difference's kink noise), so the checks use the
/// directions where a finite difference is informative: along the gradient itself (the derivative there is |∇|) and
/// random directions on small image patches.
/// </summary>
public sealed class NetworkGradientTests(ITestOutputHelper output)
{
    private const int Side = 112;

    [FacePluginFact]
    public void Identity_network_gradient_matches_central_differences_on_a_real_face()
    {
        OnnxGraph graph = OnnxGraph.ReadFile(FacePluginModels.Feature);
        output.WriteLine($"opset {graph.DefaultOpset}, {graph.Nodes.Count} nodes: {string.Join(", ", graph.Nodes.GroupBy(n => n.OpType).Select(g => $"{g.Key} ×{g.Count()}"))}");
        string input = graph.Inputs[0].Name, embedding = graph.Outputs[0].Name;
        float[] face = FaceCrop(RepositoryPaths.Shared("data", "lfpw-sample", "image_0010.png"), RepositoryPaths.Shared("data", "lfpw-sample", "image_0010.pts"));
        long[] shape = [1, 3, Side, Side];
        using var backward = new GradientSession(graph, new GradientRequest([embedding], [input], new Dictionary<string, long[]> { [input] = shape }));
        using InferenceSession forward = OnnxSessionFactory.Create(File.ReadAllBytes(FacePluginModels.Feature), "fr_feature", new OnnxSessionSettings(), out _);
        var random = new Random(3);
        float[] upstream = RandomValues(random, 512);
        float[] gradient = backward.Run(new Dictionary<string, float[]> { [input] = face }, new Dictionary<string, float[]> { [embedding] = upstream })[GradientRequest.GradientName(input)];
        double norm = Math.Sqrt(gradient.Sum(g => (double)g * g));
        double Directional(float[] direction, float h) =>
            (Loss(forward, input, embedding, face, direction, h, upstream) - Loss(forward, input, embedding, face, direction, -h, upstream)) / (2 * h);

        float[] along = gradient.Select(g => (float)(g / norm)).ToArray();
        double numeric = Directional(along, 3e-3f);
        output.WriteLine($"along the gradient: |∇| {norm:G6}, finite difference {numeric:G6}");
        Assert.True(Math.Abs(numeric - norm) < 1e-2 * norm, $"along the gradient the finite difference is {numeric}, the gradient's norm {norm}");

        for (int d = 0; d < 4; d++)
        {
            float[] direction = PatchDirection(random, size: 6);
            double analytic = gradient.Select((g, i) => (double)g * direction[i]).Sum();
            numeric = Directional(direction, 3e-3f);
            output.WriteLine($"patch direction {d}: analytic {analytic:G6}, finite difference {numeric:G6}");
            Assert.True(Math.Abs(numeric - analytic) < (0.05 * Math.Abs(numeric)) + (2e-4 * norm), $"patch direction {d}: analytic {analytic}, finite difference {numeric}");
        }
    }

    /// <summary>The face's landmark bounding box, squared and widened by 10 %, resampled to 112×112 and normalised as fr_feature expects.</summary>
    internal static float[] FaceCrop(string imagePath, string ptsPath)
    {
        ImageBuffer image = ImageCodec.Load(imagePath);
        Point2[] points = PtsFile.Read(ptsPath);
        double left = points.Min(p => p.X), right = points.Max(p => p.X), top = points.Min(p => p.Y), bottom = points.Max(p => p.Y);
        double size = 1.1 * Math.Max(right - left, bottom - top), cx = (left + right) / 2, cy = (top + bottom) / 2;
        var planes = new float[3 * Side * Side];
        for (int y = 0; y < Side; y++)
        {
            for (int x = 0; x < Side; x++)
            {
                double sx = cx + ((((x + 0.5) / Side) - 0.5) * size), sy = cy + ((((y + 0.5) / Side) - 0.5) * size);
                for (int c = 0; c < 3; c++)
                {
                    planes[(c * Side * Side) + (y * Side) + x] = (float)((Bilinear.Sample(image, sx, sy, Math.Min(c, image.Channels - 1)) - 127.5) / 128);
                }
            }
        }

        return planes;
    }

    /// <summary>A unit direction of random values on a random size×size patch of all three channels, zero elsewhere.</summary>
    private static float[] PatchDirection(Random random, int size)
    {
        var direction = new float[3 * Side * Side];
        int x0 = random.Next(20, Side - 20 - size), y0 = random.Next(20, Side - 20 - size);
        for (int c = 0; c < 3; c++)
        {
            for (int y = y0; y < y0 + size; y++)
            {
                for (int x = x0; x < x0 + size; x++)
                {
                    direction[(c * Side * Side) + (y * Side) + x] = (float)((2 * random.NextDouble()) - 1);
                }
            }
        }

        double norm = Math.Sqrt(direction.Sum(v => (double)v * v));
        return direction.Select(v => (float)(v / norm)).ToArray();
    }

    private static double Loss(InferenceSession forward, string input, string output, float[] x, float[] direction, float h, float[] upstream)
    {
        float[] shifted = x.Select((v, i) => v + (h * direction[i])).ToArray();
        float[] y = Forward(forward, new Dictionary<string, Value> { [input] = new(shifted, [1, 3, Side, Side]) }, output);
        return y.Select((v, i) => (double)v * upstream[i]).Sum();
    }
}
