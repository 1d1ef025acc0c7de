using Facebench.Contracts;
using Facebench.Contracts.Morphable;

namespace Facebench.Evaluation;

/// <summary>The errors of one fitted sample; NaN where the ground truth to compute one is missing.</summary>
/// <param name="Sample">The sample.</param>
/// <param name="Fit">Its fit.</param>
/// <param name="RmseObservedPx">RMSE of fitted vs observed landmarks (the fit residual), px.</param>
/// <param name="MeanErrorObservedPx">Mean distance of fitted to observed landmarks (eos's "reprojection error"), px.</param>
/// <param name="RmseTruePx">RMSE of fitted vs noise-free true landmarks, px.</param>
/// <param name="Nme">Mean fitted-to-truth distance over the inter-ocular distance (truth, else observations).</param>
/// <param name="VertexErrorMm">Mean per-vertex 3D error after rigid alignment, mm.</param>
/// <param name="MeanShapeErrorMm">The same error for the model's mean shape (what fitting must beat), mm.</param>
/// <param name="CoefficientRms">RMS difference of identity coefficients, in standard deviations.</param>
/// <param name="YawDegrees">True head yaw when known, else the fitted one.</param>
public sealed record FitMeasurement(Sample Sample, LandmarkFitResult Fit, double RmseObservedPx, double MeanErrorObservedPx, double RmseTruePx, double Nme, double VertexErrorMm, double MeanShapeErrorMm, double CoefficientRms, double YawDegrees)
{
    /// <summary>Measures one sample. <paramref name="fitted"/> and <paramref name="truth"/> are the models for 3D error (null: skip).</summary>
    public static FitMeasurement Of(Sample sample, LandmarkFitResult fit, IMorphableModel? fitted, IMorphableModel? truth)
    {
        var observed = sample.TryGet(CoreFacets.Landmarks, out var o) ? o : null;
        var trueLandmarks = sample.TryGet(CoreFacets.TrueLandmarks, out var t) ? t : null;
        var reference = trueLandmarks ?? observed;
        double rmseTrue = trueLandmarks is null ? double.NaN : LandmarkError.Rmse(fit.FittedLandmarks, trueLandmarks);
        double nme = reference is null ? double.NaN : LandmarkError.Nme(fit.FittedLandmarks, reference);

        double vertexError = double.NaN, meanShapeError = double.NaN, coefficientRms = double.NaN, yaw = fit.Parameters.Angles.Yaw;
        if (sample.TryGet(MorphableFacets.TrueParameters, out var parameters))
        {
            yaw = parameters.Angles.Yaw;
            coefficientRms = RmsDifference(fit.Parameters.Identity, parameters.Identity);
            if (fitted is not null && truth is not null && fitted.VertexCount == truth.VertexCount)
            {
                var trueMesh = new float[3 * truth.VertexCount];
                var fittedMesh = new float[3 * fitted.VertexCount];
                truth.Evaluate(parameters.Identity, parameters.Expression, trueMesh);
                fitted.Evaluate(fit.Parameters.Identity, fit.Parameters.Expression, fittedMesh);
                vertexError = RigidAlignment.MeanVertexError(fittedMesh, trueMesh) * truth.MillimetresPerUnit;
                meanShapeError = RigidAlignment.MeanVertexError(fitted.Mean, trueMesh) * truth.MillimetresPerUnit;
            }
        }

        double meanObserved = observed is null ? double.NaN : LandmarkError.MeanDistance(fit.FittedLandmarks, observed);
        return new FitMeasurement(sample, fit, fit.RmsePx, meanObserved, rmseTrue, nme, vertexError, meanShapeError, coefficientRms, yaw);
    }

    private static double RmsDifference(IReadOnlyList<float> fitted, IReadOnlyList<float> truth)
    {
        int n = Math.Max(fitted.Count, truth.Count);
        if (n == 0)
        {
            return double.NaN;
        }

        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double d = (i < fitted.Count ? fitted[i] : 0) - (i < truth.Count ? truth[i] : 0);
            sum += d * d;
        }

        return Math.Sqrt(sum / n);
    }
}
