using System.Runtime.CompilerServices;

namespace Facebench.Detection;

/// <summary>
/// The sliding-window loop over one pyramid level and the per-window cascade evaluators. Evaluators are structs
/// used as generic arguments, so the JIT compiles one loop per cascade kind with the evaluation inlined; the loops
/// read the integral planes through pointers (offsets were bounds-checked when the cascade was loaded) and
/// allocate nothing. Arithmetic follows OpenCV's types step by step: feature values in float, stage sums in
/// double, the variance normaliser as a float reciprocal of a double square root.
/// </summary>
internal static unsafe class WindowScanner
{
    /// <summary>Scans a level whose integral planes are filled, appending accepted windows in row-major order.</summary>
    public static void Scan(CompiledCascade c, int[] planes, PyramidLevel level, List<PixelRect> output)
    {
        fixed (int* table = planes)
        fixed (CompiledCascade.HaarStump* stumps = c.HaarStumps)
        fixed (CompiledCascade.StageData* stages = c.Stages)
        fixed (CompiledCascade.HaarFeatureOffsets* haar = c.HaarFeatures)
        fixed (int* lbp = c.LbpOffsets)
        fixed (CascadeClassifier.Node* nodes = c.Nodes)
        fixed (int* treeNodes = c.TreeNodeCounts)
        fixed (float* leaves = c.Leaves)
        fixed (int* subsets = c.Subsets)
        {
            var common = new Common(c, stages);
            if (c.Cascade.FeatureType == CascadeFeatureType.Haar && c.IsStumps)
            {
                Loop(new HaarStumps(common, stumps), c, table, level, output);
            }
            else
            {
                Loop(new Trees(common, haar, lbp, nodes, treeNodes, leaves, subsets, c.SubsetSize, c.IsStumps, c.Cascade.FeatureType == CascadeFeatureType.Haar), c, table, level, output);
            }
        }
    }

    private static void Loop<T>(T evaluator, CompiledCascade c, int* table, PyramidLevel level, List<PixelRect> output)
        where T : struct, IWindowEvaluator
    {
        // OpenCV's working size: (level size + 1) - window size, both ways; windows start at multiples of the step.
        int workWidth = Math.Max(level.Width + 1 - c.Cascade.WindowWidth, 0);
        int workHeight = Math.Max(level.Height + 1 - c.Cascade.WindowHeight, 0);
        int step = level.Step;
        float scale = level.Scale;
        for (int y = 0; y < workHeight; y += step)
        {
            int* row = table + (y * c.Stride);
            for (int x = 0; x < workWidth; x += step)
            {
                int result = evaluator.Evaluate(row + x);
                if (result > 0)
                {
                    output.Add(new PixelRect(PyramidLevel.RoundFloat(x * scale), PyramidLevel.RoundFloat(y * scale), level.WindowWidth, level.WindowHeight));
                }
                else if (result == 0)
                {
                    // Rejected by the very first stage: OpenCV skips the next window of the row too.
                    x += step;
                }
            }
        }
    }

    private interface IWindowEvaluator
    {
        /// <summary>1 when every stage passes; −k when stage k rejects (0 for the first); −1 for a flat window.</summary>
        int Evaluate(int* window);
    }

    /// <summary>What every evaluator needs: stages, variance window and plane offsets.</summary>
    private readonly struct Common(CompiledCascade c, CompiledCascade.StageData* stages)
    {
        public readonly CompiledCascade.StageData* Stages = stages;
        public readonly int StageCount = c.Stages.Length;
        public readonly int SquaresOffset = c.SquaresOffset;
        public readonly CompiledCascade.Offsets4 Norm = c.NormOffsets;
        public readonly double Area = c.NormArea;

        /// <summary>
        /// OpenCV's <c>HaarEvaluator::setWindow</c>: 1/σ·area of the inner window, or false for windows whose
        /// variance is zero or tiny (area · factor ≥ 0.1).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool VarianceFactor(int* w, out float factor)
        {
            int* q = w + SquaresOffset;
            int sum = w[Norm.P0] - w[Norm.P1] - w[Norm.P2] + w[Norm.P3];
            uint squares = unchecked((uint)(q[Norm.P0] - q[Norm.P1] - q[Norm.P2] + q[Norm.P3]));
            double nf = (Area * squares) - ((double)sum * sum);
            if (nf > 0.0)
            {
                factor = (float)(1.0 / Math.Sqrt(nf));
                return Area * factor < 1e-1;
            }

            factor = 1f;
            return false;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int RectSum(int* w, in CompiledCascade.Offsets4 o) => w[o.P0] - w[o.P1] - w[o.P2] + w[o.P3];

    /// <summary>OpenCV's <c>HaarEvaluator::OptFeature::calc</c>: float weights times int sums, summed in float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float HaarValue(int* w, in CompiledCascade.HaarFeatureOffsets f)
    {
        float value = (f.WeightA * RectSum(w, f.A)) + (f.WeightB * RectSum(w, f.B));
        if (f.WeightC != 0f)
        {
            value += f.WeightC * RectSum(w, f.C);
        }

        return value;
    }

    /// <summary>OpenCV's <c>LBPEvaluator::OptFeature::calc</c> over a 4×4 grid of table offsets.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int LbpCode(int* w, int* o)
    {
        int centre = w[o[5]] - w[o[6]] - w[o[9]] + w[o[10]];
        return (w[o[0]] - w[o[1]] - w[o[4]] + w[o[5]] >= centre ? 128 : 0)
            | (w[o[1]] - w[o[2]] - w[o[5]] + w[o[6]] >= centre ? 64 : 0)
            | (w[o[2]] - w[o[3]] - w[o[6]] + w[o[7]] >= centre ? 32 : 0)
            | (w[o[6]] - w[o[7]] - w[o[10]] + w[o[11]] >= centre ? 16 : 0)
            | (w[o[10]] - w[o[11]] - w[o[14]] + w[o[15]] >= centre ? 8 : 0)
            | (w[o[9]] - w[o[10]] - w[o[13]] + w[o[14]] >= centre ? 4 : 0)
            | (w[o[8]] - w[o[9]] - w[o[12]] + w[o[13]] >= centre ? 2 : 0)
            | (w[o[4]] - w[o[5]] - w[o[8]] + w[o[9]] >= centre ? 1 : 0);
    }

    /// <summary>Haar cascades of decision stumps (the frontal face cascades): OpenCV's <c>predictOrderedStump</c>.</summary>
    private readonly struct HaarStumps(Common common, CompiledCascade.HaarStump* stumps) : IWindowEvaluator
    {
        private readonly Common _common = common;
        private readonly CompiledCascade.HaarStump* _stumps = stumps;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Evaluate(int* w)
        {
            if (!_common.VarianceFactor(w, out float factor))
            {
                return -1;
            }

            CompiledCascade.HaarStump* stump = _stumps;
            CompiledCascade.StageData* stages = _common.Stages;
            for (int s = 0; s < _common.StageCount; s++)
            {
                double sum = 0;
                CompiledCascade.HaarStump* end = stump + stages[s].TreeCount;
                for (; stump < end; stump++)
                {
                    float value = HaarValue(w, stump->Feature) * factor;
                    // Below and Above are adjacent fields: index them with the comparison's 0/1 instead of branching,
                    // since the outcome is data-dependent and a mispredicted branch costs more than the whole stump.
                    bool above = value >= stump->Threshold;
                    sum += (&stump->Below)[*(byte*)&above];
                }

                if (sum < stages[s].Threshold)
                {
                    return -s;
                }
            }

            return 1;
        }
    }

    /// <summary>
    /// Everything else: Haar trees (<c>predictOrdered</c>), LBP stumps and trees (<c>predictCategorical[Stump]</c>).
    /// </summary>
    private readonly struct Trees(
        Common common,
        CompiledCascade.HaarFeatureOffsets* haar,
        int* lbp,
        CascadeClassifier.Node* nodes,
        int* treeNodes,
        float* leaves,
        int* subsets,
        int subsetSize,
        bool stumps,
        bool isHaar) : IWindowEvaluator
    {
        private readonly Common _common = common;
        private readonly CompiledCascade.HaarFeatureOffsets* _haar = haar;
        private readonly int* _lbp = lbp;
        private readonly CascadeClassifier.Node* _nodes = nodes;
        private readonly int* _treeNodes = treeNodes;
        private readonly float* _leaves = leaves;
        private readonly int* _subsets = subsets;
        private readonly int _subsetSize = subsetSize;
        private readonly bool _stumps = stumps;
        private readonly bool _isHaar = isHaar;

        public int Evaluate(int* w)
        {
            float factor = 1f;
            if (_isHaar && !_common.VarianceFactor(w, out factor))
            {
                return -1;
            }

            int tree = 0;
            int nodeOffset = 0;
            int leafOffset = 0;
            CompiledCascade.StageData* stages = _common.Stages;
            for (int s = 0; s < _common.StageCount; s++)
            {
                double sum = 0;
                for (int end = tree + stages[s].TreeCount; tree < end; tree++)
                {
                    int idx = 0;
                    bool left;
                    do
                    {
                        int at = nodeOffset + idx;
                        CascadeClassifier.Node* node = _nodes + at;
                        if (_isHaar)
                        {
                            double value = HaarValue(w, _haar[node->Feature]) * factor;
                            left = value < node->Threshold;
                        }
                        else
                        {
                            int code = LbpCode(w, _lbp + (node->Feature * 16));
                            left = (_subsets[(at * _subsetSize) + (code >> 5)] & (1 << (code & 31))) != 0;
                        }

                        idx = left ? node->Left : node->Right;
                    }
                    while (idx > 0 && !_stumps);

                    // OpenCV's stump paths take the two leaves in order regardless of the node's pointers.
                    sum += _stumps ? _leaves[leafOffset + (left ? 0 : 1)] : _leaves[leafOffset - idx];
                    nodeOffset += _treeNodes[tree];
                    leafOffset += _treeNodes[tree] + 1;
                }

                if (sum < stages[s].Threshold)
                {
                    return -s;
                }
            }

            return 1;
        }
    }
}
