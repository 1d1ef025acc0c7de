using Facebench.Contracts;
using Facebench.Imaging;
using Facebench.Testing;
using Xunit;

namespace Facebench.Annotations.Tests;

public sealed class AnnotationFileTests
{
    private const string Lfpw = "data/lfpw-sample/image_0010.pts";
    private const string DlibXml = "data/dlib-faces/training_with_face_landmarks.xml";

    [SharedDataFact(Lfpw)]
    public void Pts_reads_68_points_and_converts_to_zero_based()
    {
        var points = PtsFile.Read(RepositoryPaths.Shared(Lfpw));

        Assert.Equal(68, points.Length);
        // The file's first line is "611.284152 272.773913" (1-based).
        Assert.Equal(610.284152, points[0].X, 6);
        Assert.Equal(271.773913, points[0].Y, 6);
        Assert.All(points, p => Assert.True(p.IsValid));
    }

    [Theory]
    [InlineData("version: 1\nn_points: 2\n{\n1 2\n}\n", "n_points says 2 but 1 points are listed.")]
    [InlineData("version: 1\nn_points: 1\n{\n1 2\n", "the point list is not closed with '}'; the file is truncated.")]
    [InlineData("version: 1\nn_points: 1\n{\n1 x\n}\n", "line 4: expected 'x y', found '1 x'.")]
    [InlineData("hello\n", "not a .pts file: expected 'n_points: N' and a '{' line before the points.")]
    [InlineData("n_points: -3\n{\n}\n", "line 1: n_points '-3' is not a positive count.")]
    public void Malformed_pts_files_name_the_problem(string text, string message)
    {
        var error = Assert.Throws<PluginInputException>(() => PtsFile.Parse(text.Split('\n'), "bad.pts"));
        Assert.Equal($"bad.pts: {message}", error.Message);
    }

    [SharedDataFact(DlibXml)]
    public void Dlib_xml_holds_18_faces_with_68_parts_each()
    {
        var faces = DlibXmlDataset.Read(RepositoryPaths.Shared(DlibXml));

        Assert.Equal(18, faces.Count);
        Assert.Equal(4, faces.Select(f => f.ImagePath).Distinct().Count());
        Assert.All(faces, f => Assert.Equal(68, f.Parts.Count(p => p.IsValid)));
        var first = faces[0];
        Assert.EndsWith("2007_007763.jpg", first.ImagePath, StringComparison.Ordinal);
        Assert.Equal(new BoundingBox(194, 90, 37, 37), first.Box);
        Assert.Equal(new Point2(201, 107), first.Parts[0]);
        Assert.Equal(new ImageSize(500, 375), first.DeclaredSize);
    }

    [Fact]
    public void Malformed_dlib_xml_names_file_and_line()
    {
        string path = Path.Combine(Path.GetTempPath(), $"facebench-bad-{Guid.NewGuid():N}.xml");
        File.WriteAllText(path, "<dataset><images>\n<image file='a.jpg'>\n<box top='1' left='x' width='3' height='4'/>\n</image></images></dataset>");
        try
        {
            var error = Assert.Throws<PluginInputException>(() => DlibXmlDataset.Read(path));
            Assert.Equal($"{path}: line 3: <box> attribute 'left' must be an integer; found 'x'.", error.Message);

            File.WriteAllText(path, "<dataset><images><image file='a.jpg'>");
            Assert.StartsWith($"{path}: not well-formed XML (line 1", Assert.Throws<PluginInputException>(() => DlibXmlDataset.Read(path)).Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [SharedDataTheory("data/dlib-faces/2007_007763.jpg", "data/lfpw-sample/image_0010.png")]
    [InlineData("data/dlib-faces/2007_007763.jpg", 500, 375)]
    [InlineData("data/dlib-faces/2008_001009.jpg", 0, 0)]
    [InlineData("data/lfpw-sample/image_0010.png", 0, 0)]
    public void Image_header_gives_the_pixel_size(string file, int width, int height)
    {
        var size = ImageHeader.ReadSize(RepositoryPaths.Shared(file));

        Assert.True(size.Width > 0 && size.Height > 0);
        if (width > 0)
        {
            Assert.Equal(new ImageSize(width, height), size);
        }
    }

    [SharedDataFact("data/dlib-faces/2007_007763.jpg")]
    public void Truncated_and_foreign_images_are_clear_errors()
    {
        byte[] jpeg = File.ReadAllBytes(RepositoryPaths.Shared("data/dlib-faces/2007_007763.jpg"));
        string path = Path.Combine(Path.GetTempPath(), $"facebench-trunc-{Guid.NewGuid():N}.jpg");
        try
        {
            File.WriteAllBytes(path, jpeg[..40]);
            Assert.Contains("truncated", Assert.Throws<PluginInputException>(() => ImageHeader.ReadSize(path)).Message, StringComparison.Ordinal);
            File.WriteAllText(path, "GIF89a not supported");
            Assert.Equal($"{path}: Gif images are not read here; convert the file to PNG, JPEG, WebP or BMP.", Assert.Throws<PluginInputException>(() => ImageHeader.ReadSize(path)).Message);
            File.WriteAllBytes(path, []);
            Assert.Equal($"{path}: the image file is empty.", Assert.Throws<PluginInputException>(() => ImageHeader.ReadSize(path)).Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
