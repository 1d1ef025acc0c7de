using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Fitting;
using Facebench.Geometry;

namespace Facebench.ModelFormats.Tests;

/// <summary>Fits a linear model to noise-free landmarks drawn from it and returns the median RMSE (px).</summary>
internal static class LinearFitCheck
{
    public static double MedianRmse(IMorphableModel model, int faces = 8, int seed = 7)
    {
        var basis = new LandmarkBasis(model);
        var fitter = new LandmarkFitter(basis, new LandmarkFitterOptions { PriorIdentity = 1e-4, PriorExpression = 1e-4, Contours = false, Iterations = 300 });
        var random = new Random(seed);
        double width = 0;
        {
            float min = float.MaxValue, max = float.MinValue;
            for (int v = 0; v < model.VertexCount; v++)
            {
                min = Math.Min(min, model.Mean[3 * v]);
                max = Math.Max(max, model.Mean[3 * v]);
            }

            width = max - min;
        }

        var rmse = new List<double>();
        var p = new double[3];
        for (int f = 0; f < faces; f++)
        {
            double[] c = [.. Enumerable.Range(0, basis.ComponentCount).Select(_ => (random.NextDouble() - 0.5) * 1.5)];
            Mat3 r = HeadPose.CameraFromModel(-25 + (50 * random.NextDouble()), -8 + (16 * random.NextDouble()), 0);
            var t = new Vec3(0, 0, 1000 * width / 250);
            var landmarks = new Point2[LandmarkEmbedding.IbugCount];
            for (int i = 0; i < landmarks.Length; i++)
            {
                if (!basis.IsMapped(i))
                {
                    landmarks[i] = Point2.Missing;
                    continue;
                }

                basis.EvaluateLandmark(i, c, p);
                landmarks[i] = Pinhole.Project(1000, 319.5, 239.5, (r * Vec3.Read(p)) + t);
            }

            fitter.Fit(landmarks, 1000, 319.5, 239.5);
            rmse.Add(fitter.RmsePx);
        }

        rmse.Sort();
        return rmse[rmse.Count / 2];
    }
}
