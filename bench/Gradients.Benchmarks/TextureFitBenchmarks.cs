using BenchmarkDotNet.Attributes;
using Facebench.Annotations;
using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Contracts.Morphable;
using Facebench.Fitting;
using Facebench.Fitting.Generative;
using Facebench.Fitting.Photometric;
using Facebench.Identity;
using Facebench.Imaging;
using Facebench.Morphable;
using Facebench.Onnx;
using Facebench.TextureGenerators;

namespace Facebench.Gradients.Benchmarks;

/// <summary>
/// One whole texture fit of the LFPW photo, as pipelines/ganfit.yaml runs it on one core: landmark fit, photometric fit
/// with the reference head's linear albedo, then the test decoder's latent code and the light (30 photometric + 30
/// all-terms L-BFGS iterations, identity weight 0.2), then, with <see cref="JointGeometry"/>, 20 all-terms iterations
/// over shape, expression and pose as well (GANFIT's last stage; the plugin's default).
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3, invocationCount: 1)]
public class TextureFitBenchmarks
{
    private ImageBuffer _photo = null!;
    private Point2[] _landmarks = [];
    private IMorphableModel _model = null!;
    private PhotometricFitter _fitter = null!;
    private LandmarkFitter _landmarkFitter = null!;
    private FaceRecognitionNetwork _network = null!;
    private OnnxTextureGenerator _generator = null!;

    /// <summary>Whether the last stage also fits the geometry.</summary>
    [Params(false, true)]
    public bool JointGeometry { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _photo = ImageCodec.Load(BenchmarkPaths.LfpwImage);
        _landmarks = PtsFile.Read(BenchmarkPaths.LfpwPoints);
        _model = ReferenceModelBuilder.Build();
        ITextureModel linear = ReferenceAlbedoBuilder.Build(ReferenceAlbedoBuilder.MaxComponents);
        _fitter = new PhotometricFitter(_model, linear, new PhotometricFitterOptions { Contours = false, RenderThreads = 1 });
        _landmarkFitter = new LandmarkFitter(_model, new LandmarkFitterOptions { Contours = false });
        var single = new OnnxSessionSettings { IntraOpThreads = 1 };
        _network = new FaceRecognitionNetwork(BenchmarkPaths.FrFeature, new FaceRecognitionSettings { Session = single });
        _generator = new OnnxTextureGenerator(TestTextureDecoder.Fit(linear), linear, TestTextureDecoder.NameFor(linear), "test decoder", single);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _network.Dispose();
        _generator.Dispose();
    }

    [Benchmark(Description = "whole texture fit (landmarks, photometric, generator + identity)")]
    public double WholeFit()
    {
        CameraIntrinsics camera = CameraIntrinsics.FromFieldOfView(_photo.Width, _photo.Height, 40);
        _landmarkFitter.Fit(_landmarks, camera.FocalLength, camera.Cx, camera.Cy);
        PhotometricFit fit = _fitter.Fit(_photo, camera, _landmarks, _landmarkFitter.ToResult(camera));
        double k = _fitter.Objective.Renderer.Width / fit.Crop.Width;
        Point2[] crop = _landmarks.Select(p => new Point2(((p.X - fit.Crop.X + 0.5) * k) - 0.5, ((p.Y - fit.Crop.Y + 0.5) * k) - 0.5)).ToArray();
        double[] geometry = fit.GeometryVariables();
        return new GenerativeTextureFitter(_generator, _network, new GenerativeTextureWeights()) { PhotometricIterations = 30, Iterations = 30, JointIterations = 20, JointGeometry = JointGeometry }
            .Fit(_fitter.Objective.Geometry, geometry, _fitter.Objective.Photo, crop, fit.Lighting).IdentityCosine;
    }
}
