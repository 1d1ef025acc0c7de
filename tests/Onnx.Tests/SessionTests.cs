using Facebench.Onnx.Format;

namespace Facebench.Onnx.Tests;

public sealed class SessionTests
{
    /// <summary>y = 2x + 1 over [N,4]: the smallest model whose output is known in closed form.</summary>
    internal static byte[] AffineModel(long batch = -1) => new OnnxModelBuilder()
        .Input("x", TensorElementType.Float, batch, 4)
        .Initializer(OnnxTensor.FromFloats("two", [2f], 1))
        .Initializer(OnnxTensor.FromFloats("one", [1f], 1))
        .Node("Mul", ["x", "two"], ["t"])
        .Node("Add", ["t", "one"], ["y"])
        .Output("y", TensorElementType.Float, batch, 4)
        .ToBytes();

    [AssetFact]
    public void Library_reports_version_and_cpu_provider()
    {
        OrtLibrary library = OrtLibrary.Instance;
        Assert.StartsWith("1.", library.Version);
        Assert.Contains("CPUExecutionProvider", library.AvailableProviders);
        Assert.False(string.IsNullOrEmpty(library.BuildInfo));
    }

    [AssetFact]
    public void Session_reads_metadata_and_runs_with_allocated_outputs()
    {
        using var session = new InferenceSession(AffineModel(), modelName: "affine.onnx");
        Assert.Equal(["x"], session.InputNames);
        Assert.Equal(["y"], session.OutputNames);
        NodeMetadata x = session.InputMetadata["x"];
        Assert.Equal(TensorElementType.Float, x.ElementDataType);
        Assert.Equal([-1, 4], x.Dimensions);
        Assert.Equal("N", x.SymbolicDimensions[0]);

        using OrtValue input = OrtValue.CreateTensorValueFromMemory(new float[] { 0, 1, 2, 3, 4, 5, 6, 7 }, [2, 4]);
        using var outputs = session.Run(null, ["x"], [input], ["y"]);
        OrtTensorTypeAndShapeInfo info = outputs[0].GetTensorTypeAndShape();
        Assert.Equal([2L, 4L], info.Shape);
        Assert.Equal(new float[] { 1, 3, 5, 7, 9, 11, 13, 15 }, outputs[0].GetTensorDataAsSpan<float>().ToArray());
    }
}
