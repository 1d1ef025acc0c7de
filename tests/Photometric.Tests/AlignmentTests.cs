using Facebench.Contracts;
using Facebench.Evaluation;
using Xunit;

namespace Facebench.Photometric.Tests;

/// <summary>The 3D error measures: rigid alignment forgives pose, similarity alignment also forgives size.</summary>
public sealed class AlignmentTests
{
    [Fact]
    public void Rigid_alignment_forgives_pose_and_similarity_alignment_also_size()
    {
        var random = new StableRandom(5);
        int n = 200;
        var a = new float[3 * n];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = (float)(50 * random.NextGaussian());
        }

        // b = s·R·a + t with a rotation of 40° about a tilted axis.
        double angle = 40 * Math.PI / 180, c = Math.Cos(angle), s = Math.Sin(angle);
        (double x, double y, double z) k = (0.48, 0.6, 0.64); // unit axis
        double[,] r =
        {
            { c + (k.x * k.x * (1 - c)), (k.x * k.y * (1 - c)) - (k.z * s), (k.x * k.z * (1 - c)) + (k.y * s) },
            { (k.y * k.x * (1 - c)) + (k.z * s), c + (k.y * k.y * (1 - c)), (k.y * k.z * (1 - c)) - (k.x * s) },
            { (k.z * k.x * (1 - c)) - (k.y * s), (k.z * k.y * (1 - c)) + (k.x * s), c + (k.z * k.z * (1 - c)) },
        };
        float[] Transform(double scale)
        {
            var b = new float[a.Length];
            for (int i = 0; i < n; i++)
            {
                for (int row = 0; row < 3; row++)
                {
                    double v = 0;
                    for (int col = 0; col < 3; col++)
                    {
                        v += r[row, col] * a[(3 * i) + col];
                    }

                    b[(3 * i) + row] = (float)((scale * v) + (10 * (row + 1)));
                }
            }

            return b;
        }

        float[] moved = Transform(1), grown = Transform(1.2);
        Assert.InRange(RigidAlignment.MeanVertexError(a, moved), 0, 1e-3);
        Assert.InRange(SimilarityAlignment.MeanVertexError(a, moved), 0, 1e-3);
        Assert.InRange(SimilarityAlignment.MeanVertexError(a, grown), 0, 1e-3);
        Assert.True(RigidAlignment.MeanVertexError(a, grown) > 5, "a 20% larger copy must cost the rigid error");
        Assert.Throws<ArgumentException>(() => RigidAlignment.MeanVertexError(a, moved.AsSpan(0, 9)));
    }
}
