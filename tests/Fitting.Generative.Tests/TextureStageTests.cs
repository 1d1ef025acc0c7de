using Facebench.Annotations;
using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Contracts.Morphable;
using Facebench.Fitting.Photometric;
using Facebench.Identity;
using Facebench.Imaging;
using Facebench.Morphable;
using Facebench.TextureGenerators;
using Facebench.Testing;
using Xunit.Abstractions;

namespace Facebench.Fitting.Generative.Tests;

/// <summary>GANFIT's texture stage on the real LFPW photo: reference head, landmark and photometric fits, then the generator.</summary>
public sealed class TextureStageTests(ITestOutputHelper output)
{
    [FacePluginFact]
    public void Identity_loss_raises_the_identity_cosine_of_render_and_photo()
    {
        (ITextureModel linear, PhotometricFitter fitter, PhotometricFit fit, double[] crop, Point2[] cropLandmarks) = LfpwPhotometricFit.Run();
        var renderer = fitter.Objective.Renderer;

        using var network = new FaceRecognitionNetwork(FacePluginModels.Feature);
        using OnnxTextureGenerator generator = TestTextureDecoder.Create(linear);
        GenerativeTextureFit Run(double identity) =>
            new GenerativeTextureFitter(generator, network, new GenerativeTextureWeights { Identity = identity }) { PhotometricIterations = 30, Iterations = 30 }
                .Fit(renderer, crop, cropLandmarks, fit.Lighting, fitter.Objective.Basis.VertexMap);

        GenerativeTextureFit off = Run(0);
        GenerativeTextureFit on = Run(0.2);
        output.WriteLine($"linear texture: photometric MAE {fit.PhotometricError:F2} grey levels");
        output.WriteLine($"generator, identity off: cosine {off.IdentityCosine:F4}, MAE {off.PhotometricMae:F2}, {off.FitTimeMs:F0} ms, iterations {off.Iterations}");
        output.WriteLine($"generator, identity on:  cosine {on.IdentityCosine:F4}, MAE {on.PhotometricMae:F2}, {on.FitTimeMs:F0} ms, iterations {on.Iterations}");
        Assert.True(on.IdentityCosine > off.IdentityCosine, $"identity cosine with the identity loss {on.IdentityCosine:F4}, without {off.IdentityCosine:F4}");
        Assert.True(on.Iterations.AllTerms > 0);
        Assert.All(on.Texture, v => Assert.InRange(v, 0f, 1f));
    }
}
