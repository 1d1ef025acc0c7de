using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Facebench.Contracts;

namespace Facebench.Annotations;

/// <summary>One annotated face of a dlib imglab dataset: its image, box and parts.</summary>
/// <param name="ImagePath">Absolute path of the image.</param>
/// <param name="BoxIndex">0-based index of the box within its image (ignored boxes excluded).</param>
/// <param name="Box">The face box, pixels.</param>
/// <param name="Parts">Part positions indexed by part number (the part names are "00", "01", …); NaN when absent.</param>
/// <param name="DeclaredSize">The image size written in the XML, if any.</param>
public sealed record DlibFace(string ImagePath, int BoxIndex, BoundingBox Box, Point2[] Parts, ImageSize? DeclaredSize);

/// <summary>
/// dlib's imglab XML (<c>&lt;dataset&gt;&lt;images&gt;&lt;image file=…&gt;&lt;box top left width height&gt;&lt;part name x y/&gt;</c>),
/// as written by imglab and read by dlib's <c>load_image_dataset</c>. Coordinates are 0-based pixels.
/// </summary>
public static class DlibXmlDataset
{
    /// <summary>Reads every non-ignored box of the file, in document order.</summary>
    /// <param name="path">The XML file; image paths resolve against its folder.</param>
    /// <param name="partCount">Size of each part array (68 for the iBUG scheme); parts beyond it are an error.</param>
    /// <exception cref="PluginInputException">Missing file, malformed XML, or a box or part without its numbers.</exception>
    public static IReadOnlyList<DlibFace> Read(string path, int partCount = 68)
    {
        if (!File.Exists(path))
        {
            throw new PluginInputException("dataset file not found.", path);
        }

        XDocument document;
        try
        {
            document = XDocument.Load(path, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            throw new PluginInputException($"not well-formed XML (line {e.LineNumber}, column {e.LinePosition}): {e.Message}", path, e);
        }

        if (document.Root?.Name.LocalName != "dataset" || document.Root.Element("images") is not { } images)
        {
            throw new PluginInputException("not a dlib imglab dataset: expected <dataset><images>…</images></dataset>.", path);
        }

        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var faces = new List<DlibFace>();
        foreach (var image in images.Elements("image"))
        {
            string file = (string?)image.Attribute("file") ?? throw Error(path, image, "<image> has no file attribute.");
            string imagePath = Path.GetFullPath(Path.Combine(folder, file));
            ImageSize? declared = image.Attribute("width") is not null && image.Attribute("height") is not null
                ? new ImageSize(Int(path, image, "width"), Int(path, image, "height"))
                : null;
            int boxIndex = 0;
            foreach (var box in image.Elements("box"))
            {
                if ((string?)box.Attribute("ignore") is "1" or "true")
                {
                    continue;
                }

                var rect = new BoundingBox(Int(path, box, "left"), Int(path, box, "top"), Int(path, box, "width"), Int(path, box, "height"));
                var parts = Enumerable.Repeat(Point2.Missing, partCount).ToArray();
                foreach (var part in box.Elements("part"))
                {
                    string name = (string?)part.Attribute("name") ?? throw Error(path, part, "<part> has no name.");
                    if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int index) || index >= partCount)
                    {
                        throw Error(path, part, $"part name '{name}' is not a number below {partCount}.");
                    }

                    parts[index] = new Point2(Int(path, part, "x"), Int(path, part, "y"));
                }

                faces.Add(new DlibFace(imagePath, boxIndex++, rect, parts, declared));
            }
        }

        return faces;
    }

    private static int Int(string path, XElement element, string attribute)
    {
        string? text = (string?)element.Attribute(attribute);
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw Error(path, element, $"<{element.Name.LocalName}> attribute '{attribute}' must be an integer; found '{text ?? "(missing)"}'.");
    }

    private static PluginInputException Error(string path, XElement element, string message)
    {
        var info = (IXmlLineInfo)element;
        return new PluginInputException($"line {info.LineNumber}: {message}", path);
    }
}
