namespace Facebench.Rendering.Tests;

/// <summary>Baking per-vertex colours into a uv image.</summary>
public sealed class UvTextureBakerTests
{
    /// <summary>
    /// A unit square of two triangles whose red channel is u and green is v: barycentric interpolation reproduces a
    /// linear function exactly, so every texel holds its own centre's uv, with row 0 at v = 1.
    /// </summary>
    [Fact]
    public void A_linear_colour_field_is_reproduced_at_every_texel()
    {
        float[] uv = [0, 0, 1, 0, 1, 1, 0, 1];
        float[] colours = [0, 0, 0.5f, 1, 0, 0.5f, 1, 1, 0.5f, 0, 1, 0.5f];
        int[] triangles = [0, 1, 2, 0, 2, 3];
        const int size = 16;
        double[] image = UvTextureBaker.Bake(uv, triangles, colours, size, out bool[] covered);
        Assert.All(covered, Assert.True);
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                int p = (y * size) + x;
                Assert.Equal((x + 0.5) / size, image[3 * p], 6);
                Assert.Equal(1 - ((y + 0.5) / size), image[(3 * p) + 1], 6);
                Assert.Equal(0.5, image[(3 * p) + 2], 6);
            }
        }
    }

    [Fact]
    public void Texels_outside_every_triangle_stay_uncovered_and_black()
    {
        float[] uv = [0, 0, 0.5f, 0, 0, 0.5f];
        float[] colours = [1, 1, 1, 1, 1, 1, 1, 1, 1];
        double[] image = UvTextureBaker.Bake(uv, [0, 1, 2], colours, 8, out bool[] covered);
        int top = 0, bottom = (7 * 8) + 0;
        Assert.False(covered[top]);
        Assert.Equal(0, image[3 * top]);
        Assert.True(covered[bottom]);
        Assert.Equal(1, image[3 * bottom], 9);
        Assert.False(covered[(8 * 8) - 1]);
    }

    [Fact]
    public void Mismatched_inputs_are_refused()
    {
        Assert.Throws<ArgumentException>(() => UvTextureBaker.Bake([0, 0], [0, 0, 0], [1, 1], 4, out _));
        Assert.Throws<ArgumentException>(() => UvTextureBaker.Bake([0, 0, 1, 0, 0, 1], [0, 1, 5], [1, 1, 1, 1, 1, 1, 1, 1, 1], 4, out _));
    }
}
