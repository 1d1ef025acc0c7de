using Facebench.Contracts;

namespace Facebench.Identity.Tests;

/// <summary>The 2-D similarity, ArcFace's five points and the aligned warp's adjoint.</summary>
public sealed class AlignmentTests
{
    [Fact]
    public void Similarity_estimate_recovers_a_known_transform_and_its_inverse_undoes_it()
    {
        var truth = new Similarity2(1.7 * Math.Cos(0.3), 1.7 * Math.Sin(0.3), 12.5, -4);
        var random = new Random(1);
        Point2[] from = Enumerable.Range(0, 6).Select(_ => new Point2(100 * random.NextDouble(), 100 * random.NextDouble())).ToArray();
        Point2[] to = from.Select(truth.Apply).ToArray();
        Similarity2 estimate = Similarity2.Estimate(from, to);
        Assert.Equal(truth.A, estimate.A, 9);
        Assert.Equal(truth.B, estimate.B, 9);
        Assert.Equal(truth.Tx, estimate.Tx, 7);
        Assert.Equal(truth.Ty, estimate.Ty, 7);
        Point2 back = estimate.Inverse().Apply(estimate.Apply(new Point2(3, 8)));
        Assert.Equal(3, back.X, 9);
        Assert.Equal(8, back.Y, 9);
    }

    [Fact]
    public void Similarity_of_coincident_points_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Similarity2.Estimate([new Point2(1, 1), new Point2(1, 1)], [new Point2(0, 0), new Point2(1, 0)]));
    }

    [Fact]
    public void Five_points_map_onto_the_arcface_reference()
    {
        // A face whose eye contours are centred on the reference eyes and whose nose tip and mouth corners sit on the
        // reference points, all seen through a similarity: the estimate must be that similarity's inverse exactly.
        var toImage = new Similarity2(2.1 * Math.Cos(-0.2), 2.1 * Math.Sin(-0.2), 140, 60);
        var landmarks = new Point2[68];
        for (int i = 0; i < 68; i++)
        {
            landmarks[i] = toImage.Apply(new Point2(56, 10 + i));
        }

        IReadOnlyList<Point2> r = ArcFaceAlignment.Reference;
        for (int k = 0; k < 6; k++)
        {
            double dx = Math.Cos(k * Math.PI / 3) * 4, dy = Math.Sin(k * Math.PI / 3) * 2;
            landmarks[36 + k] = toImage.Apply(new Point2(r[0].X + dx, r[0].Y + dy));
            landmarks[42 + k] = toImage.Apply(new Point2(r[1].X + dx, r[1].Y + dy));
        }

        landmarks[30] = toImage.Apply(r[2]);
        landmarks[48] = toImage.Apply(r[3]);
        landmarks[54] = toImage.Apply(r[4]);
        Similarity2 toCrop = ArcFaceAlignment.Estimate(landmarks);
        for (int i = 0; i < 5; i++)
        {
            Point2 p = toCrop.Apply(ArcFaceAlignment.FivePoints(landmarks)[i]);
            Assert.Equal(r[i].X, p.X, 6);
            Assert.Equal(r[i].Y, p.Y, 6);
        }

        Assert.Equal(1 / 2.1, toCrop.Scale, 9);
    }

    [Fact]
    public void Five_points_need_68_finite_landmarks()
    {
        Assert.Contains("68", Assert.Throws<ArgumentException>(() => ArcFaceAlignment.FivePoints(new Point2[5])).Message, StringComparison.Ordinal);
        var nan = new Point2[68];
        nan[30] = new Point2(double.NaN, 0);
        Assert.Contains("not finite", Assert.Throws<ArgumentException>(() => ArcFaceAlignment.FivePoints(nan)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Warp_backward_is_the_adjoint_of_the_linear_part_of_forward()
    {
        const int width = 150, height = 130;
        var warp = new AlignedFaceWarp(new Similarity2(0.9 * Math.Cos(0.4), 0.9 * Math.Sin(0.4), -20, 5), width, height);
        var random = new Random(2);
        double[] image = Enumerable.Range(0, 3 * width * height).Select(_ => random.NextDouble()).ToArray();
        float[] cropGradient = Enumerable.Range(0, warp.CropLength).Select(_ => (float)((2 * random.NextDouble()) - 1)).ToArray();
        var crop = new float[warp.CropLength];
        var offset = new float[warp.CropLength];
        warp.Forward(image, crop);
        warp.Forward(new double[image.Length], offset);
        var imageGradient = new double[image.Length];
        warp.Backward(cropGradient, imageGradient);
        double left = crop.Select((c, i) => (double)(c - offset[i]) * cropGradient[i]).Sum();
        double right = image.Select((x, i) => x * imageGradient[i]).Sum();
        Assert.True(Math.Abs(left - right) < 1e-4 * Math.Abs(left), $"⟨W x, y⟩ = {left}, ⟨x, Wᵀ y⟩ = {right}");
        Assert.Contains(imageGradient, g => g == 0); // pixels outside the crop's footprint get nothing
    }
}
