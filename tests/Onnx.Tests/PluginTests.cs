using Facebench.Contracts;
using Facebench.Plugins.Onnx.Inference;
using Facebench.Plugins.Onnx.Inference.Classification;
using Facebench.Plugins.Onnx.Inference.Embedding;
using Facebench.Plugins.Onnx.Inference.Landmarks;
using Facebench.Plugins.Onnx.Inference.Preprocessing;
using Facebench.Testing;

namespace Facebench.Onnx.Tests;

public sealed class PluginTests
{
    private const int Size = 32;

    internal static TestPluginContext ContextWith(string modelPath, out InferOnnxComponent component)
    {
        var context = new TestPluginContext();
        component = new InferOnnxComponent();
        component.Initialize(new InferOnnxOptions { Path = modelPath, Threads = 1 }, context);
        return context.WithComponent("onnx", component);
    }

    internal static float[] IbugCoordinates() =>
        Enumerable.Range(0, 68).SelectMany(i => new[] { 2f + (i % 17 * 1.7f), 3f + (i / 17 * 6.25f) }).ToArray();

    [Fact]
    public void Landmarks_from_coordinates_map_back_through_the_box_crop()
    {
        float[] coordinates = IbugCoordinates();
        TestPluginContext context = ContextWith(TestModels.Coordinates(coordinates, Size), out _);
        var stage = new LandmarksOnnxStage();
        stage.Initialize(new LandmarksOnnxOptions { BoxScale = 1.25, BoxShiftY = 0.1 }, context);
        var box = new BoundingBox(40, 30, 80, 60);
        Sample result = stage.Process(TestModels.Sample("a", TestModels.Uniform(200, 150, 90, 90, 90), box), default);

        Point2[] landmarks = result.Get(CoreFacets.Landmarks);
        Assert.Equal(68, landmarks.Length);

        // Square crop of side 1.25 × 80 = 100 centred on (80, 60 + 6): input pixel u maps to 30 + (u + ½) · 100/32.
        double side = 100, left = 80 - 50, top = 66 - 50;
        for (int i = 0; i < 68; i++)
        {
            Assert.Equal(left + ((coordinates[2 * i] + 0.5) * side / Size), landmarks[i].X, 4);
            Assert.Equal(top + ((coordinates[(2 * i) + 1] + 0.5) * side / Size), landmarks[i].Y, 4);
        }

        Assert.False(result.Has(OnnxFacets.ModelLandmarks));
    }

    [Fact]
    public void Landmarks_from_heatmaps_use_subpixel_soft_argmax_and_a_point_mapping()
    {
        // Five points whose log-Gaussian maps (sigma 1 cell) peak between cells: soft-argmax with beta 1 over the whole
        // map is their exact mean (the Gaussian is 5 sigma or more from every edge).
        const int points = 5, map = 16;
        (double X, double Y)[] centres = [(5.3, 6.7), (8.25, 5.5), (10.9, 10.1), (6.0, 9.45), (7.77, 7.2)];
        var maps = new float[points * map * map];
        for (int p = 0; p < points; p++)
        {
            for (int y = 0; y < map; y++)
            {
                for (int x = 0; x < map; x++)
                {
                    double dx = x - centres[p].X, dy = y - centres[p].Y;
                    maps[(p * map * map) + (y * map) + x] = (float)(-((dx * dx) + (dy * dy)) / 2);
                }
            }
        }

        TestPluginContext context = ContextWith(TestModels.Heatmaps(maps, points, map, Size), out _);
        var stage = new LandmarksOnnxStage();
        List<int> mapping = Enumerable.Repeat(-1, 68).ToList();
        mapping[30] = 2; // nose tip
        mapping[36] = 0; // eye corners
        mapping[45] = 1;
        stage.Initialize(new LandmarksOnnxOptions { Decode = LandmarkDecoding.Heatmaps, Beta = 1, Window = 0, Mapping = mapping, Square = false }, context);
        Sample result = stage.Process(TestModels.Sample("h", TestModels.Uniform(64, 64, 10, 20, 30)), default);

        // No box: the whole 64×64 image is the crop, 2 image pixels per input pixel, 2 input pixels per heat-map cell.
        Point2[] model = result.Get(OnnxFacets.ModelLandmarks);
        for (int p = 0; p < points; p++)
        {
            double u = ((centres[p].X + 0.5) * Size / map) - 0.5, v = ((centres[p].Y + 0.5) * Size / map) - 0.5;
            Assert.Equal(-0.5 + ((u + 0.5) * 2), model[p].X, 3);
            Assert.Equal(-0.5 + ((v + 0.5) * 2), model[p].Y, 3);
        }

        Point2[] ibug = result.Get(CoreFacets.Landmarks);
        Assert.Equal(model[2], ibug[30]);
        Assert.Equal(model[0], ibug[36]);
        Assert.Equal(model[1], ibug[45]);
        Assert.False(ibug[0].IsValid);
    }

    [Fact]
    public void Classifier_heads_give_softmax_and_binary_sigmoid_probabilities()
    {
        TestPluginContext context = ContextWith(TestModels.Classifier(16), out _);
        var stage = new ClassifyOnnxStage();
        stage.Initialize(
            new ClassifyOnnxOptions
            {
                Square = false,
                Heads = new()
                {
                    ["gender"] = new ClassifierHead { Labels = ["female", "male"] },
                    ["age"] = new ClassifierHead { Labels = ["young", "old"], Activation = ClassifierActivation.Sigmoid },
                },
            },
            context);
        Sample result = stage.Process(TestModels.Sample("c", TestModels.Uniform(16, 16, 204, 204, 204)), default);

        IReadOnlyDictionary<string, AttributePrediction> attributes = result.Get(OnnxFacets.Attributes);
        double m = 204 / 255.0;
        double female = 1 / (1 + Math.Exp(-2 * m));
        Assert.Equal("female", attributes["gender"].Label);
        Assert.Equal(female, attributes["gender"].Score, 5);
        Assert.Equal(1 - female, attributes["gender"].Scores["male"], 5);
        double old = 1 / (1 + Math.Exp(-(m - 0.5)));
        Assert.Equal("old", attributes["age"].Label);
        Assert.Equal(old, attributes["age"].Scores["old"], 5);
    }

    [Fact]
    public void Embedding_is_l2_normalised_with_arcface_normalisation()
    {
        TestPluginContext context = ContextWith(TestModels.ChannelMeans(16), out _);
        var stage = new EmbedOnnxStage();
        stage.Initialize(new EmbedOnnxOptions { Square = false }, context);
        Sample result = stage.Process(TestModels.Sample("e", TestModels.Uniform(16, 16, 200, 100, 50)), default);

        double[] raw = [(200 - 127.5) / 127.5, (100 - 127.5) / 127.5, (50 - 127.5) / 127.5];
        double norm = Math.Sqrt(raw.Sum(x => x * x));
        float[] embedding = result.Get(OnnxFacets.Embedding);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(raw[i] / norm, embedding[i], 5);
        }
    }

    [Fact]
    public void Batched_processing_matches_one_by_one()
    {
        TestPluginContext context = ContextWith(TestModels.ChannelMeans(16, "means-batch.onnx"), out _);
        var single = new EmbedOnnxStage();
        single.Initialize(new EmbedOnnxOptions { BatchSize = 1 }, context);
        var batched = new EmbedOnnxStage();
        batched.Initialize(new EmbedOnnxOptions { BatchSize = 4 }, context);
        var samples = Enumerable.Range(0, 10)
            .Select(i => TestModels.Sample($"s{i}", TestModels.Uniform(40, 30, (byte)(20 * i), (byte)(200 - (10 * i)), 77), new BoundingBox(5 + i, 3, 20, 20)))
            .ToList();

        IReadOnlyList<Sample> together = batched.ProcessBatch(samples, default);
        for (int i = 0; i < samples.Count; i++)
        {
            float[] one = single.Process(samples[i], default).Get(OnnxFacets.Embedding);
            float[] batch = together[i].Get(OnnxFacets.Embedding);

            // Same crops and model; only ORT's summation order may differ with the batch size.
            Assert.All(one.Zip(batch), p => Assert.Equal(p.First, p.Second, 5));
        }
    }

    [Fact]
    public void Image_writer_normalises_selects_channels_and_lays_out()
    {
        var image = new Contracts.Imaging.ImageBuffer(2, 1, Contracts.Imaging.PixelFormat.Rgb24, [10, 20, 30, 40, 50, 60]);
        var crop = CropTransform.For(null, image.Size, 2, 1, 1, 0, 0, square: false);
        var nchw = new ImageTensorWriter(2, 1, ChannelOrder.Bgr, TensorLayout.Nchw, 1, [0.0], [10.0]);
        var slot = new float[6];
        nchw.Write(image, crop, slot);
        Assert.Equal(new float[] { 3, 6, 2, 5, 1, 4 }, slot);

        var nhwc = new ImageTensorWriter(2, 1, ChannelOrder.Rgb, TensorLayout.Nhwc, 1, [10.0, 20, 30], [1.0]);
        nhwc.Write(image, crop, slot);
        Assert.Equal(new float[] { 0, 0, 0, 30, 30, 30 }, slot);
    }
}
