using System.Security.Cryptography;
using System.Text.Json;
using Facebench.Contracts;
using Facebench.Imaging;
using Facebench.Testing;

namespace Facebench.Detection.Tests;

/// <summary>
/// The boxes Debian's OpenCV 4.6 found on the shared photos (tests/Detection.Tests/reference/opencv-detections.json,
/// made by tools/haar-reference/make_reference.py), and the gray images the tests feed the C# detector.
/// </summary>
public static class OpenCvReference
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "reference", "opencv-detections.json"))));

    private static readonly Dictionary<string, (byte[] Gray, int Width, int Height)> Images = [];

    /// <summary>The reference's root object.</summary>
    public static JsonElement Root => Document.Value.RootElement;

    /// <summary>Case names, for theories.</summary>
    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in Root.GetProperty("cases").EnumerateArray())
        {
            data.Add(c.GetProperty("case").GetString()!);
        }

        return data;
    }

    /// <summary>A case's cascade path and parameters.</summary>
    public static (string Cascade, DetectionParameters Parameters) Case(string name)
    {
        var c = Root.GetProperty("cases").EnumerateArray().Single(e => e.GetProperty("case").GetString() == name);
        int[] min = [.. c.GetProperty("min_size").EnumerateArray().Select(v => v.GetInt32())];
        int[] max = [.. c.GetProperty("max_size").EnumerateArray().Select(v => v.GetInt32())];
        return (c.GetProperty("cascade").GetString()!, new DetectionParameters
        {
            ScaleFactor = c.GetProperty("scale_factor").GetDouble(),
            MinNeighbors = c.GetProperty("min_neighbors").GetInt32(),
            MinSize = new ImageSize(min[0], min[1]),
            MaxSize = new ImageSize(max[0], max[1]),
        });
    }

    /// <summary>The reference images: shared-relative path, size, gray hash.</summary>
    public static IEnumerable<(string Path, int Width, int Height, string GraySha256)> ImageEntries() =>
        Root.GetProperty("images").EnumerateArray().Select(i => (
            i.GetProperty("path").GetString()!,
            i.GetProperty("width").GetInt32(),
            i.GetProperty("height").GetInt32(),
            i.GetProperty("gray_sha256").GetString()!));

    /// <summary>OpenCV's boxes for an image and case.</summary>
    public static List<PixelRect> Boxes(string imagePath, string caseName) =>
        [.. Root.GetProperty("images").EnumerateArray()
            .Single(i => i.GetProperty("path").GetString() == imagePath)
            .GetProperty("results").EnumerateArray()
            .Single(r => r.GetProperty("case").GetString() == caseName)
            .GetProperty("boxes").EnumerateArray()
            .Select(b => new PixelRect(b[0].GetInt32(), b[1].GetInt32(), b[2].GetInt32(), b[3].GetInt32()))];

    /// <summary>
    /// The gray image of a shared photo as the detector sees it: decoded by src/Imaging (SkiaSharp, whose libjpeg-turbo
    /// gives the same pixels as the Debian libjpeg-turbo that OpenCV's imread uses) and converted with
    /// <see cref="OpenCvGray"/>.
    /// </summary>
    public static (byte[] Gray, int Width, int Height) Gray(string sharedRelativePath)
    {
        lock (Images)
        {
            if (!Images.TryGetValue(sharedRelativePath, out var image))
            {
                var decoded = ImageCodec.Load(RepositoryPaths.Shared(sharedRelativePath));
                image = (OpenCvGray.Convert(decoded), decoded.Width, decoded.Height);
                Images[sharedRelativePath] = image;
            }

            return image;
        }
    }

    /// <summary>Lower-case hex SHA-256 of bytes.</summary>
    public static string Sha256(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));
}
