using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Evaluation;

namespace Facebench.Plugins.Compare.Models;

/// <summary>
/// One model's fits of one sample, measured the same way for every model: photometric error in the face mask (grey
/// levels, mean over RGB) of the landmark-only start and of the photometric fit; landmark NME against the true
/// landmarks where the sample has them (synthetic renders, annotated photos), else against the observed ones; the
/// 3D landmark error after similarity alignment against the true camera-frame landmarks where they exist (in the
/// truth's units, so models of any scale compare); the time of each fit; and, where fit.photometric had a recogniser,
/// the identity cosine of the render composited over the photo against the photo, at the start and after the fit.
/// </summary>
internal sealed record PhotometricComparisonRow(
    Sample Sample,
    string Model,
    string Group,
    PhotometricFitResult Fit,
    double StartPhotometric,
    double Photometric,
    double StartNme,
    double Nme,
    double Start3D,
    double Error3D,
    double LandmarkMs,
    double PhotometricMs,
    double StartCosine,
    double Cosine)
{
    /// <summary>Measures one sample's fits by a model (<paramref name="start"/> null when it was not stored).</summary>
    public static PhotometricComparisonRow Of(Sample sample, string name, IMorphableModel model, string group, PhotometricFitResult fit, LandmarkFitResult? start)
    {
        Point2[] reference = sample.TryGet(CoreFacets.TrueLandmarks, out Point2[] truth) ? truth : sample.Get(CoreFacets.Landmarks);
        double startNme = start is null ? double.NaN : LandmarkError.Nme(start.FittedLandmarks, reference);
        double start3D = double.NaN, error3D = double.NaN;
        if (sample.TryGet(MorphableFacets.TrueLandmarks3D, out float[] true3D))
        {
            error3D = AlignedError(model, fit.Parameters, true3D);
            start3D = start is null ? double.NaN : AlignedError(model, start.Parameters, true3D);
        }

        return new PhotometricComparisonRow(sample, name, group, fit, fit.InitialPhotometricError, fit.PhotometricError, startNme, LandmarkError.Nme(fit.FittedLandmarks, reference),
            start3D, error3D, start?.FitTimeMs ?? double.NaN, fit.FitTimeMs, fit.InitialIdentityCosine, fit.IdentityCosine);
    }

    /// <summary>Mean distance of the landmarks both the model and the truth have, after the best similarity transform.</summary>
    private static double AlignedError(IMorphableModel model, FaceParameters parameters, float[] truth)
    {
        float[] fitted = ModelLandmarks3D.Evaluate(model, parameters.Identity, parameters.Expression);
        var a = new List<float>();
        var b = new List<float>();
        for (int i = 0; i < Math.Min(fitted.Length, truth.Length) / 3; i++)
        {
            if (float.IsFinite(fitted[3 * i]) && float.IsFinite(truth[3 * i]))
            {
                a.AddRange(fitted.AsSpan(3 * i, 3));
                b.AddRange(truth.AsSpan(3 * i, 3));
            }
        }

        return a.Count < 12 ? double.NaN : SimilarityAlignment.MeanVertexError([.. a], [.. b]);
    }
}
