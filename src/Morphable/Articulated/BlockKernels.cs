using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Facebench.Morphable.Articulated;

/// <summary>
/// The two products a landmark block needs per evaluation, each one SIMD pass over the block's three rows (x, y, z
/// rows of W values, back to back): <c>(rx·v, ry·v, rz·v)</c> and <c>g += hx·rx + hy·ry + hz·rz</c>. Fusing the three
/// rows shares the loads of v (or g) and saves the call overhead of separate vector-library calls, which for W ≈ 160
/// costs as much as the arithmetic. (Single-precision rows widened on load were measured slower: the widening costs
/// more than the memory traffic it saves at this size.)
/// </summary>
internal static class BlockKernels
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (double X, double Y, double Z) Dot3(ReadOnlySpan<double> rows, ReadOnlySpan<double> v)
    {
        int w = v.Length;
        if ((uint)rows.Length < (uint)(3 * w))
        {
            throw new ArgumentException("The rows are shorter than three times the vector.", nameof(rows));
        }

        ref double rx = ref MemoryMarshal.GetReference(rows);
        ref double ry = ref Unsafe.Add(ref rx, w);
        ref double rz = ref Unsafe.Add(ref rx, 2 * w);
        ref double vv = ref MemoryMarshal.GetReference(v);
        Vector<double> sx = Vector<double>.Zero, sy = Vector<double>.Zero, sz = Vector<double>.Zero;
        int width = Vector<double>.Count, j = 0;
        for (; j <= w - width; j += width)
        {
            var x = Vector.LoadUnsafe(ref vv, (nuint)j);
            sx = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref rx, (nuint)j), x, sx);
            sy = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref ry, (nuint)j), x, sy);
            sz = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref rz, (nuint)j), x, sz);
        }

        double a = Vector.Sum(sx), b = Vector.Sum(sy), c = Vector.Sum(sz);
        for (; j < w; j++)
        {
            double x = Unsafe.Add(ref vv, j);
            a += Unsafe.Add(ref rx, j) * x;
            b += Unsafe.Add(ref ry, j) * x;
            c += Unsafe.Add(ref rz, j) * x;
        }

        return (a, b, c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddTransposed3(ReadOnlySpan<double> rows, double hx, double hy, double hz, Span<double> g)
    {
        int w = g.Length;
        if ((uint)rows.Length < (uint)(3 * w))
        {
            throw new ArgumentException("The rows are shorter than three times the gradient.", nameof(rows));
        }

        ref double rx = ref MemoryMarshal.GetReference(rows);
        ref double ry = ref Unsafe.Add(ref rx, w);
        ref double rz = ref Unsafe.Add(ref rx, 2 * w);
        ref double gg = ref MemoryMarshal.GetReference(g);
        var vx = new Vector<double>(hx);
        var vy = new Vector<double>(hy);
        var vz = new Vector<double>(hz);
        int width = Vector<double>.Count, j = 0;
        for (; j <= w - width; j += width)
        {
            var acc = Vector.LoadUnsafe(ref gg, (nuint)j);
            acc = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref rx, (nuint)j), vx, acc);
            acc = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref ry, (nuint)j), vy, acc);
            acc = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref rz, (nuint)j), vz, acc);
            acc.StoreUnsafe(ref gg, (nuint)j);
        }

        for (; j < w; j++)
        {
            Unsafe.Add(ref gg, j) += (Unsafe.Add(ref rx, j) * hx) + (Unsafe.Add(ref ry, j) * hy) + (Unsafe.Add(ref rz, j) * hz);
        }
    }
}
