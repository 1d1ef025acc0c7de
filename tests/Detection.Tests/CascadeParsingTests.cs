using Facebench.Testing;
using Facebench.Contracts;

namespace Facebench.Detection.Tests;

public sealed class CascadeParsingTests
{
    private const string Haar = "/usr/share/opencv4/haarcascades/";
    private const string Lbp = "/usr/share/opencv4/lbpcascades/";

    [AssetFact(Assets.FrontalFace)]
    public void Frontal_face_default_has_25_stages_of_2913_stumps()
    {
        var cascade = CascadeClassifier.Load(Haar + "haarcascade_frontalface_default.xml");
        Assert.Equal(CascadeFeatureType.Haar, cascade.FeatureType);
        Assert.Equal((24, 24), (cascade.WindowWidth, cascade.WindowHeight));
        Assert.Equal(25, cascade.StageCount);
        Assert.Equal(2913, cascade.WeakClassifierCount);
        Assert.Equal(2913, cascade.FeatureCount);
        Assert.Equal(1, cascade.MaxNodesPerTree);
        Assert.False(cascade.HasTiltedFeatures);

        // The first stage and its first stump, as written in the file (thresholds narrowed to float like OpenCV).
        Assert.Equal(9, cascade.Stages[0].TreeCount);
        Assert.Equal((float)-5.0425500869750977 - 1e-5f, cascade.Stages[0].Threshold);
        Assert.Equal((float)-3.1511999666690826e-02, cascade.Nodes[0].Threshold);
        Assert.Equal([(float)2.0875380039215088, (float)-2.2172100543975830], cascade.Leaves[..2]);
        Assert.Equal(new HaarRectangle(6, 4, 12, 9, -1f), cascade.HaarFeatures[0].Rectangles[0]);
    }

    [AssetFact(Lbp + "lbpcascade_frontalface_improved.xml|opencv-data")]
    public void Lbp_cascade_reads_categorical_stumps()
    {
        var cascade = CascadeClassifier.Load(Lbp + "lbpcascade_frontalface_improved.xml");
        Assert.Equal(CascadeFeatureType.Lbp, cascade.FeatureType);
        Assert.Equal(19, cascade.StageCount);
        Assert.Equal(149, cascade.WeakClassifierCount);
        Assert.Equal(142, cascade.FeatureCount);
        Assert.Equal(256, cascade.CategoryCount);
        Assert.Equal(149 * 8, cascade.Subsets.Length);
    }

    [AssetFact(Haar + "haarcascade_eye_tree_eyeglasses.xml|opencv-data")]
    public void Tree_cascade_with_tilted_features_reads()
    {
        var cascade = CascadeClassifier.Load(Haar + "haarcascade_eye_tree_eyeglasses.xml");
        Assert.Equal(30, cascade.StageCount);
        Assert.Equal(851, cascade.WeakClassifierCount);
        Assert.Equal(2553, cascade.FeatureCount);
        Assert.True(cascade.MaxNodesPerTree > 1);
        Assert.True(cascade.HasTiltedFeatures);
    }

    [AssetFact(Haar + "haarcascade_licence_plate_rus_16stages.xml|opencv-data")]
    public void Old_format_cascade_is_refused_naming_the_file()
    {
        string path = Haar + "haarcascade_licence_plate_rus_16stages.xml";
        var e = Assert.Throws<PluginInputException>(() => CascadeClassifier.Load(path));
        Assert.Equal(path, e.Path);
        Assert.Contains("old-format", e.Message);
    }

    [Theory]
    [InlineData("\u0089PNG\r\n\u001a\n not xml at all", "not valid XML")]
    [InlineData("<?xml version=\"1.0\"?><html><body>hello</body></html>", "opencv_storage")]
    [InlineData("<opencv_storage><cascade><stageType>GAB</stageType></cascade></opencv_storage>", "BOOST")]
    [InlineData("<opencv_storage><cascade><stageType>BOOST</stageType><featureType>HOG</featureType></cascade></opencv_storage>", "HAAR and LBP")]
    [InlineData("<opencv_storage><cascade><stageType>BOOST</stageType><featureType>HAAR</featureType><height>24</height><width>24</width>"
        + "<featureParams><maxCatCount>0</maxCatCount></featureParams><stages><_><stageThreshold>-1</stageThreshold><weakClassifiers><_>"
        + "<internalNodes>0 -1 5 0.5</internalNodes><leafValues>1 -1</leafValues></_></weakClassifiers></_></stages>"
        + "<features><_><rects><_>0 0 4 4 -1.</_><_>0 0 2 4 2.</_></rects><tilted>0</tilted></_></features></cascade></opencv_storage>", "feature index 5")]
    [InlineData("<opencv_storage><cascade><stageType>BOOST</stageType><featureType>HAAR</featureType><height>24</height><width>24</width>"
        + "<featureParams><maxCatCount>0</maxCatCount></featureParams><stages><_><stageThreshold>-1</stageThreshold><weakClassifiers><_>"
        + "<internalNodes>0 -1 0 0.5</internalNodes><leafValues>1 -1</leafValues></_></weakClassifiers></_></stages>"
        + "<features><_><rects><_>20 0 8 4 -1.</_></rects><tilted>0</tilted></_></features></cascade></opencv_storage>", "leaves the 24x24 window")]
    [InlineData("<opencv_storage><cascade><stageType>BOOST</stageType><featureType>HAAR</featureType><height>24</height><width>24</width>"
        + "<featureParams><maxCatCount>0</maxCatCount></featureParams><stages><_><stageThreshold>-1</stageThreshold><weakClassifiers><_>"
        + "<internalNodes>1 0 0 0.5 1 -1 0 0.5</internalNodes><leafValues>1 -1 0</leafValues></_></weakClassifiers></_></stages>"
        + "<features><_><rects><_>0 0 8 4 -1.</_></rects><tilted>0</tilted></_></features></cascade></opencv_storage>", "not a later node")]
    [InlineData("<opencv_storage><cascade><stageType>BOOST</stageType><featureType>HAAR</featureType><height>24</height><width>24</width>"
        + "<featureParams><maxCatCount>0</maxCatCount></featureParams><stages><_><stageThreshold>x</stageThreshold><weakClassifiers/></_></stages>"
        + "<features><_><rects><_>0 0 8 4 -1.</_></rects></_></features></cascade></opencv_storage>", "not a valid cascade")]
    public void Wrong_format_is_a_plugin_input_error_naming_the_file(string content, string expected)
    {
        string path = Path.Combine(Path.GetTempPath(), $"facebench-cascade-{Guid.NewGuid():N}.xml");
        File.WriteAllText(path, content);
        try
        {
            var e = Assert.Throws<PluginInputException>(() => CascadeClassifier.Load(path));
            Assert.Equal(path, e.Path);
            Assert.StartsWith(path + ": ", e.Message);
            Assert.Contains(expected, e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Missing_file_names_the_package()
    {
        var e = Assert.Throws<PluginInputException>(() => CascadeClassifier.Load("/nonexistent/cascade.xml"));
        Assert.Contains("opencv-data", e.Message);
        Assert.Equal("/nonexistent/cascade.xml", e.Path);
    }
}
