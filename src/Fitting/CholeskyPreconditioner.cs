using System.Numerics.Tensors;

namespace Facebench.Fitting;

/// <summary>
/// A fixed linear change of variables <c>x = x_ref + L⁻ᵀ·z</c> from the Cholesky factor of a symmetric
/// positive-definite matrix H = L·Lᵀ (typically a Gauss–Newton Hessian): in z the quadratic model of the objective
/// has Hessian <c>L⁻¹·H·L⁻ᵀ = I</c>, which is what L-BFGS's initial matrix H₀ = γI assumes. It is equivalent to
/// running L-BFGS with H₀ = H⁻¹ (Nocedal &amp; Wright 2006, §7.2, "any H₀ may be used"; a fixed preconditioner as in
/// preconditioned quasi-Newton methods). Gradients transform as <c>∇_z = L⁻¹·∇_x</c>. Allocation-free after
/// construction; the factor is stored both row-major (L) and transposed (Lᵀ) so that both triangular solves run
/// as contiguous dot products.
/// </summary>
public sealed class CholeskyPreconditioner
{
    private readonly int _capacity;
    private readonly double[] _lower;   // L, row-major, n × capacity
    private readonly double[] _upper;   // Lᵀ, row-major
    private readonly double[] _reference;
    private int _n;

    /// <summary>Creates a preconditioner for up to <paramref name="capacity"/> variables.</summary>
    public CholeskyPreconditioner(int capacity)
    {
        _capacity = capacity;
        _lower = new double[capacity * capacity];
        _upper = new double[capacity * capacity];
        _reference = new double[capacity];
    }

    /// <summary>Number of variables of the current factor.</summary>
    public int Dimension => _n;

    /// <summary>
    /// Factors H (row-major n × n, lower triangle read) and sets the reference point. If H is not numerically
    /// positive definite, a ridge μ·I is added (μ growing from 1e-10·max diag) until it is: the result is still
    /// a valid preconditioner, only a less exact one.
    /// </summary>
    /// <param name="hessian">Symmetric matrix, row-major with row stride <paramref name="n"/>.</param>
    /// <param name="n">Dimension.</param>
    /// <param name="reference">x_ref, where z = 0 maps.</param>
    public void Factor(ReadOnlySpan<double> hessian, int n, ReadOnlySpan<double> reference)
    {
        _n = n;
        reference[..n].CopyTo(_reference);
        double maxDiagonal = 0;
        for (int i = 0; i < n; i++)
        {
            maxDiagonal = Math.Max(maxDiagonal, hessian[(i * n) + i]);
        }

        double ridge = 0;
        for (int attempt = 0; attempt < 20; attempt++)
        {
            if (TryFactor(hessian, n, ridge))
            {
                return;
            }

            ridge = ridge == 0 ? 1e-10 * Math.Max(maxDiagonal, 1e-300) : ridge * 100;
        }

        // Hopeless (non-finite entries): no preconditioning.
        SetIdentity(n);
        reference[..n].CopyTo(_reference);
    }

    /// <summary>
    /// The Gauss–Newton matrix <c>H = scale·JᵀJ</c> (row-major n × n, both triangles written) from Jᵀ stored one
    /// variable per row: row a holds ∂r/∂x_a for the <paramref name="residuals"/> residuals, rows
    /// <paramref name="stride"/> values apart. One dot product of two contiguous rows per entry of the lower triangle.
    /// </summary>
    public static void GaussNewton(ReadOnlySpan<double> jacobianT, int n, int stride, int residuals, double scale, Span<double> hessian)
    {
        for (int a = 0; a < n; a++)
        {
            ReadOnlySpan<double> ja = jacobianT.Slice(a * stride, residuals);
            for (int b = 0; b <= a; b++)
            {
                double v = scale * TensorPrimitives.Dot(ja, jacobianT.Slice(b * stride, residuals));
                hessian[(a * n) + b] = v;
                hessian[(b * n) + a] = v;
            }
        }
    }

    /// <summary>No preconditioning: L = I and x_ref = 0, so x = z.</summary>
    public void SetIdentity(int n)
    {
        _n = n;
        _lower.AsSpan().Clear();
        _upper.AsSpan().Clear();
        _reference.AsSpan().Clear();
        for (int i = 0; i < n; i++)
        {
            _lower[(i * _capacity) + i] = 1;
            _upper[(i * _capacity) + i] = 1;
        }
    }

    /// <summary>x = x_ref + L⁻ᵀ·z (back substitution with Lᵀ).</summary>
    public void ToNatural(ReadOnlySpan<double> z, Span<double> x)
    {
        int n = _n;
        for (int i = n - 1; i >= 0; i--)
        {
            ReadOnlySpan<double> row = _upper.AsSpan((i * _capacity) + i + 1, n - i - 1);
            double sum = z[i] - TensorPrimitives.Dot(row, x.Slice(i + 1, n - i - 1));
            x[i] = sum / _upper[(i * _capacity) + i];
        }

        // x currently holds L⁻ᵀ·z; add the reference.
        TensorPrimitives.Add(x[..n], _reference.AsSpan(0, n), x[..n]);
    }

    /// <summary>
    /// ∇_z = L⁻¹·∇_x, in place (forward substitution). Note: <see cref="ToNatural"/> needs the offset x − x_ref, so it
    /// adds the reference only after the solve, which is why the two solves are written separately.
    /// </summary>
    public void GradientToPreconditioned(Span<double> gradient)
    {
        int n = _n;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> row = _lower.AsSpan(i * _capacity, i);
            gradient[i] = (gradient[i] - TensorPrimitives.Dot(row, gradient[..i])) / _lower[(i * _capacity) + i];
        }
    }

    private bool TryFactor(ReadOnlySpan<double> h, int n, double ridge)
    {
        int stride = _capacity;
        for (int i = 0; i < n; i++)
        {
            Span<double> li = _lower.AsSpan(i * stride, n);
            for (int j = 0; j <= i; j++)
            {
                ReadOnlySpan<double> lj = _lower.AsSpan(j * stride, j);
                double sum = h[(i * n) + j] - TensorPrimitives.Dot(li[..j], lj);
                if (i == j)
                {
                    sum += ridge;
                    if (!(sum > 0) || !double.IsFinite(sum))
                    {
                        return false;
                    }

                    li[i] = Math.Sqrt(sum);
                }
                else
                {
                    li[j] = sum / _lower[(j * stride) + j];
                }
            }
        }

        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                _upper[(j * stride) + i] = _lower[(i * stride) + j];
            }
        }

        return true;
    }
}
