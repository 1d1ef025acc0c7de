using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Facebench.Contracts;

namespace Facebench.Detection;

/// <summary>
/// Reads the cascade XML that OpenCV's <c>opencv_traincascade</c> writes (OpenCV ≥ 2.4 "new" format):
/// <c>opencv_storage/&lt;any&gt;</c> with <c>stageType</c>, <c>featureType</c>, <c>width</c>, <c>height</c>,
/// <c>featureParams/maxCatCount</c>, <c>stages/_/{stageThreshold, weakClassifiers/_/{internalNodes, leafValues}}</c>
/// and <c>features/_/{rects|rect, tilted}</c>. Numbers are read as doubles and narrowed to float where OpenCV keeps
/// floats, so thresholds and weights are the same single-precision values OpenCV compares against.
/// </summary>
internal static class CascadeXmlReader
{
    private static readonly char[] Separators = [' ', '\t', '\r', '\n'];

    public static CascadeClassifier Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new PluginInputException("cascade file not found (Debian's opencv-data installs them under /usr/share/opencv4/haarcascades and lbpcascades).", path);
        }

        using var stream = File.OpenRead(path);
        return Parse(stream, path);
    }

    public static CascadeClassifier Parse(Stream xml, string origin)
    {
        XDocument document;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
            using var reader = XmlReader.Create(xml, settings);
            document = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw new PluginInputException($"not a cascade: the file is not valid XML ({e.Message}).", origin, e);
        }

        try
        {
            return Read(document, origin);
        }
        catch (FormatException e)
        {
            throw new PluginInputException($"not a valid cascade: {e.Message}", origin, e);
        }
        catch (OverflowException e)
        {
            throw new PluginInputException($"not a valid cascade: a number is out of range ({e.Message}).", origin, e);
        }
    }

    private static CascadeClassifier Read(XDocument document, string origin)
    {
        XElement root = document.Root is { Name.LocalName: "opencv_storage" } storage && storage.Elements().FirstOrDefault() is { } cascadeElement
            ? cascadeElement
            : throw new PluginInputException("not an OpenCV cascade: expected an <opencv_storage> root holding the cascade.", origin);

        if ((string?)root.Attribute("type_id") == "opencv-haar-classifier" || root.Element("stages") is null && root.Element("size") is not null)
        {
            throw new PluginInputException(
                "this is an old-format (opencv-haar-classifier, OpenCV 1.x) cascade, which is not supported; use a cascade written by opencv_traincascade (e.g. the ones Debian's opencv-data installs under /usr/share/opencv4).",
                origin);
        }

        string stageType = Text(root, "stageType", origin);
        if (stageType != "BOOST")
        {
            throw new PluginInputException($"stageType is '{stageType}'; only BOOST cascades are supported.", origin);
        }

        string featureTypeText = Text(root, "featureType", origin);
        CascadeFeatureType featureType = featureTypeText switch
        {
            "HAAR" => CascadeFeatureType.Haar,
            "LBP" => CascadeFeatureType.Lbp,
            _ => throw new PluginInputException($"featureType is '{featureTypeText}'; only HAAR and LBP cascades are supported.", origin),
        };

        int width = Int(Text(root, "width", origin));
        int height = Int(Text(root, "height", origin));
        if (width <= 0 || height <= 0 || width > 4096 || height > 4096)
        {
            throw new PluginInputException($"window size {width}x{height} is not valid.", origin);
        }

        XElement featureParams = Child(root, "featureParams", origin);
        int categories = featureParams.Element("maxCatCount") is { } cat ? Int(cat.Value.Trim()) : 0;
        if (categories < 0 || categories > 1 << 16)
        {
            throw new PluginInputException($"maxCatCount {categories} is not valid.", origin);
        }

        if (featureType == CascadeFeatureType.Lbp && categories != 256)
        {
            throw new PluginInputException($"an LBP cascade has 256 categories, not maxCatCount {categories}.", origin);
        }

        if (featureType == CascadeFeatureType.Haar && categories != 0)
        {
            throw new PluginInputException($"a HAAR cascade has ordered splits (maxCatCount 0), not maxCatCount {categories}.", origin);
        }

        // Features first: node feature indices are checked against them.
        XElement featuresElement = Child(root, "features", origin);
        HaarFeature[] haar = [];
        LbpFeature[] lbp = [];
        if (featureType == CascadeFeatureType.Haar)
        {
            haar = [.. featuresElement.Elements().Select((f, i) => ReadHaarFeature(f, i, width, height, origin))];
        }
        else
        {
            lbp = [.. featuresElement.Elements().Select((f, i) => ReadLbpFeature(f, i, width, height, origin))];
        }

        int featureCount = haar.Length + lbp.Length;
        if (featureCount == 0)
        {
            throw new PluginInputException("the cascade has no features.", origin);
        }

        int subsetSize = (categories + 31) / 32;
        int nodeStep = 3 + (categories > 0 ? subsetSize : 1);
        var stages = new List<CascadeClassifier.Stage>();
        var treeNodeCounts = new List<int>();
        var nodes = new List<CascadeClassifier.Node>();
        var leaves = new List<float>();
        var subsets = new List<int>();

        foreach (XElement stageElement in Child(root, "stages", origin).Elements())
        {
            int stageIndex = stages.Count;
            float threshold = (float)Double(Text(stageElement, "stageThreshold", origin)) - CascadeClassifier.StageThresholdEpsilon;
            XElement weak = Child(stageElement, "weakClassifiers", origin);
            int first = treeNodeCounts.Count;
            foreach (XElement tree in weak.Elements())
            {
                string[] internalNodes = Tokens(Text(tree, "internalNodes", origin));
                string[] leafValues = Tokens(Text(tree, "leafValues", origin));
                if (internalNodes.Length == 0 || internalNodes.Length % nodeStep != 0)
                {
                    throw new PluginInputException($"stage {stageIndex}: internalNodes has {internalNodes.Length} numbers, not a positive multiple of {nodeStep}.", origin);
                }

                int nodeCount = internalNodes.Length / nodeStep;
                if (leafValues.Length != nodeCount + 1)
                {
                    throw new PluginInputException($"stage {stageIndex}: a tree with {nodeCount} split nodes has {leafValues.Length} leaf values, not {nodeCount + 1}.", origin);
                }

                for (int n = 0; n < nodeCount; n++)
                {
                    int at = n * nodeStep;
                    int left = Int(internalNodes[at]);
                    int right = Int(internalNodes[at + 1]);
                    int feature = Int(internalNodes[at + 2]);
                    if (feature < 0 || feature >= featureCount)
                    {
                        throw new PluginInputException($"stage {stageIndex}: feature index {feature} is outside the {featureCount} features.", origin);
                    }

                    // Children must come after their parent (and leaves must exist): this also rules out cycles.
                    foreach (int child in (ReadOnlySpan<int>)[left, right])
                    {
                        if (child > 0 ? child <= n || child >= nodeCount : -child > nodeCount)
                        {
                            throw new PluginInputException($"stage {stageIndex}: node {n} of a {nodeCount}-node tree points to {child}, which is not a later node or a leaf.", origin);
                        }
                    }

                    float splitThreshold = 0f;
                    if (categories > 0)
                    {
                        for (int k = 0; k < subsetSize; k++)
                        {
                            subsets.Add(Int(internalNodes[at + 3 + k]));
                        }
                    }
                    else
                    {
                        splitThreshold = (float)Double(internalNodes[at + 3]);
                    }

                    nodes.Add(new CascadeClassifier.Node(feature, splitThreshold, left, right));
                }

                leaves.AddRange(leafValues.Select(v => (float)Double(v)));
                treeNodeCounts.Add(nodeCount);
            }

            if (treeNodeCounts.Count == first)
            {
                throw new PluginInputException($"stage {stageIndex} has no weak classifiers.", origin);
            }

            stages.Add(new CascadeClassifier.Stage(first, treeNodeCounts.Count - first, threshold));
        }

        if (stages.Count == 0)
        {
            throw new PluginInputException("the cascade has no stages.", origin);
        }

        return new CascadeClassifier(origin, featureType, width, height, categories, [.. stages], [.. treeNodeCounts], [.. nodes], [.. leaves], [.. subsets], haar, lbp);
    }

    private static HaarFeature ReadHaarFeature(XElement element, int index, int width, int height, string origin)
    {
        bool tilted = element.Element("tilted") is { } t && Int(t.Value.Trim()) != 0;
        var rects = new List<HaarRectangle>();
        foreach (XElement r in Child(element, "rects", origin).Elements())
        {
            string[] v = Tokens(r.Value);
            if (v.Length != 5)
            {
                throw new PluginInputException($"feature {index}: a rectangle has {v.Length} numbers, not 5 (x y width height weight).", origin);
            }

            var rect = new HaarRectangle(Int(v[0]), Int(v[1]), Int(v[2]), Int(v[3]), (float)Double(v[4]));
            bool inside = rect.Width >= 0 && rect.Height >= 0 && rect.Y >= 0 && (tilted
                ? rect.X - rect.Height >= 0 && rect.X + rect.Width <= width && rect.Y + rect.Width + rect.Height <= height
                : rect.X >= 0 && rect.X + rect.Width <= width && rect.Y + rect.Height <= height);
            if (!inside)
            {
                throw new PluginInputException($"feature {index}: rectangle {rect.X} {rect.Y} {rect.Width} {rect.Height}{(tilted ? " (tilted)" : "")} leaves the {width}x{height} window.", origin);
            }

            rects.Add(rect);
        }

        if (rects.Count is < 1 or > 3)
        {
            throw new PluginInputException($"feature {index} has {rects.Count} rectangles; a Haar feature has 1 to 3.", origin);
        }

        return new HaarFeature(rects, tilted);
    }

    private static LbpFeature ReadLbpFeature(XElement element, int index, int width, int height, string origin)
    {
        string[] v = Tokens(Text(element, "rect", origin));
        if (v.Length != 4)
        {
            throw new PluginInputException($"feature {index}: rect has {v.Length} numbers, not 4 (x y block-width block-height).", origin);
        }

        var f = new LbpFeature(Int(v[0]), Int(v[1]), Int(v[2]), Int(v[3]));
        if (f.X < 0 || f.Y < 0 || f.BlockWidth <= 0 || f.BlockHeight <= 0 || f.X + (3 * f.BlockWidth) > width || f.Y + (3 * f.BlockHeight) > height)
        {
            throw new PluginInputException($"feature {index}: the 3x3 block grid at {f.X},{f.Y} with {f.BlockWidth}x{f.BlockHeight} blocks leaves the {width}x{height} window.", origin);
        }

        return f;
    }

    private static XElement Child(XElement parent, string name, string origin) =>
        parent.Element(name) ?? throw new PluginInputException($"not a valid cascade: <{parent.Name.LocalName}> has no <{name}>.", origin);

    private static string Text(XElement parent, string name, string origin) => Child(parent, name, origin).Value.Trim();

    private static string[] Tokens(string text) => text.Split(Separators, StringSplitOptions.RemoveEmptyEntries);

    private static int Int(string text) => int.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    private static double Double(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
