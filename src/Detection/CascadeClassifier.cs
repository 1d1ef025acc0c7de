namespace Facebench.Detection;

/// <summary>
/// A boosted cascade as OpenCV's <c>opencv_traincascade</c> writes it (the XML with <c>stageType BOOST</c>):
/// stages of weak classifiers (decision stumps or small trees) over Haar or LBP features. Immutable and safe to
/// share between threads; detection state lives in <see cref="CascadeDetector"/>. Load with <see cref="Load"/>;
/// every index in the file is checked at load time, so evaluation never reads outside a window.
/// </summary>
public sealed class CascadeClassifier
{
    /// <summary>OpenCV subtracts this from every stage threshold when it reads a cascade (<c>THRESHOLD_EPS</c>).</summary>
    internal const float StageThresholdEpsilon = 1e-5f;

    internal CascadeClassifier(
        string origin,
        CascadeFeatureType featureType,
        int windowWidth,
        int windowHeight,
        int categoryCount,
        Stage[] stages,
        int[] treeNodeCounts,
        Node[] nodes,
        float[] leaves,
        int[] subsets,
        HaarFeature[] haarFeatures,
        LbpFeature[] lbpFeatures)
    {
        Origin = origin;
        FeatureType = featureType;
        WindowWidth = windowWidth;
        WindowHeight = windowHeight;
        CategoryCount = categoryCount;
        Stages = stages;
        TreeNodeCounts = treeNodeCounts;
        Nodes = nodes;
        Leaves = leaves;
        Subsets = subsets;
        HaarFeatures = haarFeatures;
        LbpFeatures = lbpFeatures;
        MaxNodesPerTree = treeNodeCounts.Length == 0 ? 0 : treeNodeCounts.Max();
        HasTiltedFeatures = haarFeatures.Any(f => f.Tilted);
    }

    /// <summary>Where the cascade was read from (a path, or the name given to <see cref="Parse"/>).</summary>
    public string Origin { get; }

    /// <summary>Haar or LBP.</summary>
    public CascadeFeatureType FeatureType { get; }

    /// <summary>Width of the detection window the cascade was trained on (24 for the frontal face cascades).</summary>
    public int WindowWidth { get; }

    /// <summary>Height of the training window.</summary>
    public int WindowHeight { get; }

    /// <summary>Number of stages.</summary>
    public int StageCount => Stages.Length;

    /// <summary>Number of weak classifiers over all stages.</summary>
    public int WeakClassifierCount => TreeNodeCounts.Length;

    /// <summary>Number of features in the feature pool.</summary>
    public int FeatureCount => FeatureType == CascadeFeatureType.Haar ? HaarFeatures.Count : LbpFeatures.Count;

    /// <summary>Most split nodes in one weak classifier; 1 means all weak classifiers are stumps.</summary>
    public int MaxNodesPerTree { get; }

    /// <summary>True when some Haar feature is tilted by 45° (the detector then builds the tilted integral image).</summary>
    public bool HasTiltedFeatures { get; }

    /// <summary>Number of categories of a categorical (LBP) split, 0 for ordered (Haar) splits.</summary>
    public int CategoryCount { get; }

    /// <summary>The Haar features (empty for an LBP cascade).</summary>
    public IReadOnlyList<HaarFeature> HaarFeatures { get; }

    /// <summary>The LBP features (empty for a Haar cascade).</summary>
    public IReadOnlyList<LbpFeature> LbpFeatures { get; }

    /// <summary>Stages in order.</summary>
    internal Stage[] Stages { get; }

    /// <summary>Split-node count of each weak classifier, in order.</summary>
    internal int[] TreeNodeCounts { get; }

    /// <summary>All split nodes, tree after tree.</summary>
    internal Node[] Nodes { get; }

    /// <summary>All leaf values, tree after tree (node count + 1 per tree).</summary>
    internal float[] Leaves { get; }

    /// <summary>Category bit sets of categorical nodes, <c>(CategoryCount + 31) / 32</c> ints per node.</summary>
    internal int[] Subsets { get; }

    /// <summary>Ints per categorical node in <see cref="Subsets"/>.</summary>
    internal int SubsetSize => (CategoryCount + 31) / 32;

    /// <summary>Reads a cascade XML file.</summary>
    /// <exception cref="Contracts.PluginInputException">Missing file, not XML, or not a BOOST cascade of HAAR/LBP features.</exception>
    public static CascadeClassifier Load(string path) => CascadeXmlReader.Load(path);

    /// <summary>Reads a cascade from XML text in a stream.</summary>
    /// <param name="xml">The XML.</param>
    /// <param name="origin">Names the data in error messages.</param>
    /// <exception cref="Contracts.PluginInputException">Not XML, or not a BOOST cascade of HAAR/LBP features.</exception>
    public static CascadeClassifier Parse(Stream xml, string origin) => CascadeXmlReader.Parse(xml, origin);

    /// <summary>One stage: a contiguous run of weak classifiers and the threshold their summed votes must reach.</summary>
    /// <param name="FirstTree">Index of the first weak classifier.</param>
    /// <param name="TreeCount">Number of weak classifiers.</param>
    /// <param name="Threshold">The file's threshold minus <see cref="StageThresholdEpsilon"/>, in single precision.</param>
    internal readonly record struct Stage(int FirstTree, int TreeCount, float Threshold);

    /// <summary>
    /// A split node. <see cref="Left"/>/<see cref="Right"/> &gt; 0 name another node of the same tree (relative to
    /// its root); ≤ 0 name leaf <c>-value</c> of the tree.
    /// </summary>
    /// <param name="Feature">Feature index.</param>
    /// <param name="Threshold">Split threshold (ordered features; 0 for categorical nodes).</param>
    /// <param name="Left">Taken when the feature value is below the threshold (or its category is in the subset).</param>
    /// <param name="Right">Taken otherwise.</param>
    internal readonly record struct Node(int Feature, float Threshold, int Left, int Right);
}
