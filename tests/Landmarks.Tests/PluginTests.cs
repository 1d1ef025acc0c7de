using Facebench.Annotations;
using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Imaging;
using Facebench.Landmarks.Ert;
using Facebench.Plugins.Dataset.Images;
using Facebench.Plugins.Landmarks.Dlib;
using Facebench.Testing;
using Xunit.Abstractions;

namespace Facebench.Landmarks.Tests;

/// <summary>landmarks.dlib and dataset.images driven directly, as the runner would.</summary>
public sealed class PluginTests(ITestOutputHelper output)
{
    [AssetFact(DlibAssets.Model, "data/dlib-faces/training_with_face_landmarks.xml")]
    public void The_stage_decodes_once_attaches_the_image_and_matches_the_predictor()
    {
        var stage = Stage(new DlibLandmarksOptions());
        var face = DlibXmlDataset.Read(DlibAssets.Shared("data/dlib-faces/training_with_face_landmarks.xml"))[0];
        var sample = new Sample("a") { ImagePath = face.ImagePath }.With(CoreFacets.FaceBox, face.Box);
        var result = stage.Process(sample, CancellationToken.None);
        var image = result.Get(CoreFacets.Image);
        var expected = new ShapePredictor(ShapePredictorModel.LoadShared(DlibAssets.Model)).Predict(image, face.Box);
        Assert.Equal(expected, result.Get(CoreFacets.Landmarks));
        Assert.Equal(face.Box, result.Get(DlibFacets.PredictorBox));

        // A second stage reuses the attached pixels rather than the file.
        var again = Stage(new DlibLandmarksOptions()).Process(result with { ImagePath = "/nonexistent.jpg" }, CancellationToken.None);
        Assert.Equal(expected, again.Get(CoreFacets.Landmarks));
    }

    [AssetFact(DlibAssets.Model)]
    public void Bad_samples_are_input_errors()
    {
        var stage = Stage(new DlibLandmarksOptions());
        var noBox = new Sample("n") { ImagePath = "/x.png" };
        Assert.Contains("no face box", Assert.Throws<PluginInputException>(() => stage.Process(noBox, CancellationToken.None)).Message);

        string corrupt = Path.Combine(Directory.CreateTempSubdirectory("facebench-dlib").FullName, "corrupt.png");
        File.WriteAllBytes(corrupt, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]);
        var bad = new Sample("c") { ImagePath = corrupt }.With(CoreFacets.FaceBox, new BoundingBox(0, 0, 10, 10));
        Assert.Contains(corrupt, Assert.Throws<PluginInputException>(() => stage.Process(bad, CancellationToken.None)).Message);

        var tiny = new Sample("t") { ImagePath = corrupt }.With(CoreFacets.FaceBox, new BoundingBox(0, 0, 0.5, 10));
        Assert.Contains("degenerate", Assert.Throws<PluginInputException>(() => stage.Process(tiny, CancellationToken.None)).Message);
    }

    [Fact]
    public void A_missing_model_names_the_file()
    {
        var stage = new DlibLandmarksStage();
        var e = Assert.Throws<PluginInputException>(() => stage.Initialize(new DlibLandmarksOptions { Model = "/nonexistent/sp.dat" }, new TestPluginContext()));
        Assert.Contains("/nonexistent/sp.dat", e.Message);
    }

    /// <summary>
    /// LFPW image_0010 with a box derived from its ground truth: normalised mean error against the .pts, normalised by
    /// the outer-eye-corner distance (300-W's "inter-ocular" NME).
    /// </summary>
    [AssetFact(DlibAssets.Model, DlibAssets.Lfpw, "data/lfpw-sample/image_0010.pts")]
    public void LFPW_sample_NME_with_a_ground_truth_box()
    {
        var source = new ImageFolderSource();
        source.Initialize(new ImageFolderOptions { Path = Path.GetDirectoryName(DlibAssets.Shared(DlibAssets.Lfpw))! }, new TestPluginContext());
        var sample = Assert.Single(source.Read(CancellationToken.None));
        Assert.Equal("image_0010.png", sample.Id);
        Assert.Null(sample.Error);
        var result = Stage(new DlibLandmarksOptions { Box = DlibBoxSource.TrueLandmarks }).Process(sample, CancellationToken.None);
        var truth = result.Get(CoreFacets.TrueLandmarks);
        var predicted = result.Get(CoreFacets.Landmarks);
        double interOcular = truth[36].DistanceTo(truth[45]);
        double nme = Enumerable.Range(0, 68).Average(i => predicted[i].DistanceTo(truth[i])) / interOcular;
        output.WriteLine($"LFPW image_0010: NME {nme:P2} of the outer-eye-corner distance ({interOcular:F1} px), box {result.Get(DlibFacets.PredictorBox)}");
        Assert.InRange(nme, 0, 0.08);
    }

    [Fact]
    public void Image_folder_ids_sizes_ground_truth_and_per_sample_errors()
    {
        string dir = Directory.CreateTempSubdirectory("facebench-images").FullName;
        Directory.CreateDirectory(Path.Combine(dir, "sub"));
        var gray = new ImageBuffer(5, 4, PixelFormat.Gray8, new byte[20]);
        ImageCodec.SavePng(gray, Path.Combine(dir, "b.png"));
        ImageCodec.SavePng(new ImageBuffer(3, 2, PixelFormat.Rgb24, new byte[18]), Path.Combine(dir, "sub", "c.PNG"));
        File.WriteAllText(Path.Combine(dir, "b.pts"), "version: 1\nn_points: 2\n{\n1 1\n3 2\n}\n");
        byte[] png = ImageCodec.EncodePng(gray);
        File.WriteAllBytes(Path.Combine(dir, "a-truncated.png"), png[..(png.Length - 20)]);
        File.WriteAllBytes(Path.Combine(dir, "d-empty.jpg"), []);
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "not an image");

        foreach (bool decode in new[] { false, true })
        {
            var source = new ImageFolderSource();
            source.Initialize(new ImageFolderOptions { Path = dir, Decode = decode }, new TestPluginContext());
            var samples = source.Read(CancellationToken.None).ToList();
            Assert.Equal(["a-truncated.png", "b.png", "d-empty.jpg", "sub/c.PNG"], samples.Select(s => s.Id));
            Assert.Equal(4, source.CountHint);
            var b = samples[1];
            Assert.Null(b.Error);
            Assert.Equal(new ImageSize(5, 4), b.Get(CoreFacets.ImageSize));
            Assert.Equal([new Point2(0, 0), new Point2(2, 1)], b.Get(CoreFacets.TrueLandmarks));
            Assert.Equal(decode, b.Has(CoreFacets.Image));
            Assert.Equal(new ImageSize(3, 2), samples[3].Get(CoreFacets.ImageSize));
            Assert.NotNull(samples[2].Error);
            Assert.Contains("empty", samples[2].Error!.Message);
            // The header of the truncated PNG is intact: only decoding finds the damage.
            Assert.Equal(decode, samples[0].Failed);
        }
    }

    [Fact]
    public void Image_folder_groups_by_sub_folder_and_reads_extra_files_relative_to_the_pipeline()
    {
        string dir = Directory.CreateTempSubdirectory("facebench-images").FullName;
        Directory.CreateDirectory(Path.Combine(dir, "photos", "lfpw"));
        Directory.CreateDirectory(Path.Combine(dir, "extra"));
        var image = new ImageBuffer(3, 2, PixelFormat.Rgb24, new byte[18]);
        ImageCodec.SavePng(image, Path.Combine(dir, "photos", "top.png"));
        ImageCodec.SavePng(image, Path.Combine(dir, "photos", "lfpw", "a.png"));
        ImageCodec.SavePng(image, Path.Combine(dir, "extra", "astronaut.png"));

        var source = new ImageFolderSource();
        source.Initialize(new ImageFolderOptions { Path = Path.Combine(dir, "photos"), Files = ["extra/astronaut.png"], FolderGroups = true }, new TestPluginContext(pipelineDirectory: dir));
        List<Sample> samples = [.. source.Read(CancellationToken.None)];
        Assert.Equal(["lfpw/a.png", "top.png", "astronaut.png"], samples.Select(s => s.Id));
        Assert.Equal("lfpw", samples[0].Labels["group"]);
        Assert.False(samples[1].Labels.ContainsKey("group"));
        Assert.Equal(Path.Combine(dir, "extra", "astronaut.png"), samples[2].ImagePath);

        var folders = new ImageFolderSource();
        folders.Initialize(new ImageFolderOptions { Path = Path.Combine(dir, "photos"), FolderGroups = true, FolderLabel = "folder" }, new TestPluginContext(pipelineDirectory: dir));
        Sample inLfpw = folders.Read(CancellationToken.None).Single(s => s.Id == "lfpw/a.png");
        Assert.Equal("lfpw", inLfpw.Labels["folder"]);
        Assert.False(inLfpw.Labels.ContainsKey("group"));

        string missing = Path.Combine(dir, "extra", "nobody.png");
        var error = Assert.Throws<PluginInputException>(() => new ImageFolderSource().Initialize(new ImageFolderOptions { Path = Path.Combine(dir, "photos"), Files = [missing] }, new TestPluginContext()));
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        var duplicate = Assert.Throws<PluginInputException>(() => new ImageFolderSource().Initialize(new ImageFolderOptions { Path = Path.Combine(dir, "photos"), Files = [Path.Combine(dir, "photos", "top.png")] }, new TestPluginContext()));
        Assert.Contains("'top.png'", duplicate.Message, StringComparison.Ordinal);
    }

    private static DlibLandmarksStage Stage(DlibLandmarksOptions options)
    {
        var stage = new DlibLandmarksStage();
        stage.Initialize(options, new TestPluginContext());
        return stage;
    }
}
