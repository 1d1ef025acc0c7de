using Facebench.Audit.Classifiers;
using Facebench.Audit.Populations;
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
/// <c>dataset.rendered</c> (random shape, albedo, light and pose) in two equal groups that differ in albedo only,
/// "A" with its first colour coefficient drawn N(+<see cref="Offset"/>, 0.5²) and "B" N(−<see cref="Offset"/>, 0.5²),
/// then embedded with faceplugin's face-recognition network (fr_feature, 112×112, (x − 127.5) / 128) on a square crop
/// around the true landmarks.
/// </summary>
internal static class LabelledRenders
{
    /// <summary>The groups' mean first colour coefficient, ± this many σ.</summary>
    public const double Offset = 1.2;

    /// <summary>Renders <paramref name="count"/> labelled faces and returns their embeddings.</summary>
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
        source.Initialize(new RenderedDatasetOptions
        {
            Model = "model", Texture = "texture", Count = count, ImageWidth = 160, ImageHeight = 160,
            Groups =
            [
                new PopulationGroup { Name = "A", TextureComponents = [0], TextureOffset = [Offset], TextureVarianceScale = 0.25 },
                new PopulationGroup { Name = "B", TextureComponents = [0], TextureOffset = [-Offset], TextureVarianceScale = 0.25 },
            ],
        }, context);
        var embed = new EmbedOnnxStage();
        embed.Initialize(new EmbedOnnxOptions { Mean = [127.5], Std = [128], BoxScale = 1.2, BatchSize = 16 }, context);

        var labelled = new List<Sample>();
        foreach (Sample sample in source.Read(default))
        {
            Point2[] truth = sample.Get(CoreFacets.TrueLandmarks);
            double x0 = truth.Min(p => p.X), x1 = truth.Max(p => p.X), y0 = truth.Min(p => p.Y), y1 = truth.Max(p => p.Y);
            labelled.Add(sample.With(CoreFacets.FaceBox, new BoundingBox(x0, y0, x1 - x0, y1 - y0)));
        }

        return [.. embed.ProcessBatch(labelled, default).Select(s =>
            new ProbeExample(s.Id, [.. s.Get(FaceAttributeFacets.Embedding).Select(v => (double)v)], s.Labels["group"], s.Labels["group"]))];
    }
}
