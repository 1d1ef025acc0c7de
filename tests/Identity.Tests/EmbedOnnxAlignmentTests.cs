using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Plugins.Onnx.Inference;
using Facebench.Plugins.Onnx.Inference.Embedding;
using Facebench.Testing;

namespace Facebench.Identity.Tests;

/// <summary><c>embed.onnx</c> configured for faceplugin's fr_feature (<c>align: arcface</c>, std 128), as pipelines/identity-faceplugin.yaml does.</summary>
public sealed class EmbedOnnxAlignmentTests
{
    [FacePluginFact]
    public void Embed_onnx_with_arcface_alignment_gives_the_identity_networks_embedding()
    {
        (ImageBuffer image, Point2[] landmarks) = RealFaces.Lfpw();
        EmbedOnnxStage stage = Stage(new EmbedOnnxOptions { Model = "fr", Align = EmbedAlignment.ArcFace, Std = [128] });
        float[] embedded = stage.Process(new Sample("lfpw").With(CoreFacets.Image, image).With(CoreFacets.Landmarks, landmarks), default).Get(OnnxFacets.Embedding);

        using var network = new FaceRecognitionNetwork(FacePluginModels.Feature);
        float[] direct = network.Embed(image, landmarks).Embedding;
        Assert.Equal(1, FaceFeatures.Cosine(embedded, direct), 5);

        // The face-box crop of the same photo is a different input: its embedding is measurably further away.
        EmbedOnnxStage boxed = Stage(new EmbedOnnxOptions { Model = "fr", Std = [128] });
        var box = new BoundingBox(landmarks.Min(p => p.X), landmarks.Min(p => p.Y), landmarks.Max(p => p.X) - landmarks.Min(p => p.X), landmarks.Max(p => p.Y) - landmarks.Min(p => p.Y));
        float[] cropped = boxed.Process(new Sample("lfpw").With(CoreFacets.Image, image).With(CoreFacets.FaceBox, box), default).Get(OnnxFacets.Embedding);
        Assert.True(FaceFeatures.Cosine(cropped, direct) < 0.99, $"box crop cosine {FaceFeatures.Cosine(cropped, direct)}");
    }

    [FacePluginFact]
    public void Arcface_alignment_without_landmarks_names_the_sample()
    {
        (ImageBuffer image, _) = RealFaces.Lfpw();
        EmbedOnnxStage stage = Stage(new EmbedOnnxOptions { Model = "fr", Align = EmbedAlignment.ArcFace, Std = [128] });
        var e = Assert.Throws<InvalidDataException>(() => stage.Process(new Sample("no-points").With(CoreFacets.Image, image), default));
        Assert.Contains("'no-points'", e.Message, StringComparison.Ordinal);
        Assert.Contains("landmarks", e.Message, StringComparison.Ordinal);
    }

    private static EmbedOnnxStage Stage(EmbedOnnxOptions options)
    {
        var context = new TestPluginContext();
        var component = new InferOnnxComponent();
        component.Initialize(new InferOnnxOptions { Path = FacePluginModels.Feature, Threads = 1 }, context);
        context.WithComponent("fr", component);
        var stage = new EmbedOnnxStage();
        stage.Initialize(options, context);
        return stage;
    }
}
