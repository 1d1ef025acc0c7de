using Facebench.Annotations.Labels;
using Facebench.Contracts;

namespace Facebench.Plugins.Dataset.Images;

/// <summary>Options of <c>dataset.labelled-images</c>.</summary>
public sealed class LabelledImageOptions
{
    /// <summary>The dataset folder.</summary>
    [Option("Dataset folder; the label file's image names are relative to it (FairFace: the folder holding train/ and val/).")]
    [ResolvePath]
    public required string Path { get; set; }

    /// <summary>The label layout.</summary>
    [Option("How labels are recorded: csv (a label file, any attribute columns), fair_face (FairFace's fairface_label_*.csv as published) or utk_face (labels in UTKFace's file names, no label file).")]
    public LabelLayout Layout { get; set; } = LabelLayout.Csv;

    /// <summary>The label file.</summary>
    [Option("Label CSV with a header row (csv and fair_face layouts).")]
    [ResolvePath]
    public string? Labels { get; set; }

    /// <summary>The image column.</summary>
    [Option("Column of the label file that names the image, relative to path (fair_face: always 'file').")]
    public string FileColumn { get; set; } = "file";

    /// <summary>Landmarks column.</summary>
    [Option("Optional column of annotated landmarks: x y pairs in 0-based pixels, separated by spaces or semicolons.")]
    public string? LandmarksColumn { get; set; }

    /// <summary>Box column.</summary>
    [Option("Optional column of annotated face boxes: 'x y width height' in pixels.")]
    public string? BoxColumn { get; set; }

    /// <summary>Image extensions (UTKFace layout).</summary>
    [Option("Image file extensions to pick up in the utk_face layout, case-insensitive.")]
    public string[] Extensions { get; set; } = [".jpg", ".jpeg", ".png"];

    /// <summary>Decode in the source.</summary>
    [Option("Decode each image in the source and attach the pixels (transient), so that every stage shares one decode.")]
    public bool Decode { get; set; }
}

/// <summary>
/// A folder of face photos with attribute labels (gender, age group, ethnicity group or any other column), read from
/// the dataset's own layout (<see cref="LabelLayout"/>): FairFace's and UTKFace's as published, or any CSV. Labels
/// become the sample's <see cref="Sample.Labels"/>, which per-group reports group by (<c>group_by: [race]</c>);
/// annotated landmarks and boxes become <see cref="CoreFacets.TrueLandmarks"/> and <see cref="CoreFacets.FaceBox"/>.
/// Ids are the image paths relative to the folder. A listed image that is missing or corrupt, or a row whose values
/// are unreadable, becomes that sample's error naming the file (and label line); the others go on.
/// </summary>
[Plugin("dataset.labelled-images", PluginKind.Source, "1.0.0", "Face photos with attribute labels: FairFace, UTKFace or any label CSV, optional landmarks and boxes")]
public sealed class LabelledImageSource : Plugin<LabelledImageOptions>, ISource
{
    private const string Id = "dataset.labelled-images";
    private IReadOnlyList<LabelledImage> _entries = [];

    /// <inheritdoc />
    public long? CountHint => _entries.Count;

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        if (!Directory.Exists(Options.Path))
        {
            throw new PluginInputException("dataset folder not found.", Options.Path);
        }

        if (Options.Layout == LabelLayout.UtkFace)
        {
            var extensions = new HashSet<string>(Options.Extensions.Select(e => e.StartsWith('.') ? e : "." + e), StringComparer.OrdinalIgnoreCase);
            _entries = LabelledImageIndex.FromUtkFaceNames(Options.Path, extensions, recursive: true);
        }
        else
        {
            string labels = Options.Labels
                ?? throw new PluginInputException($"the {OptionsName(Options.Layout)} layout needs a label file: set labels.");
            _entries = LabelledImageIndex.ReadCsv(labels, Options.Layout, Options.FileColumn, Options.LandmarksColumn, Options.BoxColumn);
        }

        if (_entries.Count == 0)
        {
            Context.Warn($"no labelled images in {Options.Labels ?? Options.Path}.");
        }
    }

    /// <inheritdoc />
    public IEnumerable<Sample> Read(CancellationToken cancellationToken)
    {
        long index = 0;
        foreach (var entry in _entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string image = System.IO.Path.GetFullPath(System.IO.Path.Combine(Options.Path, entry.File));
            var sample = new Sample(entry.File) { ImagePath = image, Index = index++, Labels = entry.Labels };
            yield return Describe(sample, entry, image);
        }
    }

    private Sample Describe(Sample sample, LabelledImage entry, string image)
    {
        if (entry.Problem is not null)
        {
            return sample with { Error = new SampleError(Id, nameof(PluginInputException), entry.Problem) };
        }

        try
        {
            if (!File.Exists(image))
            {
                throw new PluginInputException($"image listed at {entry.Origin} not found.", image);
            }

            sample = ImagePixels.Attach(sample, image, Options.Decode);
            sample = entry.Landmarks is { } points ? sample.With(CoreFacets.TrueLandmarks, points) : sample;
            return entry.Box is { } box ? sample.With(CoreFacets.FaceBox, box) : sample;
        }
        catch (Exception e) when (e is PluginInputException or IOException or UnauthorizedAccessException)
        {
            return sample with { Error = new SampleError(Id, e.GetType().Name, e.Message) };
        }
    }

    private static string OptionsName(LabelLayout layout) => layout == LabelLayout.FairFace ? "fair_face" : "csv";
}
