namespace Facebench.Fitting.Tests;

public sealed class LbfgsTests
{
    /// <summary>The extended Rosenbrock function (Moré, Garbow &amp; Hillstrom 1981, problem 21), minimum 0 at (1, …, 1).</summary>
    private sealed class Rosenbrock(int dimension) : IDifferentiableFunction
    {
        public int Dimension => dimension;

        public double Evaluate(ReadOnlySpan<double> x, Span<double> g)
        {
            double f = 0;
            g.Clear();
            for (int i = 0; i < dimension; i += 2)
            {
                double a = 10 * (x[i + 1] - (x[i] * x[i]));
                double b = 1 - x[i];
                f += (a * a) + (b * b);
                g[i] += (-40 * x[i] * a) - (2 * b);
                g[i + 1] += 20 * a;
            }

            return f;
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(10)]
    [InlineData(100)]
    public void Minimises_the_rosenbrock_function(int dimension)
    {
        var function = new Rosenbrock(dimension);
        double[] x = new double[dimension];
        for (int i = 0; i < dimension; i += 2)
        {
            x[i] = -1.2;
            x[i + 1] = 1;
        }

        var lbfgs = new Lbfgs(dimension, 8) { Tolerance = 1e-20 };
        LbfgsReport report = lbfgs.Minimize(function, x, 1000);
        Assert.True(report.Value < 1e-12, $"f = {report.Value} after {report.Iterations} iterations ({report.Status})");
        Assert.All(x, xi => Assert.Equal(1, xi, 5));
        Assert.True(report.Iterations < 200, $"{report.Iterations} iterations");
    }

    [Fact]
    public void Does_not_allocate_after_construction()
    {
        var function = new Rosenbrock(10);
        double[] x = new double[10];
        var lbfgs = new Lbfgs(10);
        lbfgs.Minimize(function, x, 100);
        Array.Clear(x);
        long before = GC.GetAllocatedBytesForCurrentThread();
        lbfgs.Minimize(function, x, 100);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
