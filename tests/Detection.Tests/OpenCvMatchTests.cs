using Facebench.Testing;

namespace Facebench.Detection.Tests;

/// <summary>
/// The detector against OpenCV 4.6 itself, box for box. The gray hash test separates "our decoder differs from
/// OpenCV's imread" from "our detector differs from detectMultiScale": the detection tests only mean something
/// when the hashes agree.
/// </summary>
public sealed class OpenCvMatchTests
{
    private const string SharedPhotos = "data/dlib-faces/2007_007763.jpg";

    [SharedDataFact(SharedPhotos, "data/lfpw-sample/image_0010.png")]
    public void Decoded_gray_images_equal_the_ones_OpenCV_detected_on()
    {
        foreach (var (path, width, height, sha) in OpenCvReference.ImageEntries())
        {
            var (gray, w, h) = OpenCvReference.Gray(path);
            Assert.Equal((width, height), (w, h));
            Assert.True(sha == OpenCvReference.Sha256(gray), $"{path}: the gray image differs from the one cv2.imread + cvtColor gave (decoder difference)");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Boxes_equal_OpenCV_detectMultiScale(string caseName)
    {
        var (cascadePath, parameters) = OpenCvReference.Case(caseName);
        string? missing = Assets.FirstMissing([cascadePath + "|opencv-data", RepositoryPaths.Shared(SharedPhotos) + "|shared data"]);
        if (missing is not null)
        {
            Assert.False(SharedDataFactAttribute.IsCi, missing);
            return; // xunit 2 has no dynamic skip; outside CI a missing asset passes vacuously (the attribute-based tests skip).
        }

        var detector = new CascadeDetector(CascadeClassifier.Load(cascadePath));
        var failures = new List<string>();
        foreach (var (path, _, _, _) in OpenCvReference.ImageEntries())
        {
            var (gray, width, height) = OpenCvReference.Gray(path);
            List<PixelRect> expected = OpenCvReference.Boxes(path, caseName);
            List<PixelRect> actual = detector.Detect(gray, width, height, parameters);
            if (!expected.SequenceEqual(actual))
            {
                var missed = expected.Except(actual).ToList();
                var extra = actual.Except(expected).ToList();
                failures.Add($"{path}: OpenCV {expected.Count} boxes, ours {actual.Count}; missing [{string.Join(" ", missed.Take(8))}] extra [{string.Join(" ", extra.Take(8))}]"
                    + (missed.Count == 0 && extra.Count == 0 ? " (same boxes, different order)" : ""));
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    public static TheoryData<string> Cases() => OpenCvReference.CaseNames();
}
