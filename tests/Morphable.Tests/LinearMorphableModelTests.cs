using Facebench.Morphable;

namespace Facebench.Morphable.Tests;

public sealed class LinearMorphableModelTests
{
    private static readonly Lazy<LinearMorphableModel> Model = new(() => ReferenceModelBuilder.Build());

    private static float[] Coefficients(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2) - 1))];
    }

    [Fact]
    public void Zero_coefficients_give_the_mean()
    {
        LinearMorphableModel m = Model.Value;
        var vertices = new float[3 * m.VertexCount];
        m.Evaluate(new float[m.IdentityCount], new float[m.ExpressionCount], vertices);
        Assert.Equal(m.Mean.ToArray(), vertices);
        m.Evaluate(default, default, vertices);
        Assert.Equal(m.Mean.ToArray(), vertices);
    }

    [Fact]
    public void Evaluate_matches_the_definition_and_evaluate_vertices()
    {
        LinearMorphableModel m = Model.Value;
        float[] alpha = Coefficients(m.IdentityCount, 1), beta = Coefficients(m.ExpressionCount, 2);
        var full = new float[3 * m.VertexCount];
        m.Evaluate(alpha, beta, full);

        int[] picked = [0, 17, 5000, m.VertexCount - 1, 17];
        var some = new float[3 * picked.Length];
        m.EvaluateVertices(picked, alpha, beta, some);
        for (int i = 0; i < picked.Length; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                int row = (3 * picked[i]) + c;
                double expected = m.Mean[row];
                for (int k = 0; k < m.IdentityCount; k++)
                {
                    expected += m.IdentityBasis[(row * m.IdentityCount) + k] * m.IdentityStdDev[k] * alpha[k];
                }

                for (int k = 0; k < m.ExpressionCount; k++)
                {
                    expected += m.ExpressionBasis[(row * m.ExpressionCount) + k] * m.ExpressionStdDev[k] * beta[k];
                }

                Assert.Equal(expected, full[row], 1e-3);
                Assert.Equal(full[row], some[(3 * i) + c], 1e-4);
            }
        }
    }

    [Fact]
    public void Short_coefficient_spans_mean_zeros_and_long_ones_are_rejected()
    {
        LinearMorphableModel m = Model.Value;
        float[] alpha = Coefficients(5, 3);
        var padded = new float[m.IdentityCount];
        alpha.CopyTo(padded, 0);
        var a = new float[3 * m.VertexCount];
        var b = new float[3 * m.VertexCount];
        m.Evaluate(alpha, default, a);
        m.Evaluate(padded, new float[m.ExpressionCount], b);

        // Equal up to float rounding: the vectorised dot products sum in a different order for other lengths.
        for (int i = 0; i < a.Length; i++)
        {
            Assert.Equal(b[i], a[i], 1e-4);
        }

        Assert.Throws<ArgumentException>(() => m.Evaluate(new float[m.IdentityCount + 1], default, a));
        Assert.Throws<ArgumentException>(() => m.Evaluate(default, default, new float[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => m.EvaluateVertices([m.VertexCount], default, default, new float[3]));
    }

    [Fact]
    public void Evaluation_does_not_allocate()
    {
        LinearMorphableModel m = Model.Value;
        float[] alpha = Coefficients(m.IdentityCount, 4), beta = Coefficients(m.ExpressionCount, 5);
        var full = new float[3 * m.VertexCount];
        int[] picked = [.. Enumerable.Range(0, 68).Select(i => i * 100)];
        var some = new float[3 * picked.Length];
        m.Evaluate(alpha, beta, full);
        m.EvaluateVertices(picked, alpha, beta, some);

        long before = GC.GetAllocatedBytesForCurrentThread();
        m.Evaluate(alpha, beta, full);
        m.EvaluateVertices(picked, alpha, beta, some);
        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(before, after);
    }

    [Fact]
    public void Truncation_keeps_the_leading_components()
    {
        LinearMorphableModel m = Model.Value;
        LinearMorphableModel t = m.Truncate(5, 2);
        Assert.Equal(5, t.IdentityCount);
        Assert.Equal(2, t.ExpressionCount);
        float[] alpha = Coefficients(5, 6), beta = Coefficients(2, 7);
        var a = new float[3 * m.VertexCount];
        var b = new float[3 * m.VertexCount];
        m.Evaluate(alpha, beta, a);
        t.Evaluate(alpha, beta, b);
        Assert.Equal(a, b);
        Assert.Same(m, m.Truncate(1000, 1000));
    }
}
