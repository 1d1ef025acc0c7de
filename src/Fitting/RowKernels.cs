using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Facebench.Fitting;

/// <summary>
/// The two products the fitter does per model point and evaluation, each fused into one SIMD pass over the K
/// columns of a point's three basis rows (x, y, z contiguous, row-major): the forward <c>p = m + B·c</c> (three dot
/// products sharing the loads of c) and the transposed <c>g_c += Bᵀ·g_p</c> (three axpys sharing the loads and
/// stores of g_c). Separate library calls per row cost more in call overhead and memory traffic than the arithmetic
/// for K ≈ 70, which is why these are hand-fused. <see cref="Vector{T}"/> picks the machine's width (4 or 8 doubles).
/// </summary>
internal static class RowKernels
{
    /// <summary><c>xyz = mean + [Bx; By; Bz]·c</c>, where rows holds Bx, By, Bz (K each) back to back and c has K values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Evaluate(ReadOnlySpan<double> mean, ReadOnlySpan<double> rows, ReadOnlySpan<double> c, Span<double> xyz)
    {
        int k = c.Length;
        ref double bx = ref MemoryMarshal.GetReference(rows);
        ref double by = ref Unsafe.Add(ref bx, k);
        ref double bz = ref Unsafe.Add(ref bx, 2 * k);
        ref double cc = ref MemoryMarshal.GetReference(c);
        if ((uint)rows.Length < (uint)(3 * k))
        {
            throw new ArgumentException("The rows are shorter than three times the coefficient count.", nameof(rows));
        }

        var sx = Vector<double>.Zero;
        var sy = Vector<double>.Zero;
        var sz = Vector<double>.Zero;
        int width = Vector<double>.Count;
        int j = 0;
        for (; j <= k - width; j += width)
        {
            var cv = Vector.LoadUnsafe(ref cc, (nuint)j);
            sx = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref bx, (nuint)j), cv, sx);
            sy = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref by, (nuint)j), cv, sy);
            sz = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref bz, (nuint)j), cv, sz);
        }

        double x = Vector.Sum(sx), y = Vector.Sum(sy), z = Vector.Sum(sz);
        for (; j < k; j++)
        {
            double cj = Unsafe.Add(ref cc, j);
            x += Unsafe.Add(ref bx, j) * cj;
            y += Unsafe.Add(ref by, j) * cj;
            z += Unsafe.Add(ref bz, j) * cj;
        }

        xyz[0] = mean[0] + x;
        xyz[1] = mean[1] + y;
        xyz[2] = mean[2] + z;
    }

    /// <summary><c>g += gx·Bx + gy·By + gz·Bz</c> (the transpose of <see cref="Evaluate"/>), g of length K.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddTransposed(ReadOnlySpan<double> rows, double gx, double gy, double gz, Span<double> g)
    {
        int k = g.Length;
        if ((uint)rows.Length < (uint)(3 * k))
        {
            throw new ArgumentException("The rows are shorter than three times the gradient length.", nameof(rows));
        }

        ref double bx = ref MemoryMarshal.GetReference(rows);
        ref double by = ref Unsafe.Add(ref bx, k);
        ref double bz = ref Unsafe.Add(ref bx, 2 * k);
        ref double gg = ref MemoryMarshal.GetReference(g);
        var vx = new Vector<double>(gx);
        var vy = new Vector<double>(gy);
        var vz = new Vector<double>(gz);
        int width = Vector<double>.Count;
        int j = 0;
        for (; j <= k - width; j += width)
        {
            var acc = Vector.LoadUnsafe(ref gg, (nuint)j);
            acc = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref bx, (nuint)j), vx, acc);
            acc = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref by, (nuint)j), vy, acc);
            acc = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref bz, (nuint)j), vz, acc);
            acc.StoreUnsafe(ref gg, (nuint)j);
        }

        for (; j < k; j++)
        {
            Unsafe.Add(ref gg, j) += (Unsafe.Add(ref bx, j) * gx) + (Unsafe.Add(ref by, j) * gy) + (Unsafe.Add(ref bz, j) * gz);
        }
    }
}
