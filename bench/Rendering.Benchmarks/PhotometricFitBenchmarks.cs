using BenchmarkDotNet.Attributes;
using Facebench.Fitting;
using Facebench.Fitting.Photometric;

namespace Facebench.Rendering.Benchmarks;

/// <summary>
/// Photometric fitting of the reference head with its procedural albedo to a rendered 320 × 320 photo, cropped to 224:
/// one evaluation of the objective (render, loss, reverse pass, chain rule, landmark term: one L-BFGS iteration costs
/// about one to two of these), one whole fit (appearance stage, then the joint stage), and photometric_optimization's
/// schedule on the same objective: 1,000 Adam steps (200 + 800). Target for the whole fit: under 1 s on one core.
/// </summary>
[MemoryDiagnoser]
public class PhotometricFitBenchmarks
{
    private PhotometricFitter _fitter = null!;
    private BenchmarkScenes.Photo _photo = null!;
    private double[] _x = [];
    private double[] _gradient = [];
    private AdamSchedule _adam = null!;

    [GlobalSetup]
    public void Setup()
    {
        _photo = BenchmarkScenes.RenderedPhoto(seed: 3);
        _fitter = new PhotometricFitter(BenchmarkScenes.Head, BenchmarkScenes.Albedo, new PhotometricFitterOptions { Contours = false });
        PhotometricFit fit = _fitter.Fit(_photo.Image, _photo.Camera, _photo.Landmarks, _photo.Start);
        _x = _fitter.Objective.Natural.ToArray();
        _gradient = new double[_x.Length];
        _adam = new AdamSchedule(_fitter);
        Console.WriteLine($"// fit: {fit.AppearanceIterations} + {fit.JointIterations} iterations, {fit.Evaluations} evaluations, {fit.PhotometricError:F3} grey levels ({fit.InitialPhotometricError:F3} at the landmark fit), mask {fit.MaskPixels} px, compact mesh {_fitter.Objective.Basis.Mesh.VertexCount} vertices");
    }

    /// <summary>One evaluation of the objective and its gradient with a changed pose (so the geometry is re-rendered).</summary>
    [Benchmark]
    public double Evaluation()
    {
        _x[3] += 1e-9;
        return _fitter.Objective.EvaluateNatural(_x, _gradient);
    }

    /// <summary>A whole fit: crop, appearance stage, joint stage, final render.</summary>
    [Benchmark]
    public double WholeFit() => _fitter.Fit(_photo.Image, _photo.Camera, _photo.Landmarks, _photo.Start).PhotometricError;

    /// <summary>photometric_optimization's schedule on this objective: 200 + 800 Adam steps (one evaluation each).</summary>
    [Benchmark]
    public double Adam1000() => _adam.Run(_photo, 200, 800, 0.05).PhotometricError;
}
