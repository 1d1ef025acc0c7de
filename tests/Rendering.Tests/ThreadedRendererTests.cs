using Facebench.Rendering;

namespace Facebench.Rendering.Tests;

/// <summary>Rendering in row bands and pixel slices on several threads gives the single-threaded image and gradients.</summary>
public sealed class ThreadedRendererTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Threads_change_nothing_but_the_summation_order(bool textured)
    {
        TestScene scene = TestScene.Hemisphere(rings: 10, segments: 16, size: 96, textured: textured);
        var single = new DifferentiableRenderer(scene.Mesh, 96, 96);
        var threaded = new DifferentiableRenderer(scene.Mesh, 96, 96) { Threads = 3 };
        scene.Render(single);
        scene.Render(threaded);
        Assert.Equal(single.Image.ToArray(), threaded.Image.ToArray());
        Assert.Equal(single.TriangleAt.ToArray(), threaded.TriangleAt.ToArray());
        Assert.Equal(single.MaskPixels.ToArray(), threaded.MaskPixels.ToArray());

        var check = new GradientCheck(single, seed: 2);
        int t = scene.Texture?.Width ?? 0;
        var a = new RenderGradients(scene.Mesh.VertexCount, t, t);
        var b = new RenderGradients(scene.Mesh.VertexCount, t, t);
        single.Backward(check.PixelGradient, a);
        threaded.Backward(check.PixelGradient, b);
        Close(a.Positions, b.Positions);
        Close(a.VertexAlbedo, b.VertexAlbedo);
        Close(a.Lighting, b.Lighting);
        Close([.. a.Texture.Select(x => (double)x)], [.. b.Texture.Select(x => (double)x)]);
        Close([a.Translation.X, a.Translation.Y, a.Translation.Z, a.Focal, a.Rotation.M01], [b.Translation.X, b.Translation.Y, b.Translation.Z, b.Focal, b.Rotation.M01]);

        // Again, to check that the per-thread sums are cleared between frames.
        threaded.Backward(check.PixelGradient, b);
        Close(a.Positions, b.Positions);
    }

    private static void Close(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        if (expected.Length == 0)
        {
            return;
        }

        double scale = Math.Max(1e-12, expected.Max(Math.Abs));
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-6 * scale, $"[{i}]: {expected[i]} vs {actual[i]}");
        }
    }
}
