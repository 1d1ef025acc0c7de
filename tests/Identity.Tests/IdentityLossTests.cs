using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Onnx.Format;
using Facebench.Testing;
using Xunit.Abstractions;

namespace Facebench.Identity.Tests;

/// <summary>The identity and content losses through faceplugin's fr_feature.onnx on the real photos of ../shared.</summary>
public sealed class IdentityLossTests(ITestOutputHelper output)
{
    [FacePluginTheory]
    [InlineData(1.0, 0.0)]
    [InlineData(0.0, 1.0)]
    public void Loss_gradient_with_respect_to_the_rendered_pixels_matches_central_differences(double identityWeight, double contentWeight)
    {
        (ImageBuffer image, Point2[] landmarks) = RealFaces.Lfpw();
        double[] photo = RealFaces.Rgb(image);
        int width = image.Width, height = image.Height;

        // A "render": the photo with its colours shifted, covering the landmarks' bounding box.
        double[] render = photo.Select((v, i) => Math.Clamp((v * (0.85 + (0.1 * (i % 3)))) + 0.03, 0, 1)).ToArray();
        var mask = new bool[width * height];
        double left = landmarks.Min(p => p.X), right = landmarks.Max(p => p.X), top = landmarks.Min(p => p.Y), bottom = landmarks.Max(p => p.Y);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                mask[(y * width) + x] = x >= left && x <= right && y >= top && y <= bottom;
            }
        }

        using var network = new FaceRecognitionNetwork(FacePluginModels.Feature, new FaceRecognitionSettings { ContentLayers = ContentLayers() });
        var loss = new IdentityLoss(network, photo, width, height, landmarks, new IdentityLossWeights(identityWeight, contentWeight));
        var gradient = new double[photo.Length];
        IdentityLossValue value = loss.Evaluate(render, mask, gradient);
        output.WriteLine($"loss {value.Total:G6}: cosine {value.Cosine:G6}, content {value.Content:G6}");
        Assert.InRange(value.Cosine, 0.3, 0.9995);
        Assert.True(value.Content > 0);
        Assert.All(Enumerable.Range(0, mask.Length).Where(p => !mask[p]), p => Assert.Equal(0, gradient[3 * p]));

        double norm = Math.Sqrt(gradient.Sum(g => g * g));
        double Directional(double[] direction, double h) =>
            (Loss(loss, render, direction, h, mask) - Loss(loss, render, direction, -h, mask)) / (2 * h);

        double numeric = Directional(gradient.Select(g => g / norm).ToArray(), 1e-3);
        output.WriteLine($"along the gradient: |∇| {norm:G6}, finite difference {numeric:G6}");
        Assert.True(Math.Abs(numeric - norm) < 2e-2 * norm, $"along the gradient the finite difference is {numeric}, the gradient's norm {norm}");

        var random = new Random(4);
        for (int d = 0; d < 3; d++)
        {
            double[] direction = PatchDirection(random, width, height, (int)left + 10, (int)top + 10, (int)(right - left) - 20, (int)(bottom - top) - 20);
            double analytic = gradient.Select((g, i) => g * direction[i]).Sum();
            numeric = Directional(direction, 1e-2);
            output.WriteLine($"patch direction {d}: analytic {analytic:G6}, finite difference {numeric:G6}");
            Assert.True(Math.Abs(numeric - analytic) < (0.05 * Math.Abs(numeric)) + (2e-5 * norm), $"patch direction {d}: analytic {analytic}, finite difference {numeric}");
        }
    }

    [FacePluginFact]
    public void A_render_identical_to_the_photo_has_cosine_one_and_no_content_loss()
    {
        (ImageBuffer image, Point2[] landmarks) = RealFaces.Lfpw();
        double[] photo = RealFaces.Rgb(image);
        using var network = new FaceRecognitionNetwork(FacePluginModels.Feature, new FaceRecognitionSettings { ContentLayers = ContentLayers() });
        var loss = new IdentityLoss(network, photo, image.Width, image.Height, landmarks, new IdentityLossWeights(1, 1));
        IdentityLossValue value = loss.Evaluate(photo, Enumerable.Repeat(true, image.Width * image.Height).ToArray(), []);
        Assert.Equal(1, value.Cosine, 5);
        Assert.Equal(0, value.Content, 8);
    }

    [FacePluginFact]
    public void The_same_face_mirrored_is_closer_than_other_peoples_faces()
    {
        // The shared data has no two photos of one person; the mirrored aligned crop (the "flip test" of face
        // verification) stands in for a second photo of the same face. 19 faces: LFPW image_0010 and the 18 of dlib's examples.
        using var network = new FaceRecognitionNetwork(FacePluginModels.Feature);
        var faces = new List<(string Name, float[] Embedding, float[] Mirrored)>();
        (ImageBuffer lfpw, Point2[] lfpwPoints) = RealFaces.Lfpw();
        foreach ((string name, ImageBuffer image, Point2[] points) in RealFaces.DlibFaces().Prepend(("lfpw image_0010", lfpw, lfpwPoints)))
        {
            AlignedFaceWarp warp = network.Warp(points, image.Width, image.Height);
            var crop = new float[warp.CropLength];
            warp.Forward(image, crop);
            faces.Add((name, network.Forward(crop).Embedding, network.Forward(Mirror(crop)).Embedding));
        }

        double[] same = faces.Select(f => FaceFeatures.Cosine(f.Embedding, f.Mirrored)).ToArray();
        var different = new List<double>();
        int closerThanEveryOther = 0;
        for (int i = 0; i < faces.Count; i++)
        {
            double[] others = faces.Where((_, j) => j != i).Select(o => FaceFeatures.Cosine(faces[i].Embedding, o.Embedding)).ToArray();
            different.AddRange(others);
            closerThanEveryOther += same[i] > others.Max() ? 1 : 0;
            output.WriteLine($"{faces[i].Name}: mirrored {same[i]:F3}, others max {others.Max():F3} mean {others.Average():F3}");
        }

        output.WriteLine($"same face mirrored: mean {same.Average():F3}; different faces: mean {different.Average():F3}");
        Assert.True(same.Average() > different.Average() + 0.3, $"same {same.Average():F3}, different {different.Average():F3}");
        Assert.True(closerThanEveryOther == faces.Count, $"only {closerThanEveryOther} of {faces.Count} faces are closer to their mirror image than to every other face");
    }

    [Fact]
    public void A_missing_model_file_is_named()
    {
        var e = Assert.Throws<FileNotFoundException>(() => new FaceRecognitionNetwork("/nonexistent/fr.onnx"));
        Assert.Contains("/nonexistent/fr.onnx", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Two PRelu activations of fr_feature, an early (56×56) and a middle one, for the content term.</summary>
    private static string[] ContentLayers()
    {
        OnnxNode[] activations = OnnxGraph.ReadFile(FacePluginModels.Feature).Nodes.Where(n => n.OpType == "PRelu").ToArray();
        return [activations[2].Outputs[0], activations[12].Outputs[0]];
    }

    private static float[] Mirror(float[] crop)
    {
        const int side = ArcFaceAlignment.Size;
        var mirrored = new float[crop.Length];
        for (int c = 0; c < 3; c++)
        {
            for (int y = 0; y < side; y++)
            {
                for (int x = 0; x < side; x++)
                {
                    mirrored[(c * side * side) + (y * side) + x] = crop[(c * side * side) + (y * side) + (side - 1 - x)];
                }
            }
        }

        return mirrored;
    }

    private static double Loss(IdentityLoss loss, double[] render, double[] direction, double h, bool[] mask) =>
        loss.Evaluate(render.Select((v, i) => v + (h * direction[i])).ToArray(), mask, []).Total;

    /// <summary>A unit direction of random values on a random 24×24 patch (all channels) inside the given rectangle.</summary>
    private static double[] PatchDirection(Random random, int width, int height, int left, int top, int w, int h)
    {
        var direction = new double[3 * width * height];
        const int patch = 24;
        int x0 = left + random.Next(Math.Max(1, w - patch)), y0 = top + random.Next(Math.Max(1, h - patch));
        for (int y = y0; y < y0 + patch; y++)
        {
            for (int x = x0; x < x0 + patch; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    direction[(3 * ((y * width) + x)) + c] = (2 * random.NextDouble()) - 1;
                }
            }
        }

        double norm = Math.Sqrt(direction.Sum(v => v * v));
        return direction.Select(v => v / norm).ToArray();
    }
}
