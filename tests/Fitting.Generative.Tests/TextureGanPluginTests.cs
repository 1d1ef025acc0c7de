using Facebench.Annotations;
using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Contracts.Morphable;
using Facebench.Imaging;
using Facebench.Morphable;
using Facebench.Onnx.Format;
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

    [FacePluginFact]
    public void A_content_layer_the_recogniser_lacks_is_named()
    {
        TestPluginContext context = Context(out OnnxTextureGenerator generator);
        using (generator)
        {
            using var stage = new FitTextureGanStage();
            var e = Assert.Throws<PluginInputException>(() => stage.Initialize(new FitTextureGanOptions { Recogniser = FacePluginModels.Feature, ContentWeight = 0.1, ContentLayers = ["no_such_tensor"] }, context));
            Assert.Contains("no_such_tensor", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_content_weight_without_layers_is_refused()
    {
        TestPluginContext context = Context(out OnnxTextureGenerator generator);
        using (generator)
        {
            using var stage = new FitTextureGanStage();
            var e = Assert.Throws<PluginInputException>(() => stage.Initialize(new FitTextureGanOptions { Recogniser = FacePluginModels.Feature, ContentWeight = 0.1 }, context));
            Assert.Contains("content_layers", e.Message, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The content options reach the fit: on LFPW image_0010, the same schedule with the content term on (two PRelu
    /// activations of fr_feature) ends at another texture than with it off.
    /// </summary>
    [FacePluginFact]
    public void The_content_options_change_the_generator_fit()
    {
        ImageBuffer photo = ImageCodec.Load(RepositoryPaths.Shared("data", "lfpw-sample", "image_0010.png"));
        Point2[] landmarks = PtsFile.Read(RepositoryPaths.Shared("data", "lfpw-sample", "image_0010.pts"));
        OnnxNode[] activations = OnnxGraph.ReadFile(FacePluginModels.Feature).Nodes.Where(n => n.OpType == "PRelu").ToArray();
        string[] layers = [activations[2].Outputs[0], activations[12].Outputs[0]];
        var sample = new Sample("image_0010").With(CoreFacets.Image, photo).With(CoreFacets.Landmarks, landmarks);

        string Folder(double content) => Path.Combine(Path.GetTempPath(), $"facebench-texture-gan-content-{content}");
        TextureGanResult Run(double content)
        {
            string run = Folder(content);
            TestPluginContext context = Context(out OnnxTextureGenerator generator, run);
            using (generator)
            {
                using var stage = new FitTextureGanStage();
                stage.Initialize(new FitTextureGanOptions { Recogniser = FacePluginModels.Feature, ContentWeight = content, ContentLayers = layers, PhotometricIterations = 5, Iterations = 5 }, context);
                return stage.Process(sample, default).Get(TextureGanFacets.Result);
            }
        }

        TextureGanResult off = Run(0);
        TextureGanResult on = Run(1);
        Assert.Equal(off.LinearIdentityCosine, on.LinearIdentityCosine, 12);
        Assert.NotEqual(off.GeneratorPhotometricMae, on.GeneratorPhotometricMae);

        // The reference head has a uv layout: the generator's texture is baked into it and the OBJ's material names it.
        ImageBuffer uv = ImageCodec.Load(Path.Combine(Folder(1), on.UvTexture));
        Assert.Equal((512, 512), (uv.Width, uv.Height));
        Assert.Contains(uv.Pixels, b => b > 0);
        string[] obj = File.ReadAllLines(Path.Combine(Folder(1), on.Mesh));
        Assert.Contains(obj, l => l.StartsWith("mtllib ", StringComparison.Ordinal));
        Assert.Contains(obj, l => l.StartsWith("vt ", StringComparison.Ordinal));
        Assert.Contains($"map_Kd {Path.GetFileName(on.UvTexture)}", File.ReadAllLines(Path.Combine(Folder(1), Path.ChangeExtension(on.Mesh, ".mtl"))));
    }

    /// <summary>
    /// joint_geometry reaches the fit and the result says what the last stage did to the geometry: on LFPW image_0010
    /// with it on the shape moves, the landmark NME is the last stage's own and the all-terms loss falls below the
    /// frozen geometry's; with it off the shape and NME are the photometric fit's and the loss stays where it was.
    /// </summary>
    [FacePluginFact]
    public void Joint_geometry_moves_the_shape_in_the_last_stage_and_the_result_shows_it()
    {
        ImageBuffer photo = ImageCodec.Load(RepositoryPaths.Shared("data", "lfpw-sample", "image_0010.png"));
        Point2[] landmarks = PtsFile.Read(RepositoryPaths.Shared("data", "lfpw-sample", "image_0010.pts"));
        var sample = new Sample("image_0010").With(CoreFacets.Image, photo).With(CoreFacets.Landmarks, landmarks);
        TextureGanResult Run(bool joint)
        {
            TestPluginContext context = Context(out OnnxTextureGenerator generator, Path.Combine(Path.GetTempPath(), $"facebench-texture-gan-joint-{joint}"));
            using (generator)
            {
                using var stage = new FitTextureGanStage();
                stage.Initialize(new FitTextureGanOptions { Recogniser = FacePluginModels.Feature, PhotometricIterations = 5, Iterations = 5, JointIterations = 10, JointGeometry = joint }, context);
                return stage.Process(sample, default).Get(TextureGanFacets.Result);
            }
        }

        TextureGanResult kept = Run(joint: false);
        TextureGanResult joint = Run(joint: true);
        Assert.False(kept.JointGeometry);
        Assert.Equal(0, kept.ShapeChange);
        Assert.Equal(kept.LandmarkNme, kept.GeneratorLandmarkNme, 6); // the fit's coefficients pass through float
        Assert.Equal(kept.AllTermsLossFrozen, kept.AllTermsLossEnd);
        Assert.True(joint.JointGeometry);
        Assert.True(joint.ShapeChange > 0, $"the shape moved by {joint.ShapeChange}");
        Assert.NotEqual(joint.LandmarkNme, joint.GeneratorLandmarkNme);
        Assert.True(joint.AllTermsLossEnd < joint.AllTermsLossFrozen, $"all-terms loss {joint.AllTermsLossFrozen} (geometry frozen) → {joint.AllTermsLossEnd}");
        Assert.Equal(kept.AllTermsLossFrozen, joint.AllTermsLossFrozen, 9);
        Assert.InRange(joint.LandmarkStageNme, 0, 0.2);
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

    private static TestPluginContext Context(out OnnxTextureGenerator generator, string? runDirectory = null)
    {
        ITextureModel texture = ReferenceAlbedoBuilder.Build(ReferenceAlbedoBuilder.MaxComponents);
        generator = TestTextureDecoder.Create(texture, hidden: 8, samples: 32);
        return new TestPluginContext(runDirectory: runDirectory)
            .WithComponent("model", ReferenceModelBuilder.Build())
            .WithComponent("texture", texture)
            .WithComponent("generator", generator);
    }
}
