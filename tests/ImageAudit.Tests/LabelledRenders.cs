using Facebench.Audit.Classifiers;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Plugins.Dataset.Rendered;
using Facebench.Plugins.Models;
using Facebench.Plugins.Onnx.Inference;
using Facebench.Plugins.Onnx.Inference.Embedding;
using Facebench.Plugins.Texture.Models;
using Facebench.Testing;

namespace Facebench.ImageAudit.Tests;

/// <summary>
/// Labelled face images the tests make: the reference head with its procedural albedo rendered by
/// <c>dataset.rendered</c> (random shape, albedo, light and pose), labelled by the albedo the generator drew, group
/// "A" for faces whose first colour coefficient is above +<see cref="Margin"/>σ and "B" below −<see cref="Margin"/>σ
/// (faces in between are left out), then embedded with faceplugin's face-recognition network (fr_feature, 112×112,
/// (x − 127.5) / 128) on a square crop around the true landmarks.
/// </summary>
internal static class LabelledRenders
{
    /// <summary>The σ margin that separates the groups.</summary>
    public const double Margin = 0.4;

    /// <summary>Renders <paramref name="count"/> faces and returns the labelled embeddings of those outside the margin.</summary>
    public static List<ProbeExample> Embedded(int count, int seed)
    {
        var context = new TestPluginContext(seed);
        var model = new ReferenceModelPlugin();
        model.Initialize(new ReferenceModelOptions(), context);
        context.WithComponent("model", model);
        var texture = new ProceduralTexturePlugin();
        texture.Initialize(new ProceduralTextureOptions(), context);
        context.WithComponent("texture", texture);
        var onnx = new InferOnnxComponent();
        onnx.Initialize(new InferOnnxOptions { Path = FacePluginModels.Model("fr_feature.onnx"), Threads = 2 }, context);
        context.WithComponent("onnx", onnx);

        var source = new RenderedDatasetPlugin();
        source.Initialize(new RenderedDatasetOptions { Model = "model", Texture = "texture", Count = count, ImageWidth = 160, ImageHeight = 160 }, context);
        var embed = new EmbedOnnxStage();
        embed.Initialize(new EmbedOnnxOptions { Mean = [127.5], Std = [128], BoxScale = 1.2, BatchSize = 16 }, context);

        var labelled = new List<Sample>();
        foreach (Sample sample in source.Read(default))
        {
            float albedo = sample.Get(TextureFacets.TrueAppearance).TextureCoefficients[0];
            if (Math.Abs(albedo) < Margin)
            {
                continue;
            }

            Point2[] truth = sample.Get(CoreFacets.TrueLandmarks);
            double x0 = truth.Min(p => p.X), x1 = truth.Max(p => p.X), y0 = truth.Min(p => p.Y), y1 = truth.Max(p => p.Y);
            labelled.Add(sample.WithLabel("group", albedo > 0 ? "A" : "B").With(CoreFacets.FaceBox, new BoundingBox(x0, y0, x1 - x0, y1 - y0)));
        }

        return [.. embed.ProcessBatch(labelled, default).Select(s =>
            new ProbeExample(s.Id, [.. s.Get(FaceAttributeFacets.Embedding).Select(v => (double)v)], s.Labels["group"], s.Labels["group"]))];
    }
}
