using Facebench.Testing;

namespace Facebench.Datasets.Tests;

/// <summary>
/// The real photos under ../shared (four PASCAL VOC photos from dlib's examples and the LFPW sample), copied into a
/// fresh temporary folder under the names a labelled dataset's layout gives them.
/// </summary>
internal static class LabelledPhotos
{
    /// <summary>The shared photos the tests use.</summary>
    public static readonly string[] Sources =
    [
        "data/dlib-faces/2007_007763.jpg",
        "data/dlib-faces/2008_001009.jpg",
        "data/dlib-faces/2008_001322.jpg",
        "data/dlib-faces/2008_002079.jpg",
        "data/lfpw-sample/image_0010.png",
    ];

    /// <summary>Copies shared photo <paramref name="index"/> to <paramref name="relative"/> under <paramref name="root"/>.</summary>
    public static void Place(string root, string relative, int index)
    {
        string target = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(RepositoryPaths.Shared(Sources[index]), target);
    }

    /// <summary>A new empty temporary folder.</summary>
    public static string NewFolder(string name) => Directory.CreateTempSubdirectory("facebench-" + name).FullName;
}
