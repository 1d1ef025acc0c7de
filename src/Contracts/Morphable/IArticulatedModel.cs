namespace Facebench.Contracts.Morphable;

/// <summary>
/// A morphable model with a skeleton whose joints rotate parts of the mesh by linear blend skinning (LBS), such as
/// FLAME (Li et al. 2017, "Learning a model of facial shape and expression from 4D scans", SIGGRAPH Asia, eq. 1-5):
/// <c>M(β, θ) = W(T_P(β, θ), J(β), θ, 𝒲)</c>, with the shaped template <c>T + B_S(β)</c>, pose-corrective
/// blendshapes <c>B_P(θ)</c> driven by the rotation matrices of the non-root joints, joints regressed from the shaped
/// template, and skinning weights 𝒲.
/// <para>
/// The <see cref="IMorphableModel"/> members describe the model at rest (every joint rotation zero), where it is
/// linear: a fitter that ignores articulation treats it as any other linear model. Joint rotations are axis-angle
/// vectors in the model frame, three per joint, in <see cref="JointNames"/> order (FLAME: global, neck, jaw,
/// left eye, right eye).
/// </para>
/// </summary>
public interface IArticulatedModel : IMorphableModel
{
    /// <summary>Number of joints J.</summary>
    int JointCount { get; }

    /// <summary>Joint names, e.g. <c>global</c>, <c>neck</c>, <c>jaw</c>, <c>eye_left</c>, <c>eye_right</c>.</summary>
    IReadOnlyList<string> JointNames { get; }

    /// <summary>Parent of each joint (−1 for the root); parents precede their children.</summary>
    IReadOnlyList<int> JointParents { get; }

    /// <summary>Jaw-line landmark bindings that change with head yaw (FLAME's dynamic contour), or null.</summary>
    YawContourTable? DynamicContour { get; }

    /// <summary>
    /// Writes the posed mesh (3N floats) for identity and expression coefficients (σ units; shorter spans mean zeros)
    /// and joint rotations (3·J axis-angle values; shorter means zeros): the full forward model. Allocation-free.
    /// </summary>
    void EvaluatePosed(ReadOnlySpan<float> identity, ReadOnlySpan<float> expression, ReadOnlySpan<double> jointRotations, Span<float> vertices);

    /// <summary>
    /// Gathers what a fitter needs to evaluate a fixed set of surface points (landmark bindings) for varying
    /// coefficients and rotations of a few joints, with derivatives: see <see cref="IArticulatedPointSet"/>.
    /// Joints not in <paramref name="variableJoints"/> stay at rest (zero rotation), which lets the point set merge
    /// joints that then move together and skip their pose correctives.
    /// </summary>
    /// <param name="points">The points, each up to three vertices with weights.</param>
    /// <param name="identityCount">Identity coefficients used (the first K_id).</param>
    /// <param name="expressionCount">Expression coefficients used (the first K_exp).</param>
    /// <param name="variableJoints">Indices of the joints whose rotations vary, in the order of the rotation vector.</param>
    IArticulatedPointSet CreatePointSet(IReadOnlyList<LandmarkBinding> points, int identityCount, int expressionCount, IReadOnlyList<int> variableJoints);
}
