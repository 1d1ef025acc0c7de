using System.Numerics.Tensors;
using Facebench.Contracts.Morphable;

namespace Facebench.Fitting;

/// <summary>
/// The rows of a morphable model that a landmark fitter needs, gathered once: for each of the 68 iBUG landmarks
/// the mean and basis rows of its binding (a weighted sum of up to three vertices), and the same for every
/// contour candidate vertex. The fitter then evaluates <c>p = m + B·c</c> for a few hundred rows instead of the
/// whole mesh (Blanz &amp; Vetter 1999, eq. 1, restricted to the landmark vertices).
/// <para>
/// Coefficients are concatenated, <c>c = [α; β]</c> (identity then expression, in σ units), and the standard
/// deviations are folded into the rows (<c>B[:, k] = U[:, k]·σ_k</c>), so a row dotted with c gives model units.
/// Rows are stored in double precision, row-major [3·points × K]: the K weights of one coordinate are contiguous,
/// so evaluating a coordinate is one vectorised dot product. Immutable after construction; thread-safe to share.
/// </para>
/// </summary>
public sealed class LandmarkBasis
{
    private readonly double[] _landmarkMean;      // 68 × 3
    private readonly double[] _landmarkRows;      // 68 × 3 × K
    private readonly bool[] _mapped;              // 68
    private readonly double[] _candidateMean;     // C × 3
    private readonly double[] _candidateRows;     // C × 3 × K
    private readonly sbyte[] _contourSide;        // 68: −1 not a contour landmark, 0 right, 1 left

    /// <summary>Gathers the rows of <paramref name="model"/> for the first identity and expression components.</summary>
    /// <param name="model">The model.</param>
    /// <param name="identityCount">Identity components to use (clamped to the model's; negative = all).</param>
    /// <param name="expressionCount">Expression components to use (clamped; negative = all).</param>
    public LandmarkBasis(IMorphableModel model, int identityCount = -1, int expressionCount = -1)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        IdentityCount = identityCount < 0 ? model.IdentityCount : Math.Min(identityCount, model.IdentityCount);
        ExpressionCount = expressionCount < 0 ? model.ExpressionCount : Math.Min(expressionCount, model.ExpressionCount);
        ComponentCount = IdentityCount + ExpressionCount;

        LandmarkEmbedding embedding = model.Landmarks;
        const int n = LandmarkEmbedding.IbugCount;
        int k = ComponentCount;
        _landmarkMean = new double[n * 3];
        _landmarkRows = new double[n * 3 * k];
        _mapped = new bool[n];
        for (int i = 0; i < n; i++)
        {
            LandmarkBinding b = embedding.Points[i];
            if (!b.IsMapped)
            {
                continue;
            }

            _mapped[i] = true;
            GatherWeighted(model, b.V0, b.W0, i);
            if (b.W1 != 0)
            {
                GatherWeighted(model, b.V1, b.W1, i);
            }

            if (b.W2 != 0)
            {
                GatherWeighted(model, b.V2, b.W2, i);
            }
        }

        _contourSide = new sbyte[n];
        Array.Fill(_contourSide, (sbyte)-1);
        RightCandidateCount = embedding.RightContourVertices.Count;
        LeftCandidateCount = embedding.LeftContourVertices.Count;
        int candidates = RightCandidateCount + LeftCandidateCount;
        _candidateMean = new double[candidates * 3];
        _candidateRows = new double[candidates * 3 * k];
        if (embedding.HasContours)
        {
            foreach (int i in embedding.RightContourLandmarks)
            {
                _contourSide[i] = 0;
            }

            foreach (int i in embedding.LeftContourLandmarks)
            {
                _contourSide[i] = 1;
            }

            for (int j = 0; j < candidates; j++)
            {
                int vertex = j < RightCandidateCount ? embedding.RightContourVertices[j] : embedding.LeftContourVertices[j - RightCandidateCount];
                Gather(model, vertex, 1.0, _candidateMean.AsSpan(j * 3, 3), _candidateRows.AsSpan(j * 3 * k, 3 * k));
            }
        }
    }

    /// <summary>The model the rows come from.</summary>
    public IMorphableModel Model { get; }

    /// <summary>Identity components used, K_id.</summary>
    public int IdentityCount { get; }

    /// <summary>Expression components used, K_exp.</summary>
    public int ExpressionCount { get; }

    /// <summary>K = K_id + K_exp, the length of a coefficient vector.</summary>
    public int ComponentCount { get; }

    /// <summary>Number of right-contour candidate vertices (they come first among the candidates).</summary>
    public int RightCandidateCount { get; }

    /// <summary>Number of left-contour candidate vertices.</summary>
    public int LeftCandidateCount { get; }

    /// <summary>All contour candidates, right then left.</summary>
    public int CandidateCount => RightCandidateCount + LeftCandidateCount;

    /// <summary>True when the model has contour candidates on both sides.</summary>
    public bool HasContours => CandidateCount > 0 && RightCandidateCount > 0 && LeftCandidateCount > 0;

    /// <summary>True when landmark <paramref name="landmark"/> has a static binding.</summary>
    public bool IsMapped(int landmark) => _mapped[landmark];

    /// <summary>−1 when the landmark is not a sliding contour landmark, 0 on the right contour, 1 on the left.</summary>
    public int ContourSide(int landmark) => _contourSide[landmark];

    /// <summary>Mean position (x, y, z) of a landmark's binding.</summary>
    public ReadOnlySpan<double> LandmarkMean(int landmark) => _landmarkMean.AsSpan(landmark * 3, 3);

    /// <summary>The three basis rows (x, y, z; K weights each, σ folded in) of a landmark's binding.</summary>
    public ReadOnlySpan<double> LandmarkRows(int landmark) => _landmarkRows.AsSpan(landmark * 3 * ComponentCount, 3 * ComponentCount);

    /// <summary>Mean position of contour candidate <paramref name="candidate"/> (right ones first).</summary>
    public ReadOnlySpan<double> CandidateMean(int candidate) => _candidateMean.AsSpan(candidate * 3, 3);

    /// <summary>The three basis rows of contour candidate <paramref name="candidate"/>.</summary>
    public ReadOnlySpan<double> CandidateRows(int candidate) => _candidateRows.AsSpan(candidate * 3 * ComponentCount, 3 * ComponentCount);

    /// <summary>
    /// Model-frame position of a landmark binding for coefficients c (length K): <c>m + B·c</c>, three dot products.
    /// </summary>
    public void EvaluateLandmark(int landmark, ReadOnlySpan<double> coefficients, Span<double> xyz) =>
        EvaluateRows(LandmarkMean(landmark), LandmarkRows(landmark), coefficients, xyz);

    /// <summary>Model-frame position of a contour candidate for coefficients c.</summary>
    public void EvaluateCandidate(int candidate, ReadOnlySpan<double> coefficients, Span<double> xyz) =>
        EvaluateRows(CandidateMean(candidate), CandidateRows(candidate), coefficients, xyz);

    /// <summary>Evaluates all 68 landmark bindings (unmapped ones get NaN) into <paramref name="xyz"/> (204 values).</summary>
    public void EvaluateLandmarks(ReadOnlySpan<double> coefficients, Span<double> xyz)
    {
        for (int i = 0; i < LandmarkEmbedding.IbugCount; i++)
        {
            Span<double> p = xyz.Slice(i * 3, 3);
            if (_mapped[i])
            {
                EvaluateLandmark(i, coefficients, p);
            }
            else
            {
                p.Fill(double.NaN);
            }
        }
    }

    /// <summary>
    /// <c>p = m + B·c</c> for one point: three dot products of length K. An empty or short coefficient span
    /// means the remaining coefficients are zero.
    /// </summary>
    internal static void EvaluateRows(ReadOnlySpan<double> mean, ReadOnlySpan<double> rows, ReadOnlySpan<double> coefficients, Span<double> xyz)
    {
        int k = rows.Length / 3;
        if (coefficients.Length >= k)
        {
            RowKernels.Evaluate(mean, rows, coefficients[..k], xyz);
            return;
        }

        int used = coefficients.Length;
        ReadOnlySpan<double> c = coefficients;
        xyz[0] = mean[0] + TensorPrimitives.Dot(rows.Slice(0, used), c);
        xyz[1] = mean[1] + TensorPrimitives.Dot(rows.Slice(k, used), c);
        xyz[2] = mean[2] + TensorPrimitives.Dot(rows.Slice(2 * k, used), c);
    }

    private void GatherWeighted(IMorphableModel model, int vertex, float weight, int landmark)
    {
        int k = ComponentCount;
        Gather(model, vertex, weight, _landmarkMean.AsSpan(landmark * 3, 3), _landmarkRows.AsSpan(landmark * 3 * k, 3 * k));
    }

    /// <summary>Adds <c>weight ×</c> the mean and σ-scaled basis rows of one vertex to the destination.</summary>
    private void Gather(IMorphableModel model, int vertex, double weight, Span<double> mean, Span<double> rows)
    {
        if ((uint)vertex >= (uint)model.VertexCount)
        {
            throw new ArgumentException($"Model '{model.Name}' binds a landmark to vertex {vertex}, outside 0..{model.VertexCount - 1}.");
        }

        int k = ComponentCount;
        int kid = model.IdentityCount, kexp = model.ExpressionCount;
        ReadOnlySpan<float> modelMean = model.Mean;
        ReadOnlySpan<float> identity = model.IdentityBasis;
        ReadOnlySpan<float> identitySd = model.IdentityStdDev;
        ReadOnlySpan<float> expression = model.ExpressionBasis;
        ReadOnlySpan<float> expressionSd = model.ExpressionStdDev;
        for (int c = 0; c < 3; c++)
        {
            int row = (3 * vertex) + c;
            mean[c] += weight * modelMean[row];
            Span<double> destination = rows.Slice(c * k, k);
            for (int j = 0; j < IdentityCount; j++)
            {
                destination[j] += weight * identity[(row * kid) + j] * identitySd[j];
            }

            for (int j = 0; j < ExpressionCount; j++)
            {
                destination[IdentityCount + j] += weight * expression[(row * kexp) + j] * expressionSd[j];
            }
        }
    }
}
