using Facebench.Contracts;
using Facebench.Testing;

namespace Facebench.ImageAudit.Tests;

/// <summary>A face in one of the shared photos, with its box from dlib's training XML and what a person sees.</summary>
/// <param name="Photo">Path relative to ../shared.</param>
/// <param name="Box">The face box.</param>
/// <param name="Gender">female or male, as seen.</param>
/// <param name="ApparentAge">A rough apparent age in years, as seen.</param>
public sealed record RealFace(string Photo, BoundingBox Box, string Gender, int ApparentAge)
{
    /// <summary>
    /// The close-up faces of the shared photos (boxes of 63 px and more: dlib's XML boxes, and for LFPW the box around its
    /// annotated landmarks); genders and rough ages were read off the pictures by eye.
    /// </summary>
    public static IReadOnlyList<RealFace> All { get; } =
    [
        new("data/dlib-faces/2008_001322.jpg", new BoundingBox(104, 162, 76, 76), "male", 45),
        new("data/dlib-faces/2008_001322.jpg", new BoundingBox(232, 218, 63, 63), "female", 60),
        new("data/dlib-faces/2008_001322.jpg", new BoundingBox(344, 155, 90, 90), "male", 65),
        new("data/dlib-faces/2008_001009.jpg", new BoundingBox(145, 79, 76, 76), "female", 8),
        new("data/dlib-faces/2008_001009.jpg", new BoundingBox(125, 214, 90, 91), "female", 45),
        new("data/lfpw-sample/image_0010.png", new BoundingBox(606, 204, 306, 306), "female", 35),
    ];

    /// <summary>The face as a sample: image path and face box.</summary>
    public Sample ToSample(int index) => new Sample($"face-{index}") { ImagePath = RepositoryPaths.Shared(Photo), Index = index }.With(CoreFacets.FaceBox, Box);
}
