using System.Globalization;
using Facebench.Evaluation;
using Facebench.Fitting.Photometric;

namespace Facebench.Rendering.Benchmarks;

/// <summary>
/// Which optimiser for photometric fitting: the preconditioned L-BFGS schedule of <see cref="PhotometricFitter"/>
/// against Adam with photometric_optimization's 1,000 steps (<see cref="AdamSchedule"/>, three learning rates), on the
/// same rendered reference-head photos, the same objective and the same start. Prints, per method, the mean photometric
/// error over the mask, the face-shape error after similarity alignment, the evaluations and the time per fit (one core).
/// </summary>
internal static class OptimizerExperiment
{
    public static void Run(int faces)
    {
        var options = new PhotometricFitterOptions { Contours = false };
        var fitter = new PhotometricFitter(BenchmarkScenes.Head, BenchmarkScenes.Albedo, options);
        var adam = new AdamSchedule(fitter);
        int[] region = [.. Enumerable.Range(0, BenchmarkScenes.Head.VertexCount).Where(v => BenchmarkScenes.Albedo.FaceRegion[v] > 0.5f)];
        double[] rates = [0.01, 0.05, 0.2];
        var rows = new Dictionary<string, (double Error, double Shape, double Ms, double Evaluations)>();
        void Add(string name, double error, double shape, double ms, double evaluations)
        {
            rows.TryGetValue(name, out var r);
            rows[name] = (r.Error + (error / faces), r.Shape + (shape / faces), r.Ms + (ms / faces), r.Evaluations + (evaluations / faces));
        }

        // Warm up the JIT so that the first face's times are not compile times.
        BenchmarkScenes.Photo warm = BenchmarkScenes.RenderedPhoto(seed: 1000);
        fitter.Fit(warm.Image, warm.Camera, warm.Landmarks, warm.Start);
        adam.Run(warm, 20, 20, 0.05);

        for (int face = 0; face < faces; face++)
        {
            BenchmarkScenes.Photo photo = BenchmarkScenes.RenderedPhoto(seed: face + 1);
            Add("landmark fit (start)", double.NaN, Shape(photo.Start.Parameters.Identity, photo.Start.Parameters.Expression, photo, region), photo.Start.FitTimeMs, 0);
            PhotometricFit fit = fitter.Fit(photo.Image, photo.Camera, photo.Landmarks, photo.Start);
            Add("L-BFGS, preconditioned (Facebench)", fit.PhotometricError, Shape(fit.Identity, fit.Expression, photo, region), fit.FitTimeMs, fit.Evaluations);
            foreach (double rate in rates)
            {
                (double error, _, double ms) = adam.Run(photo, 200, 800, rate);
                ReadOnlySpan<double> x = fitter.Objective.Natural;
                int kId = fitter.Objective.Basis.IdentityCount, kExp = fitter.Objective.Basis.ExpressionCount;
                float[] identity = [.. x.Slice(6, kId).ToArray().Select(v => (float)v)];
                float[] expression = [.. x.Slice(6 + kId, kExp).ToArray().Select(v => (float)v)];
                Add(string.Create(CultureInfo.InvariantCulture, $"Adam 200 + 800 steps, rate {rate}"), error, Shape(identity, expression, photo, region), ms, 1000);
            }
        }

        Console.WriteLine($"Optimiser experiment: {faces} rendered reference-head photos (320², crop 224²), load average {LoadAverage()}");
        Console.WriteLine("| method | photometric error (grey levels) | face shape error, similarity-aligned (mm) | evaluations | time per fit (ms) |");
        Console.WriteLine("| --- | --- | --- | --- | --- |");
        foreach ((string name, var r) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {(double.IsNaN(r.Error) ? "–" : r.Error.ToString("F3", CultureInfo.InvariantCulture))} | {r.Shape:F3} | {r.Evaluations:F0} | {r.Ms:F0} |"));
        }
    }

    private static double Shape(float[] identity, float[] expression, BenchmarkScenes.Photo photo, int[] region)
    {
        var vertices = new float[photo.TrueVertices.Length];
        BenchmarkScenes.Head.Evaluate(identity, expression, vertices);
        var a = new float[3 * region.Length];
        var b = new float[3 * region.Length];
        for (int i = 0; i < region.Length; i++)
        {
            vertices.AsSpan(3 * region[i], 3).CopyTo(a.AsSpan(3 * i, 3));
            photo.TrueVertices.AsSpan(3 * region[i], 3).CopyTo(b.AsSpan(3 * i, 3));
        }

        return SimilarityAlignment.MeanVertexError(a, b);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
