namespace Facebench.Classification;

/// <summary>
/// Per-feature standardisation z = (x − μ) / s with μ and s from the training data (the usual pre-processing for
/// L2-regularised linear models, Hastie, Tibshirani &amp; Friedman, "The Elements of Statistical Learning", §3.4.1:
/// the penalty then treats every feature alike). Constant features keep s = 1, so they map to zero rather than to
/// NaN.
/// </summary>
public sealed class Standardizer
{
    private const double ConstantThreshold = 1e-12;

    private Standardizer(double[] mean, double[] scale, int constantCount)
    {
        Mean = mean;
        Scale = scale;
        ConstantCount = constantCount;
    }

    /// <summary>Feature means μ.</summary>
    public IReadOnlyList<double> Mean { get; }

    /// <summary>Feature scales s (standard deviations; 1 for constant features).</summary>
    public IReadOnlyList<double> Scale { get; }

    /// <summary>Number of features with no variation in the training data.</summary>
    public int ConstantCount { get; }

    /// <summary>Feature count.</summary>
    public int Dimension => Mean.Count;

    /// <summary>Fits μ and s on the rows of <paramref name="x"/>.</summary>
    public static Standardizer Fit(IReadOnlyList<double[]> x)
    {
        int n = x.Count, d = x[0].Length;
        var mean = new double[d];
        var scale = new double[d];
        foreach (double[] row in x)
        {
            for (int c = 0; c < d; c++)
            {
                mean[c] += row[c] / n;
            }
        }

        foreach (double[] row in x)
        {
            for (int c = 0; c < d; c++)
            {
                double r = row[c] - mean[c];
                scale[c] += r * r / n;
            }
        }

        int constant = 0;
        for (int c = 0; c < d; c++)
        {
            scale[c] = Math.Sqrt(scale[c]);
            if (!(scale[c] > ConstantThreshold * Math.Max(1, Math.Abs(mean[c]))))
            {
                scale[c] = 1;
                constant++;
            }
        }

        return new Standardizer(mean, scale, constant);
    }

    /// <summary>The standardised copy of one row.</summary>
    public double[] Transform(double[] row)
    {
        var z = new double[row.Length];
        for (int c = 0; c < row.Length; c++)
        {
            z[c] = (row[c] - Mean[c]) / Scale[c];
        }

        return z;
    }
}
