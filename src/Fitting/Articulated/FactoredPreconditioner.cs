using System.Numerics.Tensors;

namespace Facebench.Fitting.Articulated;

/// <summary>
/// The change of variables of <see cref="CholeskyPreconditioner"/> — <c>x = x_ref + L⁻ᵀ·z</c> with
/// <c>L·Lᵀ ≈ H</c>, gradients <c>∇_z = L⁻¹·∇_x</c> — built for the articulated fitter's larger problems straight
/// from the weighted transposed Jacobian and the prior: <c>H = 2·JᵀJ + 2Λ</c>. With the Jacobi scaling
/// <c>D = diag(H)^(−½)</c> the factor is computed in single precision as <c>D·H·D = L̃·L̃ᵀ</c> (see
/// <see cref="GramCholesky"/>), and <c>L = D⁻¹·L̃</c> is kept in double precision for the two triangular solves, so
/// the change of variables is exact for the factor it uses. Kept separate from <see cref="CholeskyPreconditioner"/>
/// so that the linear fitter's tuned path is untouched. Allocation-free after construction.
/// </summary>
internal sealed class FactoredPreconditioner
{
    private readonly int _capacity;
    private readonly int _residualCapacity;
    private readonly double[] _lower;
    private readonly double[] _reference;
    private readonly double[] _scale;
    private readonly float[] _scaledJacobian;
    private readonly float[] _gram;
    private readonly float[] _factor;
    private int _n;

    public FactoredPreconditioner(int capacity, int residualCapacity)
    {
        _capacity = capacity;
        _residualCapacity = residualCapacity;
        _lower = new double[capacity * capacity];
        _reference = new double[capacity];
        _scale = new double[capacity];
        _scaledJacobian = new float[capacity * residualCapacity];
        _gram = new float[capacity * capacity];
        _factor = new float[capacity * capacity];
    }

    /// <summary>
    /// Factors <c>H = 2·JᵀJ + 2·diag(prior)</c> for the transposed Jacobian (n rows of <paramref name="residuals"/>
    /// values, row stride as constructed) and sets x_ref; a growing ridge is added if H is not numerically positive
    /// definite, and with no usable factor the identity is used.
    /// </summary>
    public void Factor(ReadOnlySpan<double> jacobianT, int n, int residuals, ReadOnlySpan<double> prior, ReadOnlySpan<double> reference)
    {
        _n = n;
        reference[..n].CopyTo(_reference);
        int stride = _residualCapacity;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> row = jacobianT.Slice(i * stride, residuals);
            double diagonal = 2 * prior[i];
            foreach (double v in row)
            {
                diagonal += 2 * v * v;
            }

            double d = diagonal > 0 && double.IsFinite(diagonal) ? 1 / Math.Sqrt(diagonal) : 1;
            _scale[i] = d;
            Span<float> scaled = _scaledJacobian.AsSpan(i * stride, residuals);
            double f = Math.Sqrt(2) * d;
            for (int r = 0; r < residuals; r++)
            {
                scaled[r] = (float)(f * row[r]);
            }
        }

        Span<float> h = _gram.AsSpan(0, n * n);
        GramCholesky.Gram(_scaledJacobian, n, residuals, stride, h);
        for (int i = 0; i < n; i++)
        {
            h[(i * n) + i] += (float)(2 * prior[i] * _scale[i] * _scale[i]);
        }

        float ridge = 0;
        for (int attempt = 0; attempt < 20; attempt++)
        {
            if (GramCholesky.Factor(h, n, ridge, _factor, _capacity))
            {
                // L = D⁻¹·L̃ (row i scaled by 1/d_i).
                for (int i = 0; i < n; i++)
                {
                    double inverse = 1 / _scale[i];
                    for (int j = 0; j <= i; j++)
                    {
                        _lower[(i * _capacity) + j] = inverse * _factor[(i * _capacity) + j];
                    }
                }

                return;
            }

            ridge = ridge == 0 ? 1e-6f : ridge * 10;
        }

        SetIdentity(n);
        reference[..n].CopyTo(_reference);
    }

    /// <summary>No preconditioning: x = z.</summary>
    public void SetIdentity(int n)
    {
        _n = n;
        Array.Clear(_lower);
        Array.Clear(_reference);
        for (int i = 0; i < n; i++)
        {
            _lower[(i * _capacity) + i] = 1;
        }
    }

    /// <summary>x = x_ref + L⁻ᵀ·z: back substitution, sweeping L's rows so that access stays contiguous.</summary>
    public void ToNatural(ReadOnlySpan<double> z, Span<double> x)
    {
        int n = _n;
        z[..n].CopyTo(x);
        for (int i = n - 1; i >= 0; i--)
        {
            double xi = x[i] / _lower[(i * _capacity) + i];
            x[i] = xi;
            Span<double> head = x[..i];
            TensorPrimitives.MultiplyAdd(_lower.AsSpan(i * _capacity, i), -xi, head, head); // x[..i] -= L[i, ..i]·xᵢ
        }

        for (int i = 0; i < n; i++)
        {
            x[i] += _reference[i];
        }
    }

    /// <summary>∇_z = L⁻¹·∇_x in place (forward substitution).</summary>
    public void GradientToPreconditioned(Span<double> gradient)
    {
        int n = _n;
        for (int i = 0; i < n; i++)
        {
            double sum = gradient[i] - TensorPrimitives.Dot(_lower.AsSpan(i * _capacity, i), gradient[..i]);
            gradient[i] = sum / _lower[(i * _capacity) + i];
        }
    }
}
