using Facebench.Annotations;
using Facebench.Contracts;
using Facebench.Imaging;

namespace Facebench.Plugins.Dataset.Annotated;

/// <summary>Options of <c>dataset.pts-folder</c>.</summary>
public sealed class PtsFolderOptions
{
    /// <summary>The folder.</summary>
    [Option("Folder of images, each with an iBUG .pts file of the same name beside it.")]
    [ResolvePath]
    public required string Path { get; set; }

    /// <summary>Image extensions.</summary>
    [Option("Image file extensions to pick up, case-insensitive.")]
    public string[] Extensions { get; set; } = [".png", ".jpg", ".jpeg"];

    /// <summary>Search sub-folders.</summary>
    [Option("Also search sub-folders.")]
    public bool Recursive { get; set; }

    /// <summary>Skip images without landmarks.</summary>
    [Option("Yield images that have no .pts file too (without ground truth) instead of skipping them.")]
    public bool IncludeUnannotated { get; set; }
}

/// <summary>
/// A folder of face photos with 300-W style <c>.pts</c> ground truth (1-based, converted to 0-based).
/// Sample ids are the image paths relative to the folder, so they are stable across machines.
/// A malformed .pts or unreadable image fails that sample only.
/// </summary>
[Plugin("dataset.pts-folder", PluginKind.Source, "1.0.0", "Images with iBUG .pts landmark files beside them (e.g. 300-W, LFPW)")]
public sealed class PtsFolderSource : Plugin<PtsFolderOptions>, ISource
{
    private List<string> _images = [];

    /// <inheritdoc />
    public long? CountHint => _images.Count;

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        if (!Directory.Exists(Options.Path))
        {
            throw new PluginInputException("image folder not found.", Options.Path);
        }

        var extensions = new HashSet<string>(Options.Extensions, StringComparer.OrdinalIgnoreCase);
        _images = [.. Directory.EnumerateFiles(Options.Path, "*", Options.Recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
            .Where(f => extensions.Contains(System.IO.Path.GetExtension(f)))
            .Where(f => Options.IncludeUnannotated || File.Exists(PtsPath(f)))
            .Order(StringComparer.Ordinal)];
        if (_images.Count == 0)
        {
            Context.Warn($"no {(Options.IncludeUnannotated ? "" : "annotated ")}images ({string.Join(", ", Options.Extensions)}) in {Options.Path}.");
        }
    }

    /// <inheritdoc />
    public IEnumerable<Sample> Read(CancellationToken cancellationToken)
    {
        foreach (string image in _images)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string id = System.IO.Path.GetRelativePath(Options.Path, image).Replace('\\', '/');
            var sample = new Sample(id) { ImagePath = image };
            yield return Annotate(sample, image);
        }
    }

    private static Sample Annotate(Sample sample, string image)
    {
        // Files are read here rather than in a stage so that a report sees ground truth for every sample;
        // a bad file becomes this sample's error instead of stopping the run.
        try
        {
            sample = sample.With(CoreFacets.ImageSize, ImageHeader.ReadSize(image));
            string pts = PtsPath(image);
            return File.Exists(pts) ? sample.With(CoreFacets.TrueLandmarks, PtsFile.Read(pts)) : sample;
        }
        catch (PluginInputException e)
        {
            return sample with { Error = new SampleError("dataset.pts-folder", nameof(PluginInputException), e.Message) };
        }
    }

    private static string PtsPath(string image) => System.IO.Path.ChangeExtension(image, ".pts");
}
