using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Plugins.Detect.Haar;
using Facebench.Testing;

namespace Facebench.Detection.Tests;

public sealed class DetectHaarStageTests
{
    private const string Photo = "data/lfpw-sample/image_0010.png";

    internal static DetectHaarStage Stage(DetectHaarOptions? options = null, TestPluginContext? context = null)
    {
        var stage = new DetectHaarStage();
        stage.Initialize(options ?? new DetectHaarOptions(), context ?? new TestPluginContext());
        return stage;
    }

    [AssetFact(Assets.FrontalFace)]
    public void Decodes_the_photo_once_and_stores_OpenCVs_largest_box()
    {
        string? missing = Assets.FirstMissing([RepositoryPaths.Shared(Photo) + "|shared data"]);
        if (missing is not null)
        {
            Assert.False(SharedDataFactAttribute.IsCi, missing);
            return;
        }

        var sample = new Sample("image_0010.png") { ImagePath = RepositoryPaths.Shared(Photo) };
        var result = Stage().Process(sample, CancellationToken.None);

        PixelRect expected = OpenCvReference.Boxes(Photo, "default").MaxBy(b => b.Area);
        Assert.Equal(expected.ToBoundingBox(), result.Get(CoreFacets.FaceBox));
        Assert.Equal("detected", result.Get(DetectionFacets.FaceBoxSource));
        Assert.Equal(OpenCvReference.Boxes(Photo, "default").Count, result.Get(DetectionFacets.FacesFound));
        Assert.True(result.TryGet(CoreFacets.Image, out ImageBuffer image));
        Assert.Equal(new ImageSize(1280, 1024), image.Size);
        Assert.Equal(image.Size, result.Get(CoreFacets.ImageSize));
    }

    [AssetFact(Assets.FrontalFace)]
    public void No_face_is_a_clear_per_sample_error()
    {
        var flat = new ImageBuffer(200, 150, PixelFormat.Gray8, Enumerable.Repeat((byte)90, 200 * 150).ToArray());
        var sample = new Sample("flat").With(CoreFacets.Image, flat);
        var e = Assert.Throws<NoFaceFoundException>(() => Stage().Process(sample, CancellationToken.None));
        Assert.Contains("no face found by haarcascade_frontalface_default.xml in sample 'flat' (decoded image, 200x150", e.Message);
    }

    [Fact]
    public void Bad_options_and_missing_cascade_fail_at_initialisation()
    {
        Assert.Throws<PluginInputException>(() => Stage(new DetectHaarOptions { ScaleFactor = 1.0 }));
        Assert.Throws<PluginInputException>(() => Stage(new DetectHaarOptions { Select = "biggest" }));
        var e = Assert.Throws<PluginInputException>(() => Stage(new DetectHaarOptions { Cascade = "/nonexistent/face.xml" }));
        Assert.Equal("/nonexistent/face.xml", e.Path);
    }

    [AssetFact(Assets.FrontalFace)]
    public void The_cascade_is_parsed_once_for_all_workers()
    {
        var a = CascadeCache.Get(DetectHaarOptions.DefaultCascade);
        var b = CascadeCache.Get(DetectHaarOptions.DefaultCascade);
        Assert.Same(a, b);
    }
}
