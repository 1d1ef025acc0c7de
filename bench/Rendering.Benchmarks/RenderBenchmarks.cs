using BenchmarkDotNet.Attributes;
using Facebench.Geometry;

namespace Facebench.Rendering.Benchmarks;

/// <summary>
/// One render of a 5,000-vertex face mesh at 224 × 224 (the reference head's front, per-vertex albedo, SH light):
/// the forward pass (transform, normals, z-buffer visibility, mask, shading) and forward + backward (the gradient of a
/// per-pixel loss with respect to positions, albedo, lighting, pose and camera). Target: ≤ 2 ms for forward + backward
/// on one core; nothing allocated.
/// </summary>
[MemoryDiagnoser]
public class RenderBenchmarks
{
    private DifferentiableRenderer _renderer = null!;
    private RenderGradients _gradients = null!;
    private double[] _positions = [];
    private double[] _albedo = [];
    private double[] _pixelGradient = [];
    private readonly double[] _lighting = new double[SphericalHarmonics.CoefficientCount];
    private Mat3 _rotation;
    private Vec3 _translation;
    private RenderCamera _camera;

    /// <summary>Threads per render: 1 (one core) or 2 (rows in bands, pixels in slices).</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (RenderMesh mesh, _positions, _albedo) = BenchmarkScenes.FaceMesh();
        (_rotation, _translation, _camera) = BenchmarkScenes.View();
        SphericalHarmonics.AmbientAndDirectional(0.6, 0.35, (0.4, -0.5, -1), (1, 0.95, 0.9), _lighting);
        _renderer = new DifferentiableRenderer(mesh, 224, 224) { Threads = Threads };
        _gradients = new RenderGradients(mesh.VertexCount);
        Forward();
        _pixelGradient = new double[224 * 224 * 3];
        var random = new Random(1);
        foreach (int p in _renderer.MaskPixels)
        {
            for (int c = 0; c < 3; c++)
            {
                _pixelGradient[(3 * p) + c] = random.NextDouble() - 0.5;
            }
        }

        Console.WriteLine($"// mesh: {mesh.VertexCount} vertices, {mesh.TriangleCount} triangles; covered {_renderer.CoveredPixels.Length} pixels, mask {_renderer.MaskPixels.Length}");
    }

    /// <summary>Geometry, visibility and shading.</summary>
    [Benchmark]
    public void Forward()
    {
        _renderer.SetGeometry(_positions, _rotation, _translation, 1, _camera);
        _renderer.Shade(_lighting, _albedo);
    }

    /// <summary>Forward, then the reverse pass to every input.</summary>
    [Benchmark]
    public void ForwardBackward()
    {
        Forward();
        _renderer.Backward(_pixelGradient, _gradients);
    }

    /// <summary>Shading and its reverse pass with frozen geometry (the appearance stage's iteration).</summary>
    [Benchmark]
    public void ShadeBackwardAppearance()
    {
        _renderer.Shade(_lighting, _albedo);
        _renderer.Backward(_pixelGradient, _gradients, geometry: false);
    }
}
