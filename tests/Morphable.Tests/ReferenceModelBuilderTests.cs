using Facebench.Contracts.Morphable;
using Facebench.Morphable;

namespace Facebench.Morphable.Tests;

public sealed class ReferenceModelBuilderTests
{
    private static readonly Lazy<LinearMorphableModel> Model = new(() => ReferenceModelBuilder.Build());

    [Fact]
    public void Has_the_promised_size_and_structure()
    {
        LinearMorphableModel m = Model.Value;
        Assert.True(m.VertexCount >= 2000);
        Assert.True(m.IdentityCount >= 20);
        Assert.True(m.ExpressionCount >= 5);
        Assert.Contains("synthetic", m.Name, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2 * m.VertexCount, m.TextureCoordinates.Length);
        for (int k = 1; k < m.IdentityCount; k++)
        {
            Assert.True(m.IdentityStdDev[k] < m.IdentityStdDev[k - 1], $"σ[{k}] = {m.IdentityStdDev[k]} ≥ σ[{k - 1}]");
        }

        Assert.Equal(["jaw_open", "smile", "brow_raise", "lip_pucker", "eye_closure", "frown"], ReferenceModelBuilder.ExpressionNames);
    }

    [Fact]
    public void Identity_basis_is_orthonormal()
    {
        LinearMorphableModel m = Model.Value;
        int k = m.IdentityCount, rows = 3 * m.VertexCount;
        for (int a = 0; a < k; a += 5)
        {
            for (int b = a; b < k; b += 3)
            {
                double dot = 0;
                for (int r = 0; r < rows; r++)
                {
                    dot += (double)m.IdentityBasis[(r * k) + a] * m.IdentityBasis[(r * k) + b];
                }

                Assert.Equal(a == b ? 1.0 : 0.0, dot, 1e-4);
            }
        }
    }

    [Fact]
    public void Builds_are_identical()
    {
        LinearMorphableModel a = Model.Value, b = ReferenceModelBuilder.Build();
        Assert.True(a.Mean.SequenceEqual(b.Mean));
        Assert.True(a.IdentityBasis.SequenceEqual(b.IdentityBasis));
        Assert.True(a.IdentityStdDev.SequenceEqual(b.IdentityStdDev));
        Assert.True(a.ExpressionBasis.SequenceEqual(b.ExpressionBasis));
        Assert.True(a.Triangles.SequenceEqual(b.Triangles));
        Assert.Equal(a.Landmarks.Points, b.Landmarks.Points);
    }

    [Fact]
    public void Mesh_is_closed_and_consistently_oriented()
    {
        LinearMorphableModel m = Model.Value;
        ReadOnlySpan<int> t = m.Triangles;
        var directed = new HashSet<(int, int)>();
        for (int i = 0; i < t.Length; i += 3)
        {
            Assert.True(t[i] != t[i + 1] && t[i + 1] != t[i + 2] && t[i] != t[i + 2], "degenerate triangle");
            for (int e = 0; e < 3; e++)
            {
                Assert.True(directed.Add((t[i + e], t[i + ((e + 1) % 3)])), "an edge is used twice in the same direction");
            }
        }

        // Closed and consistently oriented: every directed edge has its reverse.
        Assert.All(directed, e => Assert.Contains((e.Item2, e.Item1), directed));

        // Outward: the signed volume is positive (and about that of a head, 3–6 litres).
        double volume = 0;
        ReadOnlySpan<float> v = m.Mean;
        for (int i = 0; i < t.Length; i += 3)
        {
            int a = 3 * t[i], b = 3 * t[i + 1], c = 3 * t[i + 2];
            volume += ((v[a] * ((v[b + 1] * v[c + 2]) - (v[b + 2] * v[c + 1])))
                - (v[a + 1] * ((v[b] * v[c + 2]) - (v[b + 2] * v[c])))
                + (v[a + 2] * ((v[b] * v[c + 1]) - (v[b + 1] * v[c])))) / 6;
        }

        Assert.InRange(volume / 1e6, 3, 6.5);
    }

    [Fact]
    public void All_68_landmarks_are_mapped_at_plausible_places()
    {
        LinearMorphableModel m = Model.Value;
        LandmarkEmbedding lm = m.Landmarks;
        Assert.Equal(68, lm.MappedCount);
        Assert.True(lm.HasContours);
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7], lm.RightContourLandmarks);
        Assert.Equal([9, 10, 11, 12, 13, 14, 15, 16], lm.LeftContourLandmarks);

        float[] p = Positions(m);
        double X(int l) => p[3 * l];
        double Y(int l) => p[(3 * l) + 1];
        double Z(int l) => p[(3 * l) + 2];

        Assert.InRange(X(16) - X(0), 130, 170);              // face about 150 mm wide
        Assert.InRange(X(45) - X(36), 80, 100);              // outer eye corners
        Assert.True(Z(30) > Z(27) + 10);                     // the nose tip sticks out
        Assert.True(Y(27) > Y(30) && Y(30) > Y(33) && Y(33) > Y(51) && Y(51) > Y(57) && Y(57) > Y(8)); // top to bottom
        Assert.True(X(36) < 0 && X(45) > 0);                 // the subject's right is −x
        Assert.True(Y(19) > Y(37));                          // brows above eyes
        for (int l = 0; l < 8; l++)
        {
            Assert.Equal(X(l), -X(16 - l), 0.1);             // symmetric jaw (up to the triangulation, whose diagonals are not mirrored)
        }
    }

    [Fact]
    public void Expressions_move_what_they_say()
    {
        LinearMorphableModel m = Model.Value;
        float[] neutral = Positions(m);
        float[] open = Positions(m, expression: [1]);
        float[] smile = Positions(m, expression: [0, 1]);
        Assert.True(open[(3 * 57) + 1] < neutral[(3 * 57) + 1] - 5, "jaw_open lowers the lower lip");
        Assert.Equal(neutral[(3 * 51) + 1], open[(3 * 51) + 1], 0.5);
        Assert.True(smile[(3 * 48) + 1] > neutral[(3 * 48) + 1] + 2, "smile raises the mouth corners");
    }

    private static float[] Positions(LinearMorphableModel m, float[]? expression = null)
    {
        var all = new float[3 * m.VertexCount];
        m.Evaluate(default, expression ?? [], all);
        var result = new float[3 * 68];
        for (int l = 0; l < 68; l++)
        {
            LandmarkBinding b = m.Landmarks.Points[l];
            for (int c = 0; c < 3; c++)
            {
                result[(3 * l) + c] = (b.W0 * all[(3 * b.V0) + c]) + (b.W1 * all[(3 * b.V1) + c]) + (b.W2 * all[(3 * b.V2) + c]);
            }
        }

        return result;
    }
}
