using Facebench.Landmarks.Ert;
using Facebench.Testing;

namespace Facebench.Landmarks.Tests;

/// <summary>Paths the tests use.</summary>
internal static class DlibAssets
{
    public const string Model = ShapePredictorModel.DebianModelPath;
    public const string Csv = "data/dlib-faces/dlib-19.24-landmarks.csv";
    public const string Lfpw = "data/lfpw-sample/image_0010.png";
    public const string DlibFaces = "data/dlib-faces";

    public static string Shared(string relative) => RepositoryPaths.Shared(relative);
}
