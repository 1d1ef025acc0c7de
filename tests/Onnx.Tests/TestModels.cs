using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Onnx;
using Facebench.Onnx.Format;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Facebench.Onnx.Tests;

/// <summary>Small ONNX models whose outputs are known in closed form, and images to feed them.</summary>
internal static class TestModels
{
    /// <summary>A scratch folder for model files.</summary>
    public static string Folder { get; } = Directory.CreateTempSubdirectory("facebench-onnx-tests-").FullName;

    /// <summary>
    /// [N,3,H,W] in, [N,68,2] out: constant landmark coordinates (input pixels) plus 0 × the image mean, so that the output
    /// does not depend on the pixels but the graph still runs per sample.
    /// </summary>
    public static string Coordinates(float[] coordinates, int size = 32, string name = "coords.onnx") => new OnnxModelBuilder()
        .Input("image", TensorElementType.Float, -1, 3, size, size)
        .Initializer(OnnxTensor.FromFloats("zero", [0f], 1))
        .Initializer(OnnxTensor.FromFloats("points", coordinates, coordinates.Length))
        .Initializer(OnnxTensor.From<long>("shape", [-1, coordinates.Length / 2, 2], 3))
        .Node("Flatten", ["image"], ["flat"], OnnxAttribute.Int("axis", 1))
        .Node("ReduceMean", ["flat"], ["mean"], OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 1))
        .Node("Mul", ["mean", "zero"], ["nothing"])
        .Node("Add", ["nothing", "points"], ["flat_points"])
        .Node("Reshape", ["flat_points", "shape"], ["landmarks"])
        .Output("landmarks", TensorElementType.Float, -1, coordinates.Length / 2, 2)
        .Save(Path.Combine(Folder, name));

    /// <summary>[N,3,H,W] in, [N,P,h,w] constant heat maps out.</summary>
    public static string Heatmaps(float[] maps, int points, int mapSize, int size = 32) => new OnnxModelBuilder()
        .Input("image", TensorElementType.Float, -1, 3, size, size)
        .Initializer(OnnxTensor.FromFloats("zero", [0f], 1))
        .Initializer(OnnxTensor.FromFloats("maps", maps, points, mapSize, mapSize))
        .Node("ReduceMean", ["image"], ["mean"], OnnxAttribute.Ints("axes", 1, 2, 3), OnnxAttribute.Int("keepdims", 1))
        .Node("Mul", ["mean", "zero"], ["nothing"])
        .Node("Add", ["nothing", "maps"], ["heatmaps"])
        .Output("heatmaps", TensorElementType.Float, -1, points, mapSize, mapSize)
        .Save(Path.Combine(Folder, "heatmaps.onnx"));

    /// <summary>
    /// Two heads from the image mean m: "gender" = [m, −m] (softmax), "age" = [m − ½] (binary sigmoid).
    /// </summary>
    public static string Classifier(int size = 16) => new OnnxModelBuilder()
        .Input("image", TensorElementType.Float, -1, 3, size, size)
        .Initializer(OnnxTensor.FromFloats("signs", [1f, -1f], 2))
        .Initializer(OnnxTensor.FromFloats("half", [0.5f], 1))
        .Node("Flatten", ["image"], ["flat"], OnnxAttribute.Int("axis", 1))
        .Node("ReduceMean", ["flat"], ["mean"], OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 1))
        .Node("Mul", ["mean", "signs"], ["gender"])
        .Node("Sub", ["mean", "half"], ["age"])
        .Output("gender", TensorElementType.Float, -1, 2)
        .Output("age", TensorElementType.Float, -1, 1)
        .Save(Path.Combine(Folder, "classifier.onnx"));

    /// <summary>[N,3,H,W] in, the per-channel means [N,3] out.</summary>
    public static string ChannelMeans(int size = 16, string name = "means.onnx") => new OnnxModelBuilder()
        .Input("image", TensorElementType.Float, -1, 3, size, size)
        .Node("ReduceMean", ["image"], ["feature"], OnnxAttribute.Ints("axes", 2, 3), OnnxAttribute.Int("keepdims", 0))
        .Output("feature", TensorElementType.Float, -1, 3)
        .Save(Path.Combine(Folder, name));

    /// <summary>[N,3,H,W] in, sqrt(−1 − mean²) = NaN out.</summary>
    public static string NaNs(int size = 16) => new OnnxModelBuilder()
        .Input("image", TensorElementType.Float, -1, 3, size, size)
        .Initializer(OnnxTensor.FromFloats("minus_one", [-1f], 1))
        .Node("ReduceMean", ["image"], ["feature"], OnnxAttribute.Ints("axes", 2, 3), OnnxAttribute.Int("keepdims", 0))
        .Node("Mul", ["feature", "feature"], ["square"])
        .Node("Sub", ["minus_one", "square"], ["negative"])
        .Node("Sqrt", ["negative"], ["nan"])
        .Output("nan", TensorElementType.Float, -1, 3)
        .Save(Path.Combine(Folder, "nan.onnx"));

    /// <summary>y = 2x + 1 over [N,4]: the smallest model whose output is known in closed form.</summary>
    public static byte[] Affine(long batch = -1) => new OnnxModelBuilder()
        .Input("x", TensorElementType.Float, batch, 4)
        .Initializer(OnnxTensor.FromFloats("two", [2f], 1))
        .Initializer(OnnxTensor.FromFloats("one", [1f], 1))
        .Node("Mul", ["x", "two"], ["t"])
        .Node("Add", ["t", "one"], ["y"])
        .Output("y", TensorElementType.Float, batch, 4)
        .ToBytes();

    /// <summary>
    /// [N,3,H,W] in, [N,3·H·W] out through a Reshape to the fixed shape [1, 3·H·W]: it runs on a batch of one and fails
    /// at run time on any larger batch, which ONNX Runtime cannot see when loading (N is symbolic).
    /// </summary>
    public static string FailsOnBatches(int size = 8) => new OnnxModelBuilder()
        .Input("image", TensorElementType.Float, -1, 3, size, size)
        .Initializer(OnnxTensor.From<long>("shape", [1, 3 * size * size], 2))
        .Node("Reshape", ["image", "shape"], ["flat"])
        .Output("flat", TensorElementType.Float, -1, 3 * size * size)
        .Save(Path.Combine(Folder, "fails-on-batches.onnx"));

    /// <summary>A uniform RGB image.</summary>
    public static ImageBuffer Uniform(int width, int height, byte r, byte g, byte b)
    {
        var pixels = new byte[width * height * 3];
        for (int i = 0; i < pixels.Length; i += 3)
        {
            (pixels[i], pixels[i + 1], pixels[i + 2]) = (r, g, b);
        }

        return new ImageBuffer(width, height, PixelFormat.Rgb24, pixels);
    }

    /// <summary>A sample carrying an image and, optionally, a face box.</summary>
    public static Sample Sample(string id, ImageBuffer image, BoundingBox? box = null)
    {
        Sample sample = new Sample(id).With(CoreFacets.Image, image);
        return box is { } b ? sample.With(CoreFacets.FaceBox, b) : sample;
    }
}
