using System.Runtime.CompilerServices;

namespace Facebench.Rendering;

/// <summary>
/// An RGB texture in floats (interleaved, row-major, top row first) addressed by texture coordinates (u, v) in
/// [0, 1] with v up, as OBJ, FLAME and BFM UV maps are: texel (i, j) has its centre at
/// <c>u = (i + ½)/W, v = 1 − (j + ½)/H</c>, so the continuous texel position of (u, v) is
/// <c>x = u·W − ½, y = (1 − v)·H − ½</c>. Sampling is bilinear with the border texels repeated outside; the
/// derivative of a sample with respect to (u, v) is the bilinear interpolant's (zero where the position is clamped).
/// </summary>
public sealed class TextureImage
{
    /// <summary>Creates a texture of the given size, all zero.</summary>
    public TextureImage(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 2);
        Width = width;
        Height = height;
        Texels = new float[width * height * 3];
    }

    /// <summary>Width W in texels.</summary>
    public int Width { get; }

    /// <summary>Height H in texels.</summary>
    public int Height { get; }

    /// <summary>RGB values, <c>3·(j·W + i) + c</c>.</summary>
    public float[] Texels { get; }

    /// <summary>Bilinear sample at (u, v) into <paramref name="rgb"/> (3 values).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Sample(double u, double v, Span<double> rgb)
    {
        Locate(u, v, out int i0, out int j0, out double fx, out double fy, out _, out _);
        float[] t = Texels;
        int a = 3 * ((j0 * Width) + i0), b = a + 3, c = a + (3 * Width), d = c + 3;
        for (int k = 0; k < 3; k++)
        {
            double top = t[a + k] + (fx * (t[b + k] - t[a + k]));
            double bottom = t[c + k] + (fx * (t[d + k] - t[c + k]));
            rgb[k] = top + (fy * (bottom - top));
        }
    }

    /// <summary>Bilinear sample at (u, v) and its derivatives with respect to u and v (3 values each).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Sample(double u, double v, Span<double> rgb, Span<double> dU, Span<double> dV)
    {
        Locate(u, v, out int i0, out int j0, out double fx, out double fy, out double dxdu, out double dydv);
        float[] t = Texels;
        int a = 3 * ((j0 * Width) + i0), b = a + 3, c = a + (3 * Width), d = c + 3;
        for (int k = 0; k < 3; k++)
        {
            double ta = t[a + k], tb = t[b + k], tc = t[c + k], td = t[d + k];
            double top = ta + (fx * (tb - ta));
            double bottom = tc + (fx * (td - tc));
            rgb[k] = top + (fy * (bottom - top));
            double ddx = (tb - ta) + (fy * ((td - tc) - (tb - ta)));
            dU[k] = ddx * dxdu;
            dV[k] = (bottom - top) * dydv;
        }
    }

    /// <summary>Adds the transpose of a bilinear sample at (u, v): gradient (gr, gg, gb) spread over its four texels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Scatter(double u, double v, double gr, double gg, double gb, float[] gradient)
    {
        Locate(u, v, out int i0, out int j0, out double fx, out double fy, out _, out _);
        int a = 3 * ((j0 * Width) + i0), b = a + 3, c = a + (3 * Width), d = c + 3;
        double wa = (1 - fx) * (1 - fy), wb = fx * (1 - fy), wc = (1 - fx) * fy, wd = fx * fy;
        gradient[a] += (float)(wa * gr); gradient[a + 1] += (float)(wa * gg); gradient[a + 2] += (float)(wa * gb);
        gradient[b] += (float)(wb * gr); gradient[b + 1] += (float)(wb * gg); gradient[b + 2] += (float)(wb * gb);
        gradient[c] += (float)(wc * gr); gradient[c + 1] += (float)(wc * gg); gradient[c + 2] += (float)(wc * gb);
        gradient[d] += (float)(wd * gr); gradient[d + 1] += (float)(wd * gg); gradient[d + 2] += (float)(wd * gb);
    }

    /// <summary>
    /// The four texels a bilinear sample at (u, v) reads (offsets of their red values in <see cref="Texels"/>, i.e.
    /// 3·texel index) and their weights: top-left, top-right, bottom-left, bottom-right.
    /// </summary>
    public (int A, int B, int C, int D, double Wa, double Wb, double Wc, double Wd) Taps(double u, double v)
    {
        Locate(u, v, out int i0, out int j0, out double fx, out double fy, out _, out _);
        int a = 3 * ((j0 * Width) + i0);
        return (a, a + 3, a + (3 * Width), a + (3 * Width) + 3, (1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy);
    }

    /// <summary>
    /// The bilinear cell of (u, v): its top-left texel (i0, j0) (so i0 + 1 and j0 + 1 exist), the fractions, and
    /// ∂x/∂u, ∂y/∂v (W and −H, or zero where the position was clamped to the border).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Locate(double u, double v, out int i0, out int j0, out double fx, out double fy, out double dxdu, out double dydv)
    {
        double x = (u * Width) - 0.5, y = ((1 - v) * Height) - 0.5;
        dxdu = Width;
        dydv = -Height;
        if (!(x > 0))
        {
            x = 0;
            dxdu = 0;
        }
        else if (x > Width - 1)
        {
            x = Width - 1;
            dxdu = 0;
        }

        if (!(y > 0))
        {
            y = 0;
            dydv = 0;
        }
        else if (y > Height - 1)
        {
            y = Height - 1;
            dydv = 0;
        }

        i0 = Math.Min((int)x, Width - 2);
        j0 = Math.Min((int)y, Height - 2);
        fx = x - i0;
        fy = y - j0;
    }
}
