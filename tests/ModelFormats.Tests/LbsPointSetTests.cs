using Facebench.Contracts.Morphable;
using Facebench.Morphable.Articulated;

namespace Facebench.ModelFormats.Tests;

/// <summary>The articulated point set against the full forward model, and its derivatives against finite differences.</summary>
public sealed class LbsPointSetTests
{
    public static TheoryData<int[]> VariableJoints => new() { new[] { 2 }, new[] { 1, 2 }, new[] { 0, 1, 2, 3, 4 } };

    [Theory]
    [MemberData(nameof(VariableJoints))]
    public void PointsEqualTheForwardModel(int[] variable)
    {
        ArticulatedMorphableModel model = FlameTests.Load();
        (IReadOnlyList<LandmarkBinding> bindings, IArticulatedPointSet set) = Create(model, variable);
        double[] c = Coefficients(set.CoefficientCount);
        double[] theta = Rotations(variable.Length);
        int[] all = [.. Enumerable.Range(0, bindings.Count)];
        var positions = new double[3 * all.Length];
        set.Evaluate(c, theta, all, positions);

        var full = new double[3 * model.JointCount];
        for (int v = 0; v < variable.Length; v++)
        {
            Array.Copy(theta, 3 * v, full, 3 * variable[v], 3);
        }

        var mesh = new float[3 * model.VertexCount];
        model.EvaluatePosed([.. c[..8].Select(x => (float)x)], [.. c[8..].Select(x => (float)x)], full, mesh);
        for (int i = 0; i < bindings.Count; i++)
        {
            LandmarkBinding b = bindings[i];
            for (int axis = 0; axis < 3; axis++)
            {
                double expected = (b.W0 * mesh[(3 * b.V0) + axis]) + (b.W1 * mesh[(3 * b.V1) + axis]) + (b.W2 * mesh[(3 * b.V2) + axis]);
                Assert.Equal(expected, positions[(3 * i) + axis], 2e-6);
            }
        }
    }

    [Theory]
    [MemberData(nameof(VariableJoints))]
    public void GradientsMatchCentralDifferences(int[] variable)
    {
        ArticulatedMorphableModel model = FlameTests.Load();
        (IReadOnlyList<LandmarkBinding> bindings, IArticulatedPointSet set) = Create(model, variable);
        int[] points = [.. Enumerable.Range(0, bindings.Count).Where(i => i % 3 != 1)];
        var weights = new double[3 * points.Length];
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = Math.Sin(1.7 * i) + 0.2;
        }

        double[] c = Coefficients(set.CoefficientCount);
        double[] theta = Rotations(variable.Length);
        var positions = new double[3 * points.Length];
        double F(double[] cc, double[] tt)
        {
            set.Evaluate(cc, tt, points, positions);
            return positions.Zip(weights, (p, w) => p * w).Sum();
        }

        F(c, theta);
        var gc = new double[c.Length];
        var gt = new double[theta.Length];
        set.Backpropagate(points, weights, gc, gt);
        const double h = 1e-6;
        for (int k = 0; k < c.Length; k++)
        {
            double[] plus = [.. c], minus = [.. c];
            plus[k] += h;
            minus[k] -= h;
            double numeric = (F(plus, theta) - F(minus, theta)) / (2 * h);
            Assert.True(Math.Abs(numeric - gc[k]) <= 1e-6 * Math.Max(1, Math.Abs(numeric)), $"∂/∂c[{k}]: numeric {numeric}, analytic {gc[k]}");
        }

        for (int k = 0; k < theta.Length; k++)
        {
            double[] plus = [.. theta], minus = [.. theta];
            plus[k] += h;
            minus[k] -= h;
            double numeric = (F(c, plus) - F(c, minus)) / (2 * h);
            Assert.True(Math.Abs(numeric - gt[k]) <= 1e-6 * Math.Max(1, Math.Abs(numeric)), $"∂/∂θ[{k}]: numeric {numeric}, analytic {gt[k]}");
        }

        // One point's Jacobian (forward mode) agrees with back-propagating a unit gradient (reverse mode).
        F(c, theta);
        var jc = new double[3 * c.Length];
        var jt = new double[3 * theta.Length];
        set.Jacobian(points[5], jc, jt);
        var gc1 = new double[c.Length];
        var gt1 = new double[theta.Length];
        set.Backpropagate([points[5]], [0, 1, 0], gc1, gt1);
        for (int k = 0; k < c.Length; k++)
        {
            Assert.Equal(gc1[k], jc[c.Length + k], 1e-10);
        }

        for (int k = 0; k < theta.Length; k++)
        {
            Assert.Equal(gt1[k], jt[theta.Length + k], 1e-10);
        }
    }

    private static (IReadOnlyList<LandmarkBinding>, IArticulatedPointSet) Create(ArticulatedMorphableModel model, int[] variable)
    {
        List<LandmarkBinding> bindings = [.. model.Landmarks.Points, LandmarkBinding.AtVertex(0), LandmarkBinding.AtVertex(200), LandmarkBinding.AtVertex(37)];
        return (bindings, model.CreatePointSet(bindings, model.IdentityCount, model.ExpressionCount, variable));
    }

    private static double[] Coefficients(int k) => [.. Enumerable.Range(0, k).Select(i => 0.7 * Math.Sin(i + 0.3))];

    private static double[] Rotations(int joints) => [.. Enumerable.Range(0, 3 * joints).Select(i => 0.15 * Math.Cos((1.3 * i) + 0.5))];
}
