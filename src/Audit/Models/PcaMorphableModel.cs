using Facebench.Contracts.Morphable;
using Facebench.Morphable;

namespace Facebench.Audit.Models;

/// <summary>
/// A linear morphable model learnt by PCA from registered meshes (<see cref="PcaModelBuilder"/>) that discloses its
/// training make-up. Evaluation is delegated to a <see cref="LinearMorphableModel"/>, so it is exactly as fast and as
/// thread-safe.
/// </summary>
public sealed class PcaMorphableModel(LinearMorphableModel model, TrainingMakeup makeup, double explainedVariance) : IMorphableModel, IDisclosesTrainingMakeup
{
    /// <summary>The underlying linear model.</summary>
    public LinearMorphableModel Model { get; } = model;

    /// <inheritdoc />
    public TrainingMakeup TrainingMakeup { get; } = makeup;

    /// <summary>Share of the training shapes' variance the kept identity components explain.</summary>
    public double ExplainedVariance { get; } = explainedVariance;

    /// <inheritdoc />
    public string Name => Model.Name;

    /// <inheritdoc />
    public double MillimetresPerUnit => Model.MillimetresPerUnit;

    /// <inheritdoc />
    public int VertexCount => Model.VertexCount;

    /// <inheritdoc />
    public int IdentityCount => Model.IdentityCount;

    /// <inheritdoc />
    public int ExpressionCount => Model.ExpressionCount;

    /// <inheritdoc />
    public ReadOnlySpan<float> Mean => Model.Mean;

    /// <inheritdoc />
    public ReadOnlySpan<float> IdentityBasis => Model.IdentityBasis;

    /// <inheritdoc />
    public ReadOnlySpan<float> IdentityStdDev => Model.IdentityStdDev;

    /// <inheritdoc />
    public ReadOnlySpan<float> ExpressionBasis => Model.ExpressionBasis;

    /// <inheritdoc />
    public ReadOnlySpan<float> ExpressionStdDev => Model.ExpressionStdDev;

    /// <inheritdoc />
    public ReadOnlySpan<int> Triangles => Model.Triangles;

    /// <inheritdoc />
    public ReadOnlySpan<float> TextureCoordinates => Model.TextureCoordinates;

    /// <inheritdoc />
    public LandmarkEmbedding Landmarks => Model.Landmarks;

    /// <inheritdoc />
    public void Evaluate(ReadOnlySpan<float> identity, ReadOnlySpan<float> expression, Span<float> vertices) =>
        Model.Evaluate(identity, expression, vertices);

    /// <inheritdoc />
    public void EvaluateVertices(ReadOnlySpan<int> vertexIndices, ReadOnlySpan<float> identity, ReadOnlySpan<float> expression, Span<float> output) =>
        Model.EvaluateVertices(vertexIndices, identity, expression, output);
}
