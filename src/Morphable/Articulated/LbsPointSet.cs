using System.Numerics.Tensors;
using Facebench.Contracts.Morphable;
using Facebench.Geometry;

namespace Facebench.Morphable.Articulated;

/// <summary>
/// Landmark points of an <see cref="ArticulatedMorphableModel"/> with exact derivatives, for fitting (the
/// <see cref="IArticulatedPointSet"/> contract). The forward model is FLAME's (Li et al. 2017, eq. 1-5) restricted
/// to the points and to a few variable joints; everything linear is gathered once:
/// <para>
/// Joints held at rest move with their nearest variable ancestor (<c>G'_k = G'_parent(k)</c> when <c>R_k = I</c>), so
/// the skinning weights of a point's vertices collapse onto "groups": one per variable joint plus the identity group
/// of joints with no variable ancestor. For point p and group g the gathered block holds
/// <c>s_pg = Σ_i b_i Σ_{k∈g} w_{v_i k}</c> and the s-weighted rows of the shaped, pose-corrected template
/// <c>y_pg = m_pg + [S_pg | P_pg]·[c; f(θ)]</c>, where f are the pose features (vec(R − I)) of the variable
/// non-root joints (the others are zero). Then <c>p = Σ_g (Rg_g·y_pg + s_pg·a_g)</c> with the chain's rotation Rg
/// and rest-removed translation a = t − Rg·J of the group's joint, and joints <c>J = J_T + J_S·c</c> regressed once
/// per evaluation from gathered regressor rows.
/// </para>
/// <para>
/// Derivatives are reverse mode (<see cref="Backpropagate"/>): through the blocks to c, f, Rg and a; through
/// <c>a = t − Rg·J</c> and the chain <c>Rg_k = Rg_p·R_k</c>, <c>t_k = Rg_p·(J_k − J_p) + t_p</c> to the joint rotations
/// and joint positions; through the pose features and Rodrigues' derivative (Gallego &amp; Yezzi 2015,
/// <see cref="Rotations.AxisAngleDerivatives"/>) to θ; and through J = J_T + J_S·c back to c. Exact, pose correctives
/// included.
/// </para>
/// </summary>
internal sealed class LbsPointSet : IArticulatedPointSet
{
    private readonly int _k;                 // coefficients used
    private readonly int _width;             // K + 9·(variable non-root joints)
    private readonly int _jointCount;
    private readonly int[] _parents;
    private readonly int[] _variable;        // joint index of each variable joint
    private readonly int[] _groupJoint;      // per group: −1 (identity) or the variable joint
    private readonly int[] _featureJoint;    // joints whose pose features are used (variable, non-root)

    // Gathered blocks: per point a range of blocks; per block its group, scale, mean (3) and rows (3 × width).
    private readonly int[] _blockStart;
    private readonly int[] _blockGroup;
    private readonly double[] _blockScale;
    private readonly double[] _blockMean;
    private readonly double[] _blockRows;

    // Joint regression: J_m = J_T,m + J_S,m·c.
    private readonly double[] _jointMean;    // J × 3
    private readonly double[] _jointRows;    // J × 3 × K

    // Workspace of the last evaluation.
    private readonly double[] _x;            // [c; f]
    private readonly Mat3[] _rotation;       // per joint (identity unless variable)
    private readonly Mat3[] _dRotation;      // per variable joint, 3 derivatives
    private readonly Vec3[] _joints;
    private readonly Mat3[] _global;
    private readonly Vec3[] _translation;    // after Evaluate: t_k (before removal) kept for backprop
    private readonly Vec3[] _rest;           // a_k = t_k − Rg_k·J_k
    private readonly double[] _y;            // per block: y (3)

    // Workspace of back-propagation.
    private readonly double[] _gx;
    private readonly Mat3[] _gGlobal;
    private readonly Vec3[] _gTranslation;
    private readonly Vec3[] _gJoint;
    private readonly Mat3[] _gRotation;
    // Forward-mode derivatives of the chain for Jacobians, computed once per evaluation on first use:
    // per joint, ∂Rg/∂θ (3·J_var matrices), ∂a/∂θ (3·J_var vectors) and ∂a/∂c (3 × K).
    private readonly Mat3[] _dGlobal;
    private readonly Vec3[] _dTranslation;
    private readonly Vec3[] _dRest;
    private readonly double[] _dTranslationDc;
    private readonly double[] _dRestDc;
    private readonly Mat3[] _dFeature;       // per feature joint and θ component of its own variable: ∂R
    private bool _chainDerivativesValid;

    public LbsPointSet(ArticulatedMorphableModel model, IReadOnlyList<LandmarkBinding> points, int identityCount, int expressionCount, IReadOnlyList<int> variableJoints)
    {
        int kid = Math.Clamp(identityCount, 0, model.IdentityCount);
        int kexp = Math.Clamp(expressionCount, 0, model.ExpressionCount);
        _k = kid + kexp;
        _jointCount = model.JointCount;
        _parents = [.. model.JointParents];
        _variable = [.. variableJoints];
        if (_variable.Any(v => (uint)v >= (uint)_jointCount) || _variable.Distinct().Count() != _variable.Length)
        {
            throw new ArgumentException($"Variable joints [{string.Join(", ", _variable)}] must be distinct joints of 0..{_jointCount - 1}.", nameof(variableJoints));
        }

        PointCount = points.Count;
        _featureJoint = [.. _variable.Where(v => v > 0)];
        _width = _k + (9 * _featureJoint.Length);

        // Group of each joint: its nearest variable ancestor-or-self (group 1 + position), or 0 (identity).
        _groupJoint = [-1, .. _variable];
        var group = new int[_jointCount];
        for (int j = 0; j < _jointCount; j++)
        {
            int at = Array.IndexOf(_variable, j);
            group[j] = at >= 0 ? at + 1 : _parents[j] < 0 ? 0 : group[_parents[j]];
        }

        int groups = _groupJoint.Length;
        var blockStart = new List<int> { 0 };
        var blockGroup = new List<int>();
        var blockScale = new List<double>();
        var blockMean = new List<double>();
        var blockRows = new List<double>();
        var mean = new double[groups * 3];
        var rows = new double[groups * 3 * _width];
        var scale = new double[groups];
        var used = new bool[groups];
        foreach (LandmarkBinding b in points)
        {
            Array.Clear(mean);
            Array.Clear(rows);
            Array.Clear(scale);
            Array.Clear(used);
            if (b.IsMapped)
            {
                Accumulate(model, b.V0, b.W0);
                if (b.W1 != 0)
                {
                    Accumulate(model, b.V1, b.W1);
                }

                if (b.W2 != 0)
                {
                    Accumulate(model, b.V2, b.W2);
                }
            }

            for (int g = 0; g < groups; g++)
            {
                if (used[g])
                {
                    blockGroup.Add(g);
                    blockScale.Add(scale[g]);
                    blockMean.AddRange(mean.AsSpan(g * 3, 3));
                    blockRows.AddRange(rows.AsSpan(g * 3 * _width, 3 * _width));
                }
            }

            blockStart.Add(blockGroup.Count);
        }

        void Accumulate(ArticulatedMorphableModel m, int vertex, float bary)
        {
            if ((uint)vertex >= (uint)m.VertexCount)
            {
                throw new ArgumentException($"A point refers to vertex {vertex}, outside 0..{m.VertexCount - 1}.", nameof(points));
            }

            (ReadOnlyMemory<int> joints, ReadOnlyMemory<float> weights) = m.SkinningRow(vertex);
            for (int e = 0; e < joints.Length; e++)
            {
                int g = group[joints.Span[e]];
                double f = bary * (double)weights.Span[e];
                used[g] = true;
                scale[g] += f;
                GatherVertex(m, vertex, f, kid, kexp, mean.AsSpan(g * 3, 3), rows.AsSpan(g * 3 * _width, 3 * _width));
            }
        }

        _blockStart = [.. blockStart];
        _blockGroup = [.. blockGroup];
        _blockScale = [.. blockScale];
        _blockMean = [.. blockMean];
        _blockRows = [.. blockRows];

        // Joint regression rows, J_m = Σ_v r_mv·(T_v + S_v·c).
        _jointMean = new double[_jointCount * 3];
        _jointRows = new double[_jointCount * 3 * _k];
        var scratch = new double[3 * _width];
        for (int j = 0; j < _jointCount; j++)
        {
            (ReadOnlyMemory<int> vertices, ReadOnlyMemory<double> weights) = model.RegressorRow(j);
            for (int e = 0; e < vertices.Length; e++)
            {
                Array.Clear(scratch);
                GatherVertex(model, vertices.Span[e], weights.Span[e], kid, kexp, _jointMean.AsSpan(j * 3, 3), scratch);
                for (int c = 0; c < 3; c++)
                {
                    TensorPrimitives.Add(_jointRows.AsSpan(((j * 3) + c) * _k, _k), scratch.AsSpan(c * _width, _k), _jointRows.AsSpan(((j * 3) + c) * _k, _k));
                }
            }
        }

        _x = new double[_width];
        _rotation = new Mat3[_jointCount];
        _dRotation = new Mat3[_variable.Length * 3];
        _joints = new Vec3[_jointCount];
        _global = new Mat3[_jointCount];
        _translation = new Vec3[_jointCount];
        _rest = new Vec3[_jointCount];
        _y = new double[_blockGroup.Length * 3];
        _gx = new double[_width];
        _gGlobal = new Mat3[_jointCount];
        _gTranslation = new Vec3[_jointCount];
        _gJoint = new Vec3[_jointCount];
        _gRotation = new Mat3[_jointCount];
        int q = 3 * _variable.Length;
        _dGlobal = new Mat3[_jointCount * q];
        _dTranslation = new Vec3[_jointCount * q];
        _dRest = new Vec3[_jointCount * q];
        _dTranslationDc = new double[_jointCount * 3 * _k];
        _dRestDc = new double[_jointCount * 3 * _k];
        _dFeature = new Mat3[Math.Max(q, 1)];
    }

    public int PointCount { get; }

    public int CoefficientCount => _k;

    public int VariableJointCount => _variable.Length;

    public void Evaluate(ReadOnlySpan<double> coefficients, ReadOnlySpan<double> jointRotations, ReadOnlySpan<int> points, Span<double> positions)
    {
        if (coefficients.Length != _k || jointRotations.Length != 3 * _variable.Length || positions.Length < 3 * points.Length)
        {
            throw new ArgumentException($"Expected {_k} coefficients, {3 * _variable.Length} rotation values and room for {points.Length} points.");
        }

        coefficients.CopyTo(_x);
        Array.Clear(_rotation);
        for (int j = 0; j < _jointCount; j++)
        {
            _rotation[j] = Mat3.Identity;
        }

        for (int v = 0; v < _variable.Length; v++)
        {
            var omega = new Vec3(jointRotations[3 * v], jointRotations[(3 * v) + 1], jointRotations[(3 * v) + 2]);
            _rotation[_variable[v]] = Rotations.AxisAngleDerivatives(omega, out _dRotation[3 * v], out _dRotation[(3 * v) + 1], out _dRotation[(3 * v) + 2]);
        }

        for (int s = 0; s < _featureJoint.Length; s++)
        {
            ArticulatedMorphableModel.WriteFeature(_rotation[_featureJoint[s]], _x.AsSpan(_k + (9 * s), 9));
        }

        for (int j = 0; j < _jointCount; j++)
        {
            _joints[j] = new Vec3(
                _jointMean[j * 3] + TensorPrimitives.Dot(_jointRows.AsSpan(j * 3 * _k, _k), coefficients),
                _jointMean[(j * 3) + 1] + TensorPrimitives.Dot(_jointRows.AsSpan(((j * 3) + 1) * _k, _k), coefficients),
                _jointMean[(j * 3) + 2] + TensorPrimitives.Dot(_jointRows.AsSpan(((j * 3) + 2) * _k, _k), coefficients));
        }

        for (int j = 0; j < _jointCount; j++)
        {
            Chain.Step(j, _parents[j], _rotation[j], _joints, _global, _translation);
            _rest[j] = _translation[j] - (_global[j] * _joints[j]);
        }

        _chainDerivativesValid = false;
        for (int i = 0; i < points.Length; i++)
        {
            int point = points[i];
            Vec3 sum = Vec3.Zero;
            for (int b = _blockStart[point]; b < _blockStart[point + 1]; b++)
            {
                (double dx, double dy, double dz) = BlockKernels.Dot3(_blockRows.AsSpan(b * 3 * _width, 3 * _width), _x);
                var y = new Vec3(_blockMean[3 * b] + dx, _blockMean[(3 * b) + 1] + dy, _blockMean[(3 * b) + 2] + dz);
                y.CopyTo(_y.AsSpan(3 * b, 3));
                int joint = _groupJoint[_blockGroup[b]];
                sum += joint < 0 ? y : (_global[joint] * y) + (_blockScale[b] * _rest[joint]);
            }

            positions[3 * i] = sum.X;
            positions[(3 * i) + 1] = sum.Y;
            positions[(3 * i) + 2] = sum.Z;
        }
    }

    public void Backpropagate(ReadOnlySpan<int> points, ReadOnlySpan<double> pointGradients, Span<double> coefficientGradient, Span<double> rotationGradient)
    {
        Array.Clear(_gx);
        Array.Clear(_gGlobal);
        Array.Clear(_gTranslation);
        Array.Clear(_gJoint);
        Array.Clear(_gRotation);

        // Blocks: p += Rg·y + s·a ⇒ ∂/∂y = Rgᵀ·g, ∂/∂Rg += g·yᵀ, ∂/∂a += s·g; y = m + rows·x ⇒ ∂/∂x += rowsᵀ·(∂/∂y).
        for (int i = 0; i < points.Length; i++)
        {
            int point = points[i];
            var g = new Vec3(pointGradients[3 * i], pointGradients[(3 * i) + 1], pointGradients[(3 * i) + 2]);
            if (g == Vec3.Zero)
            {
                continue;
            }

            for (int b = _blockStart[point]; b < _blockStart[point + 1]; b++)
            {
                int joint = _groupJoint[_blockGroup[b]];
                Vec3 h = g;
                if (joint >= 0)
                {
                    Mat3 r = _global[joint];
                    h = new Vec3(
                        (r.M00 * g.X) + (r.M10 * g.Y) + (r.M20 * g.Z),
                        (r.M01 * g.X) + (r.M11 * g.Y) + (r.M21 * g.Z),
                        (r.M02 * g.X) + (r.M12 * g.Y) + (r.M22 * g.Z));
                    _gGlobal[joint] += Mat3.Outer(g, Vec3.Read(_y.AsSpan(3 * b, 3)));
                    // a = t − Rg·J: ∂/∂t += s·g, ∂/∂Rg −= s·g·Jᵀ, ∂/∂J −= s·Rgᵀ·g.
                    double s = _blockScale[b];
                    _gTranslation[joint] += s * g;
                    _gGlobal[joint] -= Mat3.Outer(s * g, _joints[joint]);
                    _gJoint[joint] -= s * h;
                }

                BlockKernels.AddTransposed3(_blockRows.AsSpan(b * 3 * _width, 3 * _width), h.X, h.Y, h.Z, _gx);
            }
        }

        // The chain, children before parents: Rg_k = Rg_p·R_k, t_k = Rg_p·(J_k − J_p) + t_p (root: Rg = R, t = J).
        for (int k = _jointCount - 1; k >= 0; k--)
        {
            int p = _parents[k];
            if (p < 0)
            {
                _gRotation[k] += _gGlobal[k];
                _gJoint[k] += _gTranslation[k];
                continue;
            }

            _gGlobal[p] += _gGlobal[k] * _rotation[k].Transposed();
            _gRotation[k] += _global[p].Transposed() * _gGlobal[k];
            _gGlobal[p] += Mat3.Outer(_gTranslation[k], _joints[k] - _joints[p]);
            Vec3 d = _global[p].Transposed() * _gTranslation[k];
            _gJoint[k] += d;
            _gJoint[p] -= d;
            _gTranslation[p] += _gTranslation[k];
        }

        // Pose features f = vec(R − I) of the variable non-root joints.
        for (int s = 0; s < _featureJoint.Length; s++)
        {
            _gRotation[_featureJoint[s]] += Mat3.Read(_gx.AsSpan(_k + (9 * s), 9));
        }

        // θ through Rodrigues' derivative.
        for (int v = 0; v < _variable.Length; v++)
        {
            Mat3 gr = _gRotation[_variable[v]];
            rotationGradient[3 * v] += Mat3.FrobeniusDot(gr, _dRotation[3 * v]);
            rotationGradient[(3 * v) + 1] += Mat3.FrobeniusDot(gr, _dRotation[(3 * v) + 1]);
            rotationGradient[(3 * v) + 2] += Mat3.FrobeniusDot(gr, _dRotation[(3 * v) + 2]);
        }

        // c directly and through the joints.
        TensorPrimitives.Add(coefficientGradient[.._k], _gx.AsSpan(0, _k), coefficientGradient[.._k]);
        for (int j = 0; j < _jointCount; j++)
        {
            Vec3 gj = _gJoint[j];
            if (gj == Vec3.Zero)
            {
                continue;
            }

            TensorPrimitives.MultiplyAdd(_jointRows.AsSpan(j * 3 * _k, _k), gj.X, coefficientGradient[.._k], coefficientGradient[.._k]);
            TensorPrimitives.MultiplyAdd(_jointRows.AsSpan(((j * 3) + 1) * _k, _k), gj.Y, coefficientGradient[.._k], coefficientGradient[.._k]);
            TensorPrimitives.MultiplyAdd(_jointRows.AsSpan(((j * 3) + 2) * _k, _k), gj.Z, coefficientGradient[.._k], coefficientGradient[.._k]);
        }
    }

    /// <summary>
    /// One point's Jacobian in forward mode: for each block, <c>∂p/∂c = Rg·S + s·∂a/∂c</c> and
    /// <c>∂p/∂θ = ∂Rg/∂θ·y + s·∂a/∂θ + Rg·P·∂f/∂θ</c>, with the chain's derivatives computed once per evaluation
    /// (<see cref="ChainDerivatives"/>), so a preconditioner that asks for every landmark pays for the chain once.
    /// </summary>
    public void Jacobian(int point, Span<double> coefficientJacobian, Span<double> rotationJacobian)
    {
        if (!_chainDerivativesValid)
        {
            ChainDerivatives();
        }

        int k = _k, q = 3 * _variable.Length;
        coefficientJacobian[..(3 * k)].Clear();
        rotationJacobian[..(3 * q)].Clear();
        for (int b = _blockStart[point]; b < _blockStart[point + 1]; b++)
        {
            ReadOnlySpan<double> rows = _blockRows.AsSpan(b * 3 * _width, 3 * _width);
            int joint = _groupJoint[_blockGroup[b]];
            Mat3 r = joint >= 0 ? _global[joint] : Mat3.Identity;
            double s = _blockScale[b];
            for (int axis = 0; axis < 3; axis++)
            {
                Span<double> dc = coefficientJacobian.Slice(axis * k, k);
                Vec3 rowOfR = r.Row(axis);
                TensorPrimitives.MultiplyAdd(rows[..k], rowOfR.X, dc, dc);
                TensorPrimitives.MultiplyAdd(rows.Slice(_width, k), rowOfR.Y, dc, dc);
                TensorPrimitives.MultiplyAdd(rows.Slice(2 * _width, k), rowOfR.Z, dc, dc);
                if (joint >= 0)
                {
                    TensorPrimitives.MultiplyAdd(_dRestDc.AsSpan(((joint * 3) + axis) * k, k), s, dc, dc);
                }
            }

            var y = Vec3.Read(_y.AsSpan(3 * b, 3));
            for (int i = 0; i < q; i++)
            {
                Vec3 d = Vec3.Zero;
                if (joint >= 0)
                {
                    d = (_dGlobal[(joint * q) + i] * y) + (s * _dRest[(joint * q) + i]);
                }

                // Pose features: only the feature of the joint that θ_i rotates changes, by vec(∂R/∂θ_i).
                int feature = Array.IndexOf(_featureJoint, _variable[i / 3]);
                if (feature >= 0)
                {
                    Mat3 dR = _dFeature[i];
                    int at = k + (9 * feature);
                    var pd = new Vec3(
                        FeatureDot(rows, at, dR),
                        FeatureDot(rows[_width..], at, dR),
                        FeatureDot(rows[(2 * _width)..], at, dR));
                    d += joint >= 0 ? r * pd : pd;
                }

                rotationJacobian[i] += d.X;
                rotationJacobian[q + i] += d.Y;
                rotationJacobian[(2 * q) + i] += d.Z;
            }
        }
    }

    private static double FeatureDot(ReadOnlySpan<double> row, int at, in Mat3 m) =>
        (row[at] * m.M00) + (row[at + 1] * m.M01) + (row[at + 2] * m.M02) + (row[at + 3] * m.M10) + (row[at + 4] * m.M11)
        + (row[at + 5] * m.M12) + (row[at + 6] * m.M20) + (row[at + 7] * m.M21) + (row[at + 8] * m.M22);

    /// <summary>
    /// Forward derivatives of the chain at the last evaluation: <c>∂Rg_k = ∂Rg_p·R_k + Rg_p·∂R_k</c>,
    /// <c>∂t_k = ∂Rg_p·(J_k − J_p) + ∂t_p</c>, <c>∂a_k = ∂t_k − ∂Rg_k·J_k</c> for each θ component; and for c (through
    /// the joints, <c>∂J/∂c = J_S</c>): <c>∂t_k/∂c = Rg_p·(J_S,k − J_S,p) + ∂t_p/∂c</c>, <c>∂a_k/∂c = ∂t_k/∂c − Rg_k·J_S,k</c>.
    /// </summary>
    private void ChainDerivatives()
    {
        int q = 3 * _variable.Length, k = _k;
        for (int i = 0; i < q; i++)
        {
            int variableJoint = _variable[i / 3];
            _dFeature[i] = _dRotation[i];
            for (int j = 0; j < _jointCount; j++)
            {
                int p = _parents[j];
                Mat3 dR = j == variableJoint ? _dRotation[i] : default;
                Mat3 dGlobal;
                Vec3 dT;
                if (p < 0)
                {
                    dGlobal = dR;
                    dT = Vec3.Zero;
                }
                else
                {
                    dGlobal = (_dGlobal[(p * q) + i] * _rotation[j]) + (_global[p] * dR);
                    dT = (_dGlobal[(p * q) + i] * (_joints[j] - _joints[p])) + _dTranslation[(p * q) + i];
                }

                _dGlobal[(j * q) + i] = dGlobal;
                _dTranslation[(j * q) + i] = dT;
                _dRest[(j * q) + i] = dT - (dGlobal * _joints[j]);
            }
        }

        for (int j = 0; j < _jointCount; j++)
        {
            int p = _parents[j];
            for (int axis = 0; axis < 3; axis++)
            {
                Span<double> dt = _dTranslationDc.AsSpan(((j * 3) + axis) * k, k);
                Span<double> da = _dRestDc.AsSpan(((j * 3) + axis) * k, k);
                dt.Clear();
                if (p < 0)
                {
                    _jointRows.AsSpan(((j * 3) + axis) * k, k).CopyTo(dt);
                }
                else
                {
                    _dTranslationDc.AsSpan(((p * 3) + axis) * k, k).CopyTo(dt);
                    Vec3 row = _global[p].Row(axis);
                    for (int c = 0; c < 3; c++)
                    {
                        double w = c == 0 ? row.X : c == 1 ? row.Y : row.Z;
                        TensorPrimitives.MultiplyAdd(_jointRows.AsSpan(((j * 3) + c) * k, k), w, dt, dt);
                        TensorPrimitives.MultiplyAdd(_jointRows.AsSpan(((p * 3) + c) * k, k), -w, dt, dt);
                    }
                }

                dt.CopyTo(da);
                Vec3 own = _global[j].Row(axis);
                for (int c = 0; c < 3; c++)
                {
                    double w = c == 0 ? own.X : c == 1 ? own.Y : own.Z;
                    TensorPrimitives.MultiplyAdd(_jointRows.AsSpan(((j * 3) + c) * k, k), -w, da, da);
                }
            }
        }

        _chainDerivativesValid = true;
    }

    /// <summary>Adds <c>weight ×</c> vertex v's template and σ-scaled basis rows (first K_id, K_exp) and the pose rows of the used features.</summary>
    private void GatherVertex(ArticulatedMorphableModel model, int vertex, double weight, int kid, int kexp, Span<double> mean, Span<double> rows)
    {
        ReadOnlySpan<float> template = model.Mean, identity = model.IdentityBasis, expression = model.ExpressionBasis;
        ReadOnlySpan<float> sdId = model.IdentityStdDev, sdExp = model.ExpressionStdDev, pose = model.PoseBasis;
        int mid = model.IdentityCount, mexp = model.ExpressionCount, features = model.PoseFeatureCount;
        for (int c = 0; c < 3; c++)
        {
            int row = (3 * vertex) + c;
            mean[c] += weight * template[row];
            Span<double> destination = rows.Slice(c * _width, _width);
            for (int j = 0; j < kid; j++)
            {
                destination[j] += weight * identity[(row * mid) + j] * sdId[j];
            }

            for (int j = 0; j < kexp; j++)
            {
                destination[kid + j] += weight * expression[(row * mexp) + j] * sdExp[j];
            }

            for (int s = 0; s < _featureJoint.Length; s++)
            {
                int from = (row * features) + (9 * (_featureJoint[s] - 1));
                for (int m = 0; m < 9; m++)
                {
                    destination[_k + (9 * s) + m] += weight * pose[from + m];
                }
            }
        }
    }
}
