using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Contracts.Morphable;
using Facebench.Morphable;
using Facebench.Plugins.Fit.TextureGan;
using Facebench.TextureGenerators;
using Facebench.Testing;

namespace Facebench.Fitting.Generative.Tests;

/// <summary>The texture-stage plugins' checks of their inputs: clear errors naming the file or the sample.</summary>
public sealed class TextureGanPluginTests
{
    [Fact]
    public void A_missing_recogniser_is_named()
    {
        TestPluginContext context = Context(out OnnxTextureGenerator generator);
        using (generator)
        {
            var stage = new FitTextureGanStage();
            var e = Assert.Throws<PluginInputException>(() => stage.Initialize(new FitTextureGanOptions { Recogniser = "/nonexistent/fr.onnx" }, context));
            Assert.Contains("/nonexistent/fr.onnx", e.Message, StringComparison.Ordinal);
        }
    }

    [FacePluginFact]
    public void A_sample_without_landmarks_fails_with_its_id()
    {
        TestPluginContext context = Context(out OnnxTextureGenerator generator);
        using (generator)
        {
            using var stage = new FitTextureGanStage();
            stage.Initialize(new FitTextureGanOptions { Recogniser = FacePluginModels.Feature }, context);
            var sample = new Sample("no-points").With(CoreFacets.Image, new ImageBuffer(64, 64, PixelFormat.Rgb24, new byte[64 * 64 * 3]));
            var e = Assert.Throws<InvalidOperationException>(() => stage.Process(sample, default));
            Assert.Contains("'no-points'", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_onnx_generator_component_names_a_missing_file()
    {
        TestPluginContext context = Context(out OnnxTextureGenerator generator);
        using (generator)
        {
            var e = Assert.Throws<PluginInputException>(() => new OnnxGeneratorComponent().Initialize(new OnnxGeneratorOptions { Path = "/nonexistent/gan.onnx" }, context));
            Assert.Contains("/nonexistent/gan.onnx", e.Message, StringComparison.Ordinal);
        }
    }

    private static TestPluginContext Context(out OnnxTextureGenerator generator)
    {
        ITextureModel texture = ReferenceAlbedoBuilder.Build(ReferenceAlbedoBuilder.MaxComponents);
        generator = TestTextureDecoder.Create(texture, hidden: 8, samples: 32);
        return new TestPluginContext()
            .WithComponent("model", ReferenceModelBuilder.Build())
            .WithComponent("texture", texture)
            .WithComponent("generator", generator);
    }
}
