using Facebench.Annotations;
using Facebench.Contracts;

namespace Facebench.Plugins.Dataset.Images;

/// <summary>Options of <c>dataset.images</c>.</summary>
public sealed class ImageFolderOptions
{
    /// <summary>The folder.</summary>
    [Option("Folder of JPEG/PNG/WebP/BMP photos; an iBUG .pts file of the same name beside a photo is read as its ground truth.")]
    [ResolvePath]
    public required string Path { get; set; }

    /// <summary>Image extensions.</summary>
    [Option("Image file extensions to pick up, case-insensitive (the format is recognised from the file's signature).")]
    public string[] Extensions { get; set; } = [".jpg", ".jpeg", ".png", ".webp", ".bmp"];

    /// <summary>Search sub-folders.</summary>
    [Option("Also search sub-folders (ids keep the relative path).")]
    public bool Recursive { get; set; } = true;

    /// <summary>Decode in the source.</summary>
    [Option("Single photo files read after the folder (e.g. an installed test image), relative to the pipeline file's folder; each one's id is its file name, and it has no group.")]
    public string[] Files { get; set; } = [];

    [Option("Label each photo in a sub-folder with group = that sub-folder's name (relative to path; photos directly in path get no label), as texture.from-photos counts them.")]
    public bool FolderGroups { get; set; }

    [Option("The label key folder_groups writes the sub-folder's name under: another key than 'group' keeps photos out of what reads 'group' (e.g. a probe trained on labelled renders in the same run).")]
    public string FolderLabel { get; set; } = "group";

    [Option("Decode each image in the source and attach the pixels (transient, not written to results), so that every stage shares one decode; otherwise the first stage that needs pixels decodes it.")]
    public bool Decode { get; set; }
}

/// <summary>
/// A folder of photos. Ids are the paths relative to the folder with '/' separators, in ordinal order, so they are
/// stable across machines (sharding and resume rely on that). Each sample carries its image path, its size (EXIF
/// orientation applied) and, when a <c>.pts</c> file lies beside it, the ground-truth landmarks. A corrupt image
/// or .pts file becomes that sample's error; the run goes on.
/// </summary>
[Plugin("dataset.images", PluginKind.Source, "1.0.0", "A folder of JPEG/PNG/WebP/BMP photos, with optional .pts landmark ground truth")]
public sealed class ImageFolderSource : Plugin<ImageFolderOptions>, ISource
{
    private const string Id = "dataset.images";
    private List<(string Path, string Id)> _images = [];

    /// <inheritdoc />
    public long? CountHint => _images.Count;

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        if (!Directory.Exists(Options.Path))
        {
            throw new PluginInputException("image folder not found.", Options.Path);
        }

        if (string.IsNullOrWhiteSpace(Options.FolderLabel))
        {
            throw new PluginInputException("dataset.images: folder_label is empty; it names the label folder_groups writes (default 'group').");
        }

        if (Options.Extensions.Length == 0)
        {
            throw new PluginInputException("extensions is empty: no file would be read.");
        }

        var extensions = new HashSet<string>(Options.Extensions.Select(e => e.StartsWith('.') ? e : "." + e), StringComparer.OrdinalIgnoreCase);
        var search = new EnumerationOptions { RecurseSubdirectories = Options.Recursive, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System };
        _images = [.. Directory.EnumerateFiles(Options.Path, "*", search)
            .Where(f => extensions.Contains(System.IO.Path.GetExtension(f)))
            .Select(f => (f, RelativeId(f)))
            .OrderBy(f => f.Item2, StringComparer.Ordinal)];
        foreach (string file in Options.Files.Select(f => System.IO.Path.GetFullPath(f, Context.PipelineDirectory)))
        {
            if (!File.Exists(file))
            {
                throw new PluginInputException("photo file (option 'files') not found.", file);
            }

            string id = System.IO.Path.GetFileName(file);
            if (_images.Any(i => i.Id == id))
            {
                throw new PluginInputException($"photo file (option 'files') would have the id '{id}' of another photo.", file);
            }

            _images.Add((file, id));
        }

        if (_images.Count == 0)
        {
            Context.Warn($"no images ({string.Join(", ", Options.Extensions)}) in {Options.Path}.");
        }
    }

    /// <inheritdoc />
    public IEnumerable<Sample> Read(CancellationToken cancellationToken)
    {
        long index = 0;
        foreach ((string image, string id) in _images)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var sample = new Sample(id) { ImagePath = image, Index = index++ };
            int slash = id.LastIndexOf('/');
            if (Options.FolderGroups && slash > 0)
            {
                sample = sample.WithLabel(Options.FolderLabel, id[..slash]);
            }

            yield return Describe(sample, image);
        }
    }

    private Sample Describe(Sample sample, string image)
    {
        // Read here rather than in a stage so that reports see ground truth and sizes for every sample;
        // a bad file becomes this sample's error instead of stopping the run.
        try
        {
            sample = ImagePixels.Attach(sample, image, Options.Decode);
            string pts = System.IO.Path.ChangeExtension(image, ".pts");
            return File.Exists(pts) ? sample.With(CoreFacets.TrueLandmarks, PtsFile.Read(pts)) : sample;
        }
        catch (Exception e) when (e is PluginInputException or IOException or UnauthorizedAccessException)
        {
            return sample with { Error = new SampleError(Id, e.GetType().Name, e.Message) };
        }
    }

    private string RelativeId(string file) => System.IO.Path.GetRelativePath(Options.Path, file).Replace('\\', '/');
}
