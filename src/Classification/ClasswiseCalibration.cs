namespace Facebench.Classification;

/// <summary>One bin of a reliability diagram: predicted probabilities in [Lower, Upper).</summary>
/// <param name="Lower">Bin start.</param>
/// <param name="Upper">Bin end.</param>
/// <param name="Count">Examples whose predicted probability falls in the bin.</param>
/// <param name="Confidence">Their mean predicted probability.</param>
/// <param name="Frequency">Share of them that truly are the class.</param>
public sealed record ReliabilityBin(double Lower, double Upper, int Count, double Confidence, double Frequency);

/// <summary>Calibration of one class, one-vs-rest.</summary>
/// <param name="Class">The class.</param>
/// <param name="ExpectedCalibrationError">Σ_b (n_b / N) |frequency_b − confidence_b|.</param>
/// <param name="Bins">Non-empty bins, in order.</param>
public sealed record ClassCalibration(string Class, double ExpectedCalibrationError, IReadOnlyList<ReliabilityBin> Bins);

/// <summary>
/// Per-class calibration of predicted probabilities: for each class c, the one-vs-rest expected calibration error
/// over equal-width bins of p_c (Naeini, Cooper &amp; Hauskrecht 2015 for ECE; the class-wise form of Kull et al.
/// 2019, "Beyond temperature scaling", and Nixon et al. 2019, "Measuring Calibration in Deep Learning"), and the
/// reliability diagram's bins. A calibrated classifier's c-probability of 0.7 is right 70% of the time, for every c.
/// </summary>
public static class ClasswiseCalibration
{
    /// <summary>Computes the calibration of every class.</summary>
    /// <param name="classes">Class names, in the order of the probability vectors.</param>
    /// <param name="probabilities">Predicted probabilities per example.</param>
    /// <param name="truth">True class per example.</param>
    /// <param name="bins">Number of equal-width bins on [0, 1].</param>
    public static IReadOnlyList<ClassCalibration> Compute(IReadOnlyList<string> classes, IReadOnlyList<double[]> probabilities, IReadOnlyList<string> truth, int bins = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (probabilities.Count != truth.Count)
        {
            throw new ArgumentException($"{probabilities.Count} probability vectors for {truth.Count} labels.");
        }

        int n = truth.Count;
        var result = new List<ClassCalibration>(classes.Count);
        for (int c = 0; c < classes.Count; c++)
        {
            var count = new int[bins];
            var confidence = new double[bins];
            var hits = new double[bins];
            for (int i = 0; i < n; i++)
            {
                double p = probabilities[i][c];
                int b = Math.Clamp((int)(p * bins), 0, bins - 1);
                count[b]++;
                confidence[b] += p;
                hits[b] += truth[i] == classes[c] ? 1 : 0;
            }

            double ece = 0;
            var list = new List<ReliabilityBin>();
            for (int b = 0; b < bins; b++)
            {
                if (count[b] == 0)
                {
                    continue;
                }

                double conf = confidence[b] / count[b], freq = hits[b] / count[b];
                ece += count[b] / (double)n * Math.Abs(freq - conf);
                list.Add(new ReliabilityBin(b / (double)bins, (b + 1) / (double)bins, count[b], conf, freq));
            }

            result.Add(new ClassCalibration(classes[c], n == 0 ? double.NaN : ece, list));
        }

        return result;
    }
}
