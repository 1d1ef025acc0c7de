using System.Globalization;
using Facebench.Annotations;
using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Imaging;
using Facebench.Testing;

namespace Facebench.Identity.Tests;

/// <summary>The annotated real faces of ../shared: LFPW image_0010 (.pts) and the 18 faces of dlib's examples (dlib 19.24's landmarks).</summary>
internal static class RealFaces
{
    /// <summary>LFPW image_0010 and its 68 ground-truth landmarks.</summary>
    public static (ImageBuffer Image, Point2[] Landmarks) Lfpw() => (
        ImageCodec.Load(RepositoryPaths.Shared("data", "lfpw-sample", "image_0010.png")),
        PtsFile.Read(RepositoryPaths.Shared("data", "lfpw-sample", "image_0010.pts")));

    /// <summary>Every face of data/dlib-faces with the 68 points dlib 19.24 predicts for its box.</summary>
    public static IEnumerable<(string Name, ImageBuffer Image, Point2[] Landmarks)> DlibFaces()
    {
        string folder = RepositoryPaths.Shared("data", "dlib-faces");
        var images = new Dictionary<string, ImageBuffer>();
        foreach (IGrouping<string, string[]> face in File.ReadLines(Path.Combine(folder, "dlib-19.24-landmarks.csv")).Skip(1)
            .Select(line => line.Split(','))
            .GroupBy(f => $"{f[0]} box {f[1]},{f[2]}"))
        {
            string file = face.First()[0];
            if (!images.TryGetValue(file, out ImageBuffer? image))
            {
                images[file] = image = ImageCodec.Load(Path.Combine(folder, file));
            }

            Point2[] points = face.OrderBy(f => int.Parse(f[5], CultureInfo.InvariantCulture))
                .Select(f => new Point2(double.Parse(f[6], CultureInfo.InvariantCulture), double.Parse(f[7], CultureInfo.InvariantCulture))).ToArray();
            yield return (face.Key, image, points);
        }
    }

    /// <summary>An 8-bit image as interleaved RGB in [0, 1].</summary>
    public static double[] Rgb(ImageBuffer image)
    {
        var rgb = new double[3 * image.Width * image.Height];
        for (int p = 0; p < image.Width * image.Height; p++)
        {
            for (int c = 0; c < 3; c++)
            {
                rgb[(3 * p) + c] = image.Pixels[(p * image.Channels) + Math.Min(c, image.Channels - 1)] / 255.0;
            }
        }

        return rgb;
    }
}
