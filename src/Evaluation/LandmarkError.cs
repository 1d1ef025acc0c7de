using Facebench.Contracts;

namespace Facebench.Evaluation;

/// <summary>2D landmark accuracy: RMSE in pixels and the normalised mean error (NME) of 300-W.</summary>
public static class LandmarkError
{
    /// <summary>0-based iBUG indices of the outer eye corners, the 300-W normaliser (Sagonas et al., IVC 2016).</summary>
    public const int RightOuterEye = 36, LeftOuterEye = 45;

    /// <summary>Root-mean-square point distance over the pairs where both points are valid; NaN when none are.</summary>
    public static double Rmse(IReadOnlyList<Point2> predicted, IReadOnlyList<Point2> truth)
    {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < Math.Min(predicted.Count, truth.Count); i++)
        {
            if (predicted[i].IsValid && truth[i].IsValid)
            {
                double dx = predicted[i].X - truth[i].X, dy = predicted[i].Y - truth[i].Y;
                sum += (dx * dx) + (dy * dy);
                n++;
            }
        }

        return n == 0 ? double.NaN : Math.Sqrt(sum / n);
    }

    /// <summary>Mean point distance over valid pairs.</summary>
    public static double MeanDistance(IReadOnlyList<Point2> predicted, IReadOnlyList<Point2> truth)
    {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < Math.Min(predicted.Count, truth.Count); i++)
        {
            if (predicted[i].IsValid && truth[i].IsValid)
            {
                sum += predicted[i].DistanceTo(truth[i]);
                n++;
            }
        }

        return n == 0 ? double.NaN : sum / n;
    }

    /// <summary>Inter-ocular distance of a 68-point shape (outer eye corners), NaN when unavailable.</summary>
    public static double InterOcular(IReadOnlyList<Point2> truth) =>
        truth.Count == 68 && truth[RightOuterEye].IsValid && truth[LeftOuterEye].IsValid
            ? truth[RightOuterEye].DistanceTo(truth[LeftOuterEye])
            : double.NaN;

    /// <summary>NME: mean point distance divided by the ground truth's inter-ocular distance.</summary>
    public static double Nme(IReadOnlyList<Point2> predicted, IReadOnlyList<Point2> truth) =>
        MeanDistance(predicted, truth) / InterOcular(truth);
}
