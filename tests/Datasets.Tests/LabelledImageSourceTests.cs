using Facebench.Annotations.Labels;
using Facebench.Contracts;
using Facebench.Plugins.Dataset.Images;
using Facebench.Testing;

namespace Facebench.Datasets.Tests;

/// <summary>dataset.labelled-images on real photos laid out as FairFace, UTKFace and a generic CSV lay them out.</summary>
public sealed class LabelledImageSourceTests
{
    private const string Photos = "data/dlib-faces/2007_007763.jpg";

    [SharedDataFact(Photos, "data/lfpw-sample/image_0010.png")]
    public void FairFace_layout_as_published()
    {
        // FairFace ships fairface_label_train.csv beside train/ with these exact columns; the file names its image
        // relative to the dataset folder.
        string root = LabelledPhotos.NewFolder("fairface");
        LabelledPhotos.Place(root, "train/1.jpg", 0);
        LabelledPhotos.Place(root, "train/2.jpg", 1);
        LabelledPhotos.Place(root, "val/1.jpg", 2);
        File.WriteAllText(Path.Combine(root, "fairface_label_train.csv"),
            "file,age,gender,race,service_test\ntrain/1.jpg,50-59,Male,East Asian,True\ntrain/2.jpg,more than 70,Female,Latino_Hispanic,False\ntrain/3.jpg,20-29,Female,Indian,False\n");

        var samples = Read(new LabelledImageOptions { Path = root, Layout = LabelLayout.FairFace, Labels = Path.Combine(root, "fairface_label_train.csv") });
        Assert.Equal(["train/1.jpg", "train/2.jpg", "train/3.jpg"], samples.Select(s => s.Id));
        Assert.Equal([0L, 1, 2], samples.Select(s => s.Index));
        var first = samples[0];
        Assert.Null(first.Error);
        Assert.Equal("50-59", first.Labels["age"]);
        Assert.Equal("Male", first.Labels["gender"]);
        Assert.Equal("East Asian", first.Labels["race"]);
        Assert.Equal("True", first.Labels["service_test"]);
        Assert.Equal(Path.Combine(root, "train", "1.jpg"), first.ImagePath);
        Assert.True(first.Get(CoreFacets.ImageSize).Width > 100);
        Assert.Equal("more than 70", samples[1].Labels["age"]);

        // The listed image that is not there fails alone, naming the file and the label line.
        Assert.NotNull(samples[2].Error);
        Assert.Contains("fairface_label_train.csv:4", samples[2].Error!.Message);
        Assert.Contains(Path.Combine(root, "train", "3.jpg"), samples[2].Error!.Message);
        Assert.Equal("Indian", samples[2].Labels["race"]);
    }

    [SharedDataFact(Photos, "data/lfpw-sample/image_0010.png")]
    public void UTKFace_layout_labels_from_names_and_a_bad_name_fails_alone()
    {
        string root = LabelledPhotos.NewFolder("utkface");
        LabelledPhotos.Place(root, "UTKFace/26_0_1_20170116174525125.jpg.chip.jpg", 0);
        LabelledPhotos.Place(root, "UTKFace/8_1_3_20161220222856346.jpg.chip.jpg", 1);
        LabelledPhotos.Place(root, "UTKFace/39_1_20170116174525125.jpg.chip.jpg", 2);
        File.WriteAllText(Path.Combine(root, "UTKFace", "README.txt"), "not an image");

        var samples = Read(new LabelledImageOptions { Path = root, Layout = LabelLayout.UtkFace, Decode = true });
        Assert.Equal(["UTKFace/26_0_1_20170116174525125.jpg.chip.jpg", "UTKFace/39_1_20170116174525125.jpg.chip.jpg", "UTKFace/8_1_3_20161220222856346.jpg.chip.jpg"],
            samples.Select(s => s.Id));
        Assert.Equal(new Dictionary<string, string> { ["age"] = "26", ["age_group"] = "20-29", ["gender"] = "Male", ["race"] = "Black" }, samples[0].Labels);
        Assert.True(samples[0].Has(CoreFacets.Image));
        Assert.Contains("39_1_20170116174525125.jpg.chip.jpg", samples[1].Error!.Message);
        Assert.Equal("Female", samples[2].Labels["gender"]);
        Assert.Equal("3-9", samples[2].Labels["age_group"]);
    }

    [SharedDataFact(Photos, "data/lfpw-sample/image_0010.png")]
    public void Generic_CSV_any_columns_with_landmarks_and_boxes()
    {
        string root = LabelledPhotos.NewFolder("generic");
        LabelledPhotos.Place(root, "photos/lfpw.png", 4);
        LabelledPhotos.Place(root, "photos/voc.jpg", 3);
        File.WriteAllBytes(Path.Combine(root, "photos", "broken.jpg"), [0xFF, 0xD8, 0xFF]);
        string csv = Path.Combine(root, "attributes.csv");
        File.WriteAllText(csv, "skin_tone,path,box,eyeglasses\nV,photos/lfpw.png,\"100.5 80 150 160\",no\nII,photos/voc.jpg,,yes\nIII,photos/broken.jpg,,no\n");

        var samples = Read(new LabelledImageOptions { Path = root, Labels = csv, FileColumn = "path", BoxColumn = "box" });
        Assert.Equal(new Dictionary<string, string> { ["eyeglasses"] = "no", ["skin_tone"] = "V" }, samples[0].Labels);
        Assert.Equal(new BoundingBox(100.5, 80, 150, 160), samples[0].Get(CoreFacets.FaceBox));
        Assert.False(samples[1].Has(CoreFacets.FaceBox));
        Assert.Null(samples[1].Error);
        Assert.Contains("broken.jpg", samples[2].Error!.Message);
    }

    [Fact]
    public void Configuration_errors_name_what_is_missing()
    {
        string root = LabelledPhotos.NewFolder("config");
        var e = Assert.Throws<PluginInputException>(() => Read(new LabelledImageOptions { Path = root, Layout = LabelLayout.FairFace }));
        Assert.Contains("fair_face layout needs a label file", e.Message);
        e = Assert.Throws<PluginInputException>(() => Read(new LabelledImageOptions { Path = Path.Combine(root, "none") }));
        Assert.Contains("dataset folder not found", e.Message);

        string csv = Path.Combine(root, "labels.csv");
        File.WriteAllText(csv, "file,group\na.jpg,A\nb.jpg\n");
        e = Assert.Throws<PluginInputException>(() => Read(new LabelledImageOptions { Path = root, Labels = csv }));
        Assert.Equal($"{csv}: line 3: 1 fields, but the header has 2 (file,group).", e.Message);
    }

    private static List<Sample> Read(LabelledImageOptions options)
    {
        var source = new LabelledImageSource();
        source.Initialize(options, new TestPluginContext());
        var samples = source.Read(CancellationToken.None).ToList();
        Assert.Equal(samples.Count, source.CountHint);
        return samples;
    }
}
