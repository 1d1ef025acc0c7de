using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Facebench.Fitting.Articulated;

/// <summary>
/// The dense kernels of the Gauss–Newton preconditioner at the articulated fitter's size (n ≈ 160 variables, 136
/// residuals): the Gram matrix <c>H = A·Aᵀ</c> of the (scaled) transposed Jacobian and its Cholesky factor (Golub
/// &amp; Van Loan 2013, "Matrix Computations", 4th ed., Algorithm 4.2.1, row-oriented). Both run in single precision
/// on a Jacobi-scaled matrix (unit diagonal, so the conditioning that single precision sees is that of the
/// correlation structure, not of the units): a preconditioner only has to be close to the Hessian, any non-singular
/// factor gives an exact change of variables, and eight-wide vectors halve the cost. Both compute four entries per
/// pass (<see cref="Dot4"/>), sharing the loads of the common row.
/// </summary>
internal static class GramCholesky
{
    /// <summary>Lower and upper triangle of <c>H = A·Aᵀ</c>, A row-major n × m with row stride <paramref name="stride"/>.</summary>
    public static void Gram(ReadOnlySpan<float> a, int n, int m, int stride, Span<float> h)
    {
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> ai = a.Slice(i * stride, m);
            int j = 0;
            for (; j + 3 <= i; j += 4)
            {
                (float d0, float d1, float d2, float d3) = Dot4(ai, a.Slice(j * stride, m), a.Slice((j + 1) * stride, m), a.Slice((j + 2) * stride, m), a.Slice((j + 3) * stride, m), m);
                Set(h, n, i, j, d0);
                Set(h, n, i, j + 1, d1);
                Set(h, n, i, j + 2, d2);
                Set(h, n, i, j + 3, d3);
            }

            for (; j <= i; j++)
            {
                Set(h, n, i, j, Dot(ai, a.Slice(j * stride, m), m));
            }
        }
    }

    /// <summary>
    /// The Cholesky factor L (lower, row-major with row stride <paramref name="stride"/>) of H + ridge·I; false when a
    /// pivot is not positive (H not numerically positive definite).
    /// </summary>
    public static bool Factor(ReadOnlySpan<float> h, int n, float ridge, Span<float> lower, int stride)
    {
        for (int i = 0; i < n; i++)
        {
            Span<float> li = lower.Slice(i * stride, n);
            int j = 0;
            for (; j + 3 < i; j += 4)
            {
                // Dots over the common prefix k < j, then the dependent tail terms in order.
                ReadOnlySpan<float> l0 = lower.Slice(j * stride, n), l1 = lower.Slice((j + 1) * stride, n), l2 = lower.Slice((j + 2) * stride, n), l3 = lower.Slice((j + 3) * stride, n);
                (float d0, float d1, float d2, float d3) = Dot4(li, l0, l1, l2, l3, j);
                li[j] = (h[(i * n) + j] - d0) / l0[j];
                d1 += li[j] * l1[j];
                li[j + 1] = (h[(i * n) + j + 1] - d1) / l1[j + 1];
                d2 += (li[j] * l2[j]) + (li[j + 1] * l2[j + 1]);
                li[j + 2] = (h[(i * n) + j + 2] - d2) / l2[j + 2];
                d3 += (li[j] * l3[j]) + (li[j + 1] * l3[j + 1]) + (li[j + 2] * l3[j + 2]);
                li[j + 3] = (h[(i * n) + j + 3] - d3) / l3[j + 3];
            }

            for (; j < i; j++)
            {
                li[j] = (h[(i * n) + j] - Dot(li, lower.Slice(j * stride, n), j)) / lower[(j * stride) + j];
            }

            float pivot = h[(i * n) + i] + ridge - Dot(li, li, i);
            if (!(pivot > 0) || !float.IsFinite(pivot))
            {
                return false;
            }

            li[i] = MathF.Sqrt(pivot);
        }

        return true;
    }

    private static void Set(Span<float> h, int n, int i, int j, float v)
    {
        h[(i * n) + j] = v;
        h[(j * n) + i] = v;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int length)
    {
        if (x.Length < length || y.Length < length)
        {
            throw new ArgumentException("The rows are shorter than the dot-product length.");
        }

        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        var s = Vector<float>.Zero;
        int w = Vector<float>.Count, k = 0;
        for (; k <= length - w; k += w)
        {
            s = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref xr, (nuint)k), Vector.LoadUnsafe(ref yr, (nuint)k), s);
        }

        float sum = Vector.Sum(s);
        for (; k < length; k++)
        {
            sum += Unsafe.Add(ref xr, k) * Unsafe.Add(ref yr, k);
        }

        return sum;
    }

    /// <summary>Four dot products of x with y0..y3 over the first <paramref name="length"/> elements, sharing the loads of x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (float, float, float, float) Dot4(ReadOnlySpan<float> x, ReadOnlySpan<float> y0, ReadOnlySpan<float> y1, ReadOnlySpan<float> y2, ReadOnlySpan<float> y3, int length)
    {
        if (x.Length < length || y0.Length < length || y1.Length < length || y2.Length < length || y3.Length < length)
        {
            throw new ArgumentException("The rows are shorter than the dot-product length.");
        }

        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float r0 = ref MemoryMarshal.GetReference(y0);
        ref float r1 = ref MemoryMarshal.GetReference(y1);
        ref float r2 = ref MemoryMarshal.GetReference(y2);
        ref float r3 = ref MemoryMarshal.GetReference(y3);
        Vector<float> s0 = Vector<float>.Zero, s1 = Vector<float>.Zero, s2 = Vector<float>.Zero, s3 = Vector<float>.Zero;
        int w = Vector<float>.Count, k = 0;
        for (; k <= length - w; k += w)
        {
            var v = Vector.LoadUnsafe(ref xr, (nuint)k);
            s0 = Vector.FusedMultiplyAdd(v, Vector.LoadUnsafe(ref r0, (nuint)k), s0);
            s1 = Vector.FusedMultiplyAdd(v, Vector.LoadUnsafe(ref r1, (nuint)k), s1);
            s2 = Vector.FusedMultiplyAdd(v, Vector.LoadUnsafe(ref r2, (nuint)k), s2);
            s3 = Vector.FusedMultiplyAdd(v, Vector.LoadUnsafe(ref r3, (nuint)k), s3);
        }

        float d0 = Vector.Sum(s0), d1 = Vector.Sum(s1), d2 = Vector.Sum(s2), d3 = Vector.Sum(s3);
        for (; k < length; k++)
        {
            float v = Unsafe.Add(ref xr, k);
            d0 += v * Unsafe.Add(ref r0, k);
            d1 += v * Unsafe.Add(ref r1, k);
            d2 += v * Unsafe.Add(ref r2, k);
            d3 += v * Unsafe.Add(ref r3, k);
        }

        return (d0, d1, d2, d3);
    }
}
