using System.Buffers;
using System.Numerics.Tensors;
using Facebench.Contracts.Morphable;

namespace Facebench.Morphable;

/// <summary>
/// A linear 3D Morphable Model held in memory (Blanz &amp; Vetter 1999, "A Morphable Model for the Synthesis of 3D
/// Faces", eq. 1; with the expression term of Cao et al. 2014 / Paysan et al. 2009 added linearly):
/// <c>S(α, β) = s̄ + U_id · (σ_id ∘ α) + U_exp · (σ_exp ∘ β)</c>.
/// <para>
/// The arrays follow the <see cref="IMorphableModel"/> layout (interleaved xyz, row-major bases) so that the K
/// weights of one coordinate are contiguous: evaluating a coordinate is one dot product of length K, which
/// <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/> vectorises, and evaluating only the
/// landmark vertices touches only their rows. Instances are immutable and safe to evaluate from several threads.
/// </para>
/// </summary>
public sealed class LinearMorphableModel : IMorphableModel
{
    /// <summary>Weights up to this many floats live on the stack during evaluation; larger models rent a pooled buffer.</summary>
    private const int MaxStackWeights = 1024;

    private readonly float[] _mean;
    private readonly float[] _identityBasis;
    private readonly float[] _identityStdDev;
    private readonly float[] _expressionBasis;
    private readonly float[] _expressionStdDev;
    private readonly int[] _triangles;
    private readonly float[] _textureCoordinates;

    /// <summary>Creates a model from arrays in the <see cref="IMorphableModel"/> layout; the arrays are kept, not copied.</summary>
    /// <param name="name">Human-readable name.</param>
    /// <param name="millimetresPerUnit">Millimetres per model length unit.</param>
    /// <param name="mean">Mean shape, 3N floats, interleaved xyz.</param>
    /// <param name="identityBasis">Identity basis, row-major [3N × K_id].</param>
    /// <param name="identityStdDev">σ_id, K_id floats, positive.</param>
    /// <param name="expressionBasis">Expression basis, row-major [3N × K_exp] (may be empty).</param>
    /// <param name="expressionStdDev">σ_exp, K_exp floats (1 for blendshapes).</param>
    /// <param name="triangles">Vertex-index triples.</param>
    /// <param name="textureCoordinates">2N floats or empty.</param>
    /// <param name="landmarks">The iBUG 68 embedding; its vertex indices must be in range.</param>
    /// <exception cref="ArgumentException">Sizes disagree, values are not finite, or an index is out of range.</exception>
    public LinearMorphableModel(
        string name,
        double millimetresPerUnit,
        float[] mean,
        float[] identityBasis,
        float[] identityStdDev,
        float[] expressionBasis,
        float[] expressionStdDev,
        int[] triangles,
        float[] textureCoordinates,
        LandmarkEmbedding landmarks)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(landmarks);
        if (!(millimetresPerUnit > 0) || !double.IsFinite(millimetresPerUnit))
        {
            throw new ArgumentException("Millimetres per unit must be positive and finite.", nameof(millimetresPerUnit));
        }

        if (mean.Length == 0 || mean.Length % 3 != 0)
        {
            throw new ArgumentException($"The mean has {mean.Length} floats; expected 3N > 0.", nameof(mean));
        }

        int rows = mean.Length;
        CheckBasis(identityBasis, identityStdDev, rows, nameof(identityBasis));
        CheckBasis(expressionBasis, expressionStdDev, rows, nameof(expressionBasis));
        CheckFinite(mean, nameof(mean));
        int n = rows / 3;
        if (triangles.Length % 3 != 0)
        {
            throw new ArgumentException($"{triangles.Length} triangle indices is not a multiple of 3.", nameof(triangles));
        }

        foreach (int v in triangles)
        {
            if ((uint)v >= (uint)n)
            {
                throw new ArgumentException($"Triangle index {v} is outside [0, {n}).", nameof(triangles));
            }
        }

        if (textureCoordinates.Length != 0 && textureCoordinates.Length != 2 * n)
        {
            throw new ArgumentException($"{textureCoordinates.Length} texture coordinates; expected 0 or 2N = {2 * n}.", nameof(textureCoordinates));
        }

        CheckLandmarks(landmarks, n);

        Name = name;
        MillimetresPerUnit = millimetresPerUnit;
        _mean = mean;
        _identityBasis = identityBasis;
        _identityStdDev = identityStdDev;
        _expressionBasis = expressionBasis;
        _expressionStdDev = expressionStdDev;
        _triangles = triangles;
        _textureCoordinates = textureCoordinates;
        Landmarks = landmarks;
        VertexCount = n;
        IdentityCount = identityStdDev.Length;
        ExpressionCount = expressionStdDev.Length;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public double MillimetresPerUnit { get; }

    /// <inheritdoc />
    public int VertexCount { get; }

    /// <inheritdoc />
    public int IdentityCount { get; }

    /// <inheritdoc />
    public int ExpressionCount { get; }

    /// <inheritdoc />
    public ReadOnlySpan<float> Mean => _mean;

    /// <inheritdoc />
    public ReadOnlySpan<float> IdentityBasis => _identityBasis;

    /// <inheritdoc />
    public ReadOnlySpan<float> IdentityStdDev => _identityStdDev;

    /// <inheritdoc />
    public ReadOnlySpan<float> ExpressionBasis => _expressionBasis;

    /// <inheritdoc />
    public ReadOnlySpan<float> ExpressionStdDev => _expressionStdDev;

    /// <inheritdoc />
    public ReadOnlySpan<int> Triangles => _triangles;

    /// <inheritdoc />
    public ReadOnlySpan<float> TextureCoordinates => _textureCoordinates;

    /// <inheritdoc />
    public LandmarkEmbedding Landmarks { get; }

    /// <inheritdoc />
    public void Evaluate(ReadOnlySpan<float> identity, ReadOnlySpan<float> expression, Span<float> vertices)
    {
        CheckCoefficients(identity, expression);
        if (vertices.Length != _mean.Length)
        {
            throw new ArgumentException($"The output holds {vertices.Length} floats; the model needs 3N = {_mean.Length}.", nameof(vertices));
        }

        _mean.CopyTo(vertices);
        EvaluateRows(identity, expression, rowCount: _mean.Length, vertexIndices: default, vertices);
    }

    /// <inheritdoc />
    public void EvaluateVertices(ReadOnlySpan<int> vertexIndices, ReadOnlySpan<float> identity, ReadOnlySpan<float> expression, Span<float> output)
    {
        CheckCoefficients(identity, expression);
        if (output.Length != 3 * vertexIndices.Length)
        {
            throw new ArgumentException($"The output holds {output.Length} floats; {vertexIndices.Length} vertices need {3 * vertexIndices.Length}.", nameof(output));
        }

        for (int i = 0; i < vertexIndices.Length; i++)
        {
            int v = vertexIndices[i];
            if ((uint)v >= (uint)VertexCount)
            {
                throw new ArgumentOutOfRangeException(nameof(vertexIndices), $"Vertex {v} is outside [0, {VertexCount}).");
            }

            output[3 * i] = _mean[3 * v];
            output[(3 * i) + 1] = _mean[(3 * v) + 1];
            output[(3 * i) + 2] = _mean[(3 * v) + 2];
        }

        EvaluateRows(identity, expression, rowCount: output.Length, vertexIndices, output);
    }

    /// <summary>
    /// A model with only the first <paramref name="identityCount"/> identity and <paramref name="expressionCount"/>
    /// expression components (PCA components are ordered by variance, so this is the usual truncation).
    /// Returns this instance when nothing is dropped.
    /// </summary>
    public LinearMorphableModel Truncate(int identityCount, int expressionCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(identityCount);
        ArgumentOutOfRangeException.ThrowIfNegative(expressionCount);
        identityCount = Math.Min(identityCount, IdentityCount);
        expressionCount = Math.Min(expressionCount, ExpressionCount);
        if (identityCount == IdentityCount && expressionCount == ExpressionCount)
        {
            return this;
        }

        return new LinearMorphableModel(
            Name,
            MillimetresPerUnit,
            _mean,
            KeepColumns(_identityBasis, IdentityCount, identityCount),
            _identityStdDev[..identityCount],
            KeepColumns(_expressionBasis, ExpressionCount, expressionCount),
            _expressionStdDev[..expressionCount],
            _triangles,
            _textureCoordinates,
            Landmarks);
    }

    /// <summary>
    /// Adds the identity and expression terms to <paramref name="output"/>, which already holds the mean rows.
    /// Row <c>r</c> of the output is model row <c>r</c> (full evaluation) or row <c>3·vertexIndices[r/3] + r%3</c>.
    /// </summary>
    private void EvaluateRows(ReadOnlySpan<float> identity, ReadOnlySpan<float> expression, int rowCount, ReadOnlySpan<int> vertexIndices, Span<float> output)
    {
        int kId = identity.Length, kExp = expression.Length;
        if (kId + kExp == 0)
        {
            return;
        }

        // The bases multiply σ∘α, not α: scale the coefficients once rather than every row.
        float[]? rented = null;
        Span<float> weights = kId + kExp <= MaxStackWeights
            ? stackalloc float[kId + kExp]
            : (rented = ArrayPool<float>.Shared.Rent(kId + kExp)).AsSpan(0, kId + kExp);
        try
        {
            Span<float> wId = weights[..kId];
            Span<float> wExp = weights[kId..];
            TensorPrimitives.Multiply(identity, _identityStdDev.AsSpan(0, kId), wId);
            TensorPrimitives.Multiply(expression, _expressionStdDev.AsSpan(0, kExp), wExp);

            bool all = vertexIndices.IsEmpty;
            int strideId = IdentityCount, strideExp = ExpressionCount;
            for (int r = 0; r < rowCount; r++)
            {
                int row = all ? r : (3 * vertexIndices[r / 3]) + (r % 3);
                float sum = 0;
                if (kId > 0)
                {
                    sum += TensorPrimitives.Dot(_identityBasis.AsSpan(row * strideId, kId), wId);
                }

                if (kExp > 0)
                {
                    sum += TensorPrimitives.Dot(_expressionBasis.AsSpan(row * strideExp, kExp), wExp);
                }

                output[r] += sum;
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }

    private void CheckCoefficients(ReadOnlySpan<float> identity, ReadOnlySpan<float> expression)
    {
        if (identity.Length > IdentityCount)
        {
            throw new ArgumentException($"{identity.Length} identity coefficients; the model has {IdentityCount}.", nameof(identity));
        }

        if (expression.Length > ExpressionCount)
        {
            throw new ArgumentException($"{expression.Length} expression coefficients; the model has {ExpressionCount}.", nameof(expression));
        }
    }

    private static float[] KeepColumns(float[] basis, int columns, int keep)
    {
        if (keep == columns)
        {
            return basis;
        }

        int rows = columns == 0 ? 0 : basis.Length / columns;
        var result = new float[rows * keep];
        for (int r = 0; r < rows; r++)
        {
            basis.AsSpan(r * columns, keep).CopyTo(result.AsSpan(r * keep, keep));
        }

        return result;
    }

    private static void CheckBasis(float[] basis, float[] stdDev, int rows, string name)
    {
        if (basis.Length != rows * stdDev.Length)
        {
            throw new ArgumentException($"The basis has {basis.Length} floats; expected 3N × K = {rows} × {stdDev.Length}.", name);
        }

        CheckFinite(basis, name);
        foreach (float s in stdDev)
        {
            if (!(s > 0) || !float.IsFinite(s))
            {
                throw new ArgumentException($"Standard deviations must be positive and finite; found {s}.", name);
            }
        }
    }

    private static void CheckFinite(float[] values, string name)
    {
        // (IsFiniteAll is false for an empty span; an empty basis is valid.)
        if (values.Length > 0 && !TensorPrimitives.IsFiniteAll<float>(values))
        {
            throw new ArgumentException("The array holds NaN or infinite values.", name);
        }
    }

    private static void CheckLandmarks(LandmarkEmbedding landmarks, int vertexCount)
    {
        static void Check(int v, int n, string what)
        {
            if ((uint)v >= (uint)n)
            {
                throw new ArgumentException($"{what} refers to vertex {v}, outside [0, {n}).", nameof(landmarks));
            }
        }

        for (int i = 0; i < landmarks.Points.Count; i++)
        {
            LandmarkBinding b = landmarks.Points[i];
            if (b.IsMapped)
            {
                Check(b.V0, vertexCount, $"Landmark {i}");
                Check(b.V1, vertexCount, $"Landmark {i}");
                Check(b.V2, vertexCount, $"Landmark {i}");
            }
        }

        foreach (int v in landmarks.RightContourVertices)
        {
            Check(v, vertexCount, "The right contour");
        }

        foreach (int v in landmarks.LeftContourVertices)
        {
            Check(v, vertexCount, "The left contour");
        }
    }
}
