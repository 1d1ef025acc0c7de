using Facebench.Annotations;
using Facebench.Contracts;
using Facebench.Imaging;

namespace Facebench.Plugins.Dataset.Annotated;

/// <summary>Options of <c>dataset.dlib-xml</c>.</summary>
public sealed class DlibXmlOptions
{
    /// <summary>The imglab XML file.</summary>
    [Option("dlib imglab XML file (e.g. training_with_face_landmarks.xml); image paths resolve against its folder.")]
    [ResolvePath]
    public required string Path { get; set; }

    /// <summary>Points per face.</summary>
    [Option("Number of parts per box (68 for the iBUG scheme).")]
    public int Parts { get; set; } = 68;
}

/// <summary>
/// One sample per face box of a dlib imglab dataset, with the box and its parts as ground-truth landmarks.
/// Ids are <c>image#box</c>.
/// </summary>
[Plugin("dataset.dlib-xml", PluginKind.Source, "1.0.0", "Face boxes and 68-point parts from a dlib imglab XML file")]
public sealed class DlibXmlSource : Plugin<DlibXmlOptions>, ISource
{
    private IReadOnlyList<DlibFace> _faces = [];

    /// <inheritdoc />
    public long? CountHint => _faces.Count;

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        if (Options.Parts is < 1 or > 10_000)
        {
            throw new PluginInputException($"parts must be between 1 and 10000, not {Options.Parts}.");
        }

        _faces = DlibXmlDataset.Read(Options.Path, Options.Parts);
    }

    /// <inheritdoc />
    public IEnumerable<Sample> Read(CancellationToken cancellationToken)
    {
        string folder = System.IO.Path.GetDirectoryName(Options.Path)!;
        foreach (var face in _faces)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string id = $"{System.IO.Path.GetRelativePath(folder, face.ImagePath).Replace('\\', '/')}#{face.BoxIndex}";
            var sample = new Sample(id) { ImagePath = face.ImagePath }
                .With(CoreFacets.FaceBox, face.Box)
                .With(CoreFacets.TrueLandmarks, face.Parts);
            yield return WithSize(sample, face);
        }
    }

    private static Sample WithSize(Sample sample, DlibFace face)
    {
        if (face.DeclaredSize is { } declared)
        {
            return sample.With(CoreFacets.ImageSize, declared);
        }

        try
        {
            return sample.With(CoreFacets.ImageSize, ImageHeader.ReadSize(face.ImagePath));
        }
        catch (PluginInputException e)
        {
            return sample with { Error = new SampleError("dataset.dlib-xml", nameof(PluginInputException), e.Message) };
        }
    }
}
