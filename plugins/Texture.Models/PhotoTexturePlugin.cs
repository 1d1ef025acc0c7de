using Facebench.Annotations;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;

namespace Facebench.Plugins.Texture.Models;

/// <summary>Options of <c>texture.from-photos</c>.</summary>
public sealed class PhotoTextureOptions
{
    [Option("The shape model to build the texture for (its mesh gets the colours).")]
    [ComponentRef(typeof(IMorphableModel))]
    public string Model { get; set; } = "model";

    [Option("Folder of photos with iBUG .pts files beside them (same name); photos in sub-folders count for the group named by the sub-folder. Empty when dlib_xml is given.")]
    [ResolvePath]
    public string Path { get; set; } = "";

    [Option("A dlib imglab XML file with 68 parts per face box (e.g. dlib's training_with_face_landmarks.xml), instead of a .pts folder; every box is a face, in group 'all'.")]
    [ResolvePath]
    public string DlibXml { get; set; } = "";

    [Option("Colour components to keep (at most the number of faces − 1).")]
    public int Components { get; set; } = 10;

    [Option("Horizontal field of view assumed for the photos, degrees.")]
    public double FieldOfView { get; set; } = 40;

    [Option("A vertex belongs to the face region when it was visible in at least this fraction of the faces.")]
    public double RegionFraction { get; set; } = 0.5;

    [Option("Fit the jaw line as sliding contour landmarks (when the model has contour candidates).")]
    public bool Contours { get; set; } = true;

    [Option("Label the groups are values of, recorded in the model's make-up.")]
    public string Attribute { get; set; } = "group";
}

/// <summary>
/// A per-vertex albedo model built from annotated photos for any shape model (<see cref="PhotoTextureBuilder"/>):
/// landmark fit, visibility, de-lighting by SH, PCA. Records which faces and groups it came from, as model.pca does.
/// Built during validation too (a second or two per dozen photos), since stages validated next check it.
/// </summary>
[Plugin("texture.from-photos", PluginKind.Component, "1.0.0", "Per-vertex PCA albedo model built from annotated photos (.pts folder or dlib XML) for any shape model; discloses its make-up")]
public sealed class PhotoTexturePlugin : Plugin<PhotoTextureOptions>, IComponent<ITextureModel>
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg"];
    private ITextureModel? _texture;

    /// <inheritdoc />
    public ITextureModel Instance => _texture ?? throw new InvalidOperationException("texture.from-photos was used before Initialize.");

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        PhotoTextureOptions o = Options;
        if (o.Components < 1 || !(o.FieldOfView > 1 && o.FieldOfView < 170) || !(o.RegionFraction is > 0 and <= 1) || string.IsNullOrWhiteSpace(o.Attribute))
        {
            throw new PluginInputException("texture.from-photos: 'components' must be at least 1, 'field_of_view' in (1, 170) degrees, 'region_fraction' in (0, 1] and 'attribute' not empty.");
        }

        bool fromXml = o.DlibXml.Length > 0;
        if (fromXml == (o.Path.Length > 0))
        {
            throw new PluginInputException("texture.from-photos: give exactly one of 'path' (a folder of photos with .pts files) and 'dlib_xml'.");
        }

        IMorphableModel model = Context.GetComponent<IMorphableModel>(o.Model);
        List<AnnotatedFace> faces = fromXml ? FromXml(Resolve(o.DlibXml)) : FromFolder(Resolve(o.Path));
        // Name the source by its file or folder name only, so that the make-up reads the same on every machine.
        string source = fromXml ? System.IO.Path.GetFileName(o.DlibXml) : System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(Resolve(o.Path)));
        PhotoTextureModel texture = PhotoTextureBuilder.Build(model, faces, new PhotoTextureSettings
        {
            Components = o.Components,
            FieldOfView = o.FieldOfView,
            RegionFraction = o.RegionFraction,
            Contours = o.Contours,
            Attribute = o.Attribute,
            Source = source,
        }, Context.Warn);
        _texture = texture;
        Context.Info($"texture.from-photos: {texture.Name}; built from {texture.TrainingMakeup}");
    }

    private string Resolve(string path) => System.IO.Path.GetFullPath(path, Context.PipelineDirectory);

    private static List<AnnotatedFace> FromFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new PluginInputException("photo folder not found.", folder);
        }

        var faces = new List<AnnotatedFace>();
        foreach (string image in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => Extensions.Contains(System.IO.Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal))
        {
            string pts = System.IO.Path.ChangeExtension(image, ".pts");
            if (!File.Exists(pts))
            {
                continue;
            }

            string relative = System.IO.Path.GetRelativePath(folder, image).Replace('\\', '/');
            string? directory = System.IO.Path.GetDirectoryName(relative);
            string group = string.IsNullOrEmpty(directory) ? "all" : directory.Replace('\\', '/');
            faces.Add(new AnnotatedFace(relative, image, PtsFile.Read(pts), group));
        }

        if (faces.Count == 0)
        {
            throw new PluginInputException("no photos with .pts landmark files in the folder.", folder);
        }

        return faces;
    }

    private static List<AnnotatedFace> FromXml(string xml) =>
        [.. DlibXmlDataset.Read(xml).Select(f => new AnnotatedFace($"{System.IO.Path.GetFileName(f.ImagePath)}#{f.BoxIndex}", f.ImagePath, f.Parts, "all"))];
}
