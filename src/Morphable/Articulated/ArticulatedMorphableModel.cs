using System.Numerics.Tensors;
using Facebench.Contracts.Morphable;
using Facebench.Geometry;

namespace Facebench.Morphable.Articulated;

/// <summary>
/// A morphable model with linear blend skinning and pose-corrective blendshapes: FLAME's forward model (Li et al.
/// 2017, "Learning a model of facial shape and expression from 4D scans", SIGGRAPH Asia, §3, eq. 1-5), which is
/// SMPL's (Loper et al. 2015) applied to a head:
/// <list type="number">
/// <item>shape: <c>T_S = T + Σ_k β_k·S_k</c> (identity then expression components, eq. 1's B_S and B_E);</item>
/// <item>joints: <c>J = 𝒥·T_S</c> (a sparse regressor from vertices to joint centres, eq. 4);</item>
/// <item>pose correctives: <c>T_P = T_S + Σ_n (vec(R_n(θ)) − vec(I))·P_n</c> over the non-root joints (eq. 3), with
/// R_n by Rodrigues' formula and vec row-major, 9 features per joint;</item>
/// <item>skinning: <c>v' = Σ_k w_k·G'_k·[T_P; 1]</c> (eq. 2), where <c>G_k = G_parent(k)·[R_k | J_k − J_parent(k)]</c>
/// (<c>G_root = [R_root | J_root]</c>) and <c>G'_k = G_k·[I | −J_k]</c> removes the rest pose.</item>
/// </list>
/// At rest (θ = 0) the model is linear and <see cref="IMorphableModel"/> evaluates that rest shape; the articulated
/// members pose it. Arrays are kept, not copied; instances are immutable and thread-safe.
/// </summary>
public sealed class ArticulatedMorphableModel : IArticulatedModel
{
    private readonly LinearMorphableModel _linear;
    private readonly float[] _poseBasis;          // [3N × 9(J−1)] row-major
    private readonly int[] _regressorStart;       // J + 1
    private readonly int[] _regressorVertex;
    private readonly double[] _regressorWeight;
    private readonly int[] _skinStart;            // N + 1
    private readonly int[] _skinJoint;
    private readonly float[] _skinWeight;
    private readonly int[] _parents;
    private readonly string[] _jointNames;

    /// <summary>Creates the model; the linear part holds the template, bases and landmarks.</summary>
    /// <param name="linear">Template (as the mean), identity and expression bases, triangles, landmark embedding.</param>
    /// <param name="jointNames">One name per joint.</param>
    /// <param name="parents">Parent of each joint (−1 for the root), parents before children.</param>
    /// <param name="jointRegressor">Row-major [J × N] dense regressor, or use the sparse overload's triplets.</param>
    /// <param name="skinningWeights">Row-major [N × J] skinning weights (rows sum to one).</param>
    /// <param name="poseBasis">Row-major [3N × 9(J−1)] pose-corrective blendshapes.</param>
    /// <param name="dynamicContour">Yaw-dependent jaw-line bindings, or null.</param>
    /// <exception cref="ArgumentException">Sizes disagree or values are out of range.</exception>
    public ArticulatedMorphableModel(
        LinearMorphableModel linear,
        IReadOnlyList<string> jointNames,
        IReadOnlyList<int> parents,
        (int Joint, int Vertex, double Weight)[] jointRegressor,
        float[] skinningWeights,
        float[] poseBasis,
        YawContourTable? dynamicContour)
    {
        ArgumentNullException.ThrowIfNull(linear);
        int n = linear.VertexCount, j = parents.Count;
        if (j < 1 || jointNames.Count != j)
        {
            throw new ArgumentException($"{jointNames.Count} joint names for {j} joints.", nameof(jointNames));
        }

        for (int k = 0; k < j; k++)
        {
            if (parents[k] >= k || (k == 0 ? parents[k] != -1 : parents[k] < 0))
            {
                throw new ArgumentException($"Joint {k} has parent {parents[k]}; expected −1 for joint 0 and an earlier joint otherwise.", nameof(parents));
            }
        }

        if (skinningWeights.Length != n * j || !TensorPrimitives.IsFiniteAll<float>(skinningWeights))
        {
            throw new ArgumentException($"{skinningWeights.Length} skinning weights; expected N × J = {n} × {j} finite values.", nameof(skinningWeights));
        }

        if (poseBasis.Length != 3 * n * 9 * (j - 1) || (poseBasis.Length > 0 && !TensorPrimitives.IsFiniteAll<float>(poseBasis)))
        {
            throw new ArgumentException($"{poseBasis.Length} pose-basis values; expected 3N × 9(J − 1) = {3 * n} × {9 * (j - 1)} finite values.", nameof(poseBasis));
        }

        foreach ((int joint, int vertex, double weight) in jointRegressor)
        {
            if ((uint)joint >= (uint)j || (uint)vertex >= (uint)n || !double.IsFinite(weight))
            {
                throw new ArgumentException($"A joint-regressor entry ({joint}, {vertex}, {weight}) is outside {j} joints × {n} vertices.", nameof(jointRegressor));
            }
        }

        if (dynamicContour is not null)
        {
            for (int r = 0; r < dynamicContour.RowCount; r++)
            {
                for (int i = 0; i < dynamicContour.Landmarks.Count; i++)
                {
                    LandmarkBinding b = dynamicContour.Binding(r, i);
                    if ((uint)b.V0 >= (uint)n || (uint)b.V1 >= (uint)n || (uint)b.V2 >= (uint)n)
                    {
                        throw new ArgumentException($"Dynamic contour row {r}, landmark {i} refers to a vertex outside [0, {n}).", nameof(dynamicContour));
                    }
                }
            }
        }

        _linear = linear;
        _parents = [.. parents];
        _jointNames = [.. jointNames];
        _poseBasis = poseBasis;
        DynamicContour = dynamicContour;

        // Compressed rows: the regressor by joint, the skinning weights by vertex (non-zeros only: FLAME's are sparse).
        (int Joint, int Vertex, double Weight)[] sorted = [.. jointRegressor.Where(e => e.Weight != 0).OrderBy(e => e.Joint).ThenBy(e => e.Vertex)];
        _regressorStart = new int[j + 1];
        _regressorVertex = new int[sorted.Length];
        _regressorWeight = new double[sorted.Length];
        for (int e = 0; e < sorted.Length; e++)
        {
            _regressorStart[sorted[e].Joint + 1]++;
            _regressorVertex[e] = sorted[e].Vertex;
            _regressorWeight[e] = sorted[e].Weight;
        }

        for (int k = 0; k < j; k++)
        {
            _regressorStart[k + 1] += _regressorStart[k];
        }

        var joints = new List<int>();
        var weights = new List<float>();
        _skinStart = new int[n + 1];
        for (int v = 0; v < n; v++)
        {
            for (int k = 0; k < j; k++)
            {
                float w = skinningWeights[(v * j) + k];
                if (w != 0)
                {
                    joints.Add(k);
                    weights.Add(w);
                }
            }

            _skinStart[v + 1] = joints.Count;
        }

        _skinJoint = [.. joints];
        _skinWeight = [.. weights];
    }

    /// <summary>The rest-pose linear model.</summary>
    public LinearMorphableModel Linear => _linear;

    /// <inheritdoc />
    public string Name => _linear.Name;

    /// <inheritdoc />
    public double MillimetresPerUnit => _linear.MillimetresPerUnit;

    /// <inheritdoc />
    public int VertexCount => _linear.VertexCount;

    /// <inheritdoc />
    public int IdentityCount => _linear.IdentityCount;

    /// <inheritdoc />
    public int ExpressionCount => _linear.ExpressionCount;

    /// <inheritdoc />
    public ReadOnlySpan<float> Mean => _linear.Mean;

    /// <inheritdoc />
    public ReadOnlySpan<float> IdentityBasis => _linear.IdentityBasis;

    /// <inheritdoc />
    public ReadOnlySpan<float> IdentityStdDev => _linear.IdentityStdDev;

    /// <inheritdoc />
    public ReadOnlySpan<float> ExpressionBasis => _linear.ExpressionBasis;

    /// <inheritdoc />
    public ReadOnlySpan<float> ExpressionStdDev => _linear.ExpressionStdDev;

    /// <inheritdoc />
    public ReadOnlySpan<int> Triangles => _linear.Triangles;

    /// <inheritdoc />
    public ReadOnlySpan<float> TextureCoordinates => _linear.TextureCoordinates;

    /// <inheritdoc />
    public LandmarkEmbedding Landmarks => _linear.Landmarks;

    /// <inheritdoc />
    public int JointCount => _parents.Length;

    /// <inheritdoc />
    public IReadOnlyList<string> JointNames => _jointNames;

    /// <inheritdoc />
    public IReadOnlyList<int> JointParents => _parents;

    /// <inheritdoc />
    public YawContourTable? DynamicContour { get; }

    /// <summary>Number of pose-corrective features, 9(J − 1).</summary>
    public int PoseFeatureCount => 9 * (JointCount - 1);

    /// <summary>The pose-corrective basis, row-major [3N × 9(J − 1)].</summary>
    public ReadOnlySpan<float> PoseBasis => _poseBasis;

    /// <inheritdoc />
    public void Evaluate(ReadOnlySpan<float> identity, ReadOnlySpan<float> expression, Span<float> vertices) =>
        _linear.Evaluate(identity, expression, vertices);

    /// <inheritdoc />
    public void EvaluateVertices(ReadOnlySpan<int> vertexIndices, ReadOnlySpan<float> identity, ReadOnlySpan<float> expression, Span<float> output) =>
        _linear.EvaluateVertices(vertexIndices, identity, expression, output);

    /// <inheritdoc />
    public void EvaluatePosed(ReadOnlySpan<float> identity, ReadOnlySpan<float> expression, ReadOnlySpan<double> jointRotations, Span<float> vertices)
    {
        int j = JointCount;
        if (jointRotations.Length > 3 * j)
        {
            throw new ArgumentException($"{jointRotations.Length} rotation values; the model has {j} joints (3 each).", nameof(jointRotations));
        }

        // 1. Shape and expression blendshapes (eq. 1), straight into the output.
        _linear.Evaluate(identity, expression, vertices);

        // 2. Joints regressed from the shaped template (eq. 4).
        Span<Vec3> joints = stackalloc Vec3[j];
        for (int k = 0; k < j; k++)
        {
            joints[k] = RegressJoint(k, vertices);
        }

        // 3. Rotations, the chain of global transforms and the rest-pose-removed translations.
        Span<Mat3> global = stackalloc Mat3[j];
        Span<Vec3> translation = stackalloc Vec3[j];
        Span<double> feature = stackalloc double[PoseFeatureCount];
        for (int k = 0; k < j; k++)
        {
            Mat3 r = 3 * k + 2 < jointRotations.Length ? Rotations.FromAxisAngle(new Vec3(jointRotations[3 * k], jointRotations[(3 * k) + 1], jointRotations[(3 * k) + 2])) : Mat3.Identity;
            if (k > 0)
            {
                WriteFeature(r, feature.Slice(9 * (k - 1), 9));
            }

            Chain.Step(k, _parents[k], r, joints, global, translation);
        }

        Chain.RemoveRest(joints, global, translation);

        // 4. Pose correctives (eq. 3) and skinning (eq. 2), one vertex at a time in place.
        int p = PoseFeatureCount;
        bool posed = p > 0 && TensorPrimitives.MaxMagnitude<double>(feature) != 0;
        for (int v = 0; v < VertexCount; v++)
        {
            var x = new Vec3(vertices[3 * v], vertices[(3 * v) + 1], vertices[(3 * v) + 2]);
            if (posed)
            {
                x += new Vec3(
                    Dot(_poseBasis.AsSpan(3 * v * p, p), feature),
                    Dot(_poseBasis.AsSpan(((3 * v) + 1) * p, p), feature),
                    Dot(_poseBasis.AsSpan(((3 * v) + 2) * p, p), feature));
            }

            Vec3 y = Vec3.Zero;
            for (int e = _skinStart[v]; e < _skinStart[v + 1]; e++)
            {
                int k = _skinJoint[e];
                y += _skinWeight[e] * ((global[k] * x) + translation[k]);
            }

            vertices[3 * v] = (float)y.X;
            vertices[(3 * v) + 1] = (float)y.Y;
            vertices[(3 * v) + 2] = (float)y.Z;
        }
    }

    /// <summary>
    /// A model with only the first identity and expression components (the skeleton, pose correctives and landmarks
    /// are shared); this instance when nothing is dropped.
    /// </summary>
    public ArticulatedMorphableModel Truncate(int identityCount, int expressionCount)
    {
        LinearMorphableModel linear = _linear.Truncate(identityCount, expressionCount);
        if (ReferenceEquals(linear, _linear))
        {
            return this;
        }

        (int, int, double)[] regressor = new (int, int, double)[_regressorVertex.Length];
        for (int k = 0; k < JointCount; k++)
        {
            for (int e = _regressorStart[k]; e < _regressorStart[k + 1]; e++)
            {
                regressor[e] = (k, _regressorVertex[e], _regressorWeight[e]);
            }
        }

        var weights = new float[VertexCount * JointCount];
        for (int v = 0; v < VertexCount; v++)
        {
            for (int e = _skinStart[v]; e < _skinStart[v + 1]; e++)
            {
                weights[(v * JointCount) + _skinJoint[e]] = _skinWeight[e];
            }
        }

        return new ArticulatedMorphableModel(linear, _jointNames, _parents, regressor, weights, _poseBasis, DynamicContour);
    }

    /// <inheritdoc />
    public IArticulatedPointSet CreatePointSet(IReadOnlyList<LandmarkBinding> points, int identityCount, int expressionCount, IReadOnlyList<int> variableJoints) =>
        new LbsPointSet(this, points, identityCount, expressionCount, variableJoints);

    /// <summary>Joint k of a shape (3N floats): the regressor row applied to the vertices.</summary>
    internal Vec3 RegressJoint(int k, ReadOnlySpan<float> vertices)
    {
        Vec3 sum = Vec3.Zero;
        for (int e = _regressorStart[k]; e < _regressorStart[k + 1]; e++)
        {
            int v = _regressorVertex[e];
            sum += _regressorWeight[e] * new Vec3(vertices[3 * v], vertices[(3 * v) + 1], vertices[(3 * v) + 2]);
        }

        return sum;
    }

    /// <summary>The regressor entries of joint k.</summary>
    internal (ReadOnlyMemory<int> Vertices, ReadOnlyMemory<double> Weights) RegressorRow(int k) =>
        (_regressorVertex.AsMemory(_regressorStart[k].._regressorStart[k + 1]), _regressorWeight.AsMemory(_regressorStart[k].._regressorStart[k + 1]));

    /// <summary>The skinning entries (joint, weight) of vertex v.</summary>
    internal (ReadOnlyMemory<int> Joints, ReadOnlyMemory<float> Weights) SkinningRow(int v) =>
        (_skinJoint.AsMemory(_skinStart[v].._skinStart[v + 1]), _skinWeight.AsMemory(_skinStart[v].._skinStart[v + 1]));

    /// <summary>FLAME's pose feature of one joint: <c>vec(R − I)</c>, row-major.</summary>
    internal static void WriteFeature(in Mat3 r, Span<double> feature)
    {
        feature[0] = r.M00 - 1;
        feature[1] = r.M01;
        feature[2] = r.M02;
        feature[3] = r.M10;
        feature[4] = r.M11 - 1;
        feature[5] = r.M12;
        feature[6] = r.M20;
        feature[7] = r.M21;
        feature[8] = r.M22 - 1;
    }

    private static double Dot(ReadOnlySpan<float> row, ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < row.Length; i++)
        {
            s += row[i] * x[i];
        }

        return s;
    }
}
