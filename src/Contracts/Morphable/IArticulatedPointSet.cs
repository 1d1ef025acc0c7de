namespace Facebench.Contracts.Morphable;

/// <summary>
/// Selected surface points of an <see cref="IArticulatedModel"/> as functions of the coefficients
/// <c>c = [α; β]</c> (σ units, length <see cref="CoefficientCount"/>) and the axis-angle rotations θ of the variable
/// joints (length 3·<see cref="VariableJointCount"/>), with exact derivatives for gradient-based fitting:
/// <see cref="Evaluate"/> computes positions and keeps the intermediate values, <see cref="Backpropagate"/> applies the
/// transposed Jacobian to point gradients (reverse mode: what an objective's gradient needs), and
/// <see cref="Jacobian"/> gives one point's full Jacobian (what a Gauss–Newton preconditioner needs).
/// <para>
/// A point set is a workspace: one instance per thread; every method is allocation-free; <see cref="Backpropagate"/>
/// and <see cref="Jacobian"/> refer to the most recent <see cref="Evaluate"/>.
/// </para>
/// </summary>
public interface IArticulatedPointSet
{
    /// <summary>Number of points the set was built for.</summary>
    int PointCount { get; }

    /// <summary>K = K_id + K_exp.</summary>
    int CoefficientCount { get; }

    /// <summary>Number of joints whose rotations vary.</summary>
    int VariableJointCount { get; }

    /// <summary>Evaluates the listed points (3 values each, in list order) for coefficients c and rotations θ.</summary>
    void Evaluate(ReadOnlySpan<double> coefficients, ReadOnlySpan<double> jointRotations, ReadOnlySpan<int> points, Span<double> positions);

    /// <summary>
    /// Adds <c>(∂p/∂c)ᵀ·g</c> to <paramref name="coefficientGradient"/> and <c>(∂p/∂θ)ᵀ·g</c> to
    /// <paramref name="rotationGradient"/> for point gradients g (3 per listed point), at the last evaluation, whose
    /// point list must include these points.
    /// </summary>
    void Backpropagate(ReadOnlySpan<int> points, ReadOnlySpan<double> pointGradients, Span<double> coefficientGradient, Span<double> rotationGradient);

    /// <summary>
    /// Writes ∂p/∂c (3 × K, row-major) and ∂p/∂θ (3 × 3·J_var, row-major) of one point at the last evaluation.
    /// </summary>
    void Jacobian(int point, Span<double> coefficientJacobian, Span<double> rotationJacobian);
}
