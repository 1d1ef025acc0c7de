using System.Runtime.InteropServices;

namespace Facebench.Detection;

/// <summary>
/// A cascade laid out for one integral-image row stride: every feature rectangle is turned into four offsets
/// from the window's top-left table entry (as OpenCV's <c>OptFeature::setOffsets</c> does), and stumps carry their
/// feature inline so the per-window loop walks one flat array. The integral tables sit in one int buffer as
/// planes: sums at 0, squared sums at <see cref="SquaresOffset"/>, tilted sums at <see cref="TiltedOffset"/>.
/// </summary>
internal sealed class CompiledCascade
{
    public CompiledCascade(CascadeClassifier cascade, int stride, int planeLength)
    {
        Cascade = cascade;
        Stride = stride;
        PlaneLength = planeLength;
        SquaresOffset = planeLength;
        TiltedOffset = cascade.HasTiltedFeatures ? 2 * planeLength : 0;
        PlaneCount = cascade.FeatureType == CascadeFeatureType.Haar ? (cascade.HasTiltedFeatures ? 3 : 2) : 1;

        // The variance window of OpenCV: the training window less a one-pixel border.
        var norm = new HaarRectangle(1, 1, cascade.WindowWidth - 2, cascade.WindowHeight - 2, 0f);
        NormOffsets = RectOffsets(norm, tilted: false);
        NormArea = (double)norm.Width * norm.Height;

        Stages = [.. cascade.Stages.Select(s => new StageData(s.TreeCount, s.Threshold))];
        IsStumps = cascade.MaxNodesPerTree == 1;
        if (cascade.FeatureType == CascadeFeatureType.Haar)
        {
            var features = cascade.HaarFeatures.Select(CompileHaar).ToArray();
            if (IsStumps)
            {
                HaarStumps = new HaarStump[cascade.Nodes.Length];
                for (int i = 0; i < HaarStumps.Length; i++)
                {
                    var node = cascade.Nodes[i];
                    // OpenCV's stump path takes the tree's two leaves as (below, above) whatever the node's pointers say.
                    HaarStumps[i] = new HaarStump(features[node.Feature], node.Threshold, cascade.Leaves[2 * i], cascade.Leaves[(2 * i) + 1]);
                }
            }

            HaarFeatures = features;
        }
        else
        {
            LbpOffsets = new int[cascade.LbpFeatures.Count * 16];
            for (int f = 0; f < cascade.LbpFeatures.Count; f++)
            {
                var feature = cascade.LbpFeatures[f];
                for (int j = 0; j < 4; j++)
                {
                    for (int i = 0; i < 4; i++)
                    {
                        LbpOffsets[(f * 16) + (j * 4) + i] = feature.X + (i * feature.BlockWidth) + (stride * (feature.Y + (j * feature.BlockHeight)));
                    }
                }
            }
        }

        TreeNodeCounts = cascade.TreeNodeCounts;
        Nodes = cascade.Nodes;
        Leaves = cascade.Leaves;
        Subsets = cascade.Subsets;
        SubsetSize = cascade.SubsetSize;
    }

    public CascadeClassifier Cascade { get; }

    public int Stride { get; }

    public int PlaneLength { get; }

    public int PlaneCount { get; }

    public int SquaresOffset { get; }

    public int TiltedOffset { get; }

    public Offsets4 NormOffsets { get; }

    public double NormArea { get; }

    public StageData[] Stages { get; }

    public bool IsStumps { get; }

    public HaarStump[] HaarStumps { get; } = [];

    public HaarFeatureOffsets[] HaarFeatures { get; } = [];

    public int[] LbpOffsets { get; } = [];

    public int[] TreeNodeCounts { get; }

    public CascadeClassifier.Node[] Nodes { get; }

    public float[] Leaves { get; }

    public int[] Subsets { get; }

    public int SubsetSize { get; }

    private HaarFeatureOffsets CompileHaar(HaarFeature feature)
    {
        Span<Offsets4> o = stackalloc Offsets4[3];
        Span<float> w = stackalloc float[3];
        for (int i = 0; i < feature.Rectangles.Count; i++)
        {
            o[i] = RectOffsets(feature.Rectangles[i], feature.Tilted);
            w[i] = feature.Rectangles[i].Weight;
        }

        for (int i = feature.Rectangles.Count; i < 3; i++)
        {
            // A missing rectangle is empty: its four offsets coincide and its sum is zero, as in OpenCV.
            int at = feature.Tilted ? TiltedOffset : 0;
            o[i] = new Offsets4(at, at, at, at);
        }

        return new HaarFeatureOffsets(o[0], o[1], o[2], w[0], w[1], w[2]);
    }

    private Offsets4 RectOffsets(HaarRectangle r, bool tilted) => tilted
        ? new Offsets4(
            TiltedOffset + r.X + (Stride * r.Y),
            TiltedOffset + r.X - r.Height + (Stride * (r.Y + r.Height)),
            TiltedOffset + r.X + r.Width + (Stride * (r.Y + r.Width)),
            TiltedOffset + r.X + r.Width - r.Height + (Stride * (r.Y + r.Width + r.Height)))
        : new Offsets4(
            r.X + (Stride * r.Y),
            r.X + r.Width + (Stride * r.Y),
            r.X + (Stride * (r.Y + r.Height)),
            r.X + r.Width + (Stride * (r.Y + r.Height)));

    /// <summary>The four table entries whose alternating sum is a rectangle's pixel sum.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public readonly record struct Offsets4(int P0, int P1, int P2, int P3);

    /// <summary>A Haar feature's three rectangles (unused ones empty) and weights.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public readonly record struct HaarFeatureOffsets(Offsets4 A, Offsets4 B, Offsets4 C, float WeightA, float WeightB, float WeightC);

    /// <summary>A decision stump with its feature inline; the two leaves are adjacent fields so they can be indexed.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct HaarStump(HaarFeatureOffsets feature, float threshold, float below, float above)
    {
        /// <summary>The feature.</summary>
        public HaarFeatureOffsets Feature = feature;

        /// <summary>Split threshold.</summary>
        public float Threshold = threshold;

        /// <summary>Vote when the feature value is below the threshold.</summary>
        public float Below = below;

        /// <summary>Vote otherwise; must follow <see cref="Below"/>.</summary>
        public float Above = above;
    }

    /// <summary>A stage: its number of weak classifiers and threshold.</summary>
    public readonly record struct StageData(int TreeCount, float Threshold);
}
