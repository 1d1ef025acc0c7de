namespace Facebench.Onnx.Tests;

public sealed class OptionsTests
{
    [AssetFact]
    public void Every_session_option_and_value_function_reaches_ort()
    {
        using var options = new SessionOptions
        {
            EnableCpuMemArena = false,
            ExecutionMode = ExecutionMode.Parallel,
            InterOpNumThreads = 2,
            IntraOpNumThreads = 1,
            GraphOptimizationLevel = GraphOptimizationLevel.EnableBasic,
            LogSeverityLevel = OrtLoggingLevel.Error,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        Assert.Throws<OrtException>(() => options.AddSessionConfigEntry("", "x"));
        using var session = new InferenceSession(SessionTests.AffineModel(), options, "affine.onnx");

        using OrtValue x = OrtValue.CreateAllocatedTensorValue(TensorElementType.Float, [1, 4]);
        Assert.True(x.IsTensor);
        Assert.Equal(OnnxValueType.Tensor, x.OnnxType);
        x.GetTensorMutableDataAsSpan<float>().Fill(3);
        Assert.Throws<InvalidOperationException>(() => x.GetTensorDataAsSpan<int>().Length);

        using var run = new RunOptions { Terminate = true };
        var stopped = Assert.Throws<OrtException>(() => session.Run(run, ["x"], [x], ["y"]).Dispose());
        Assert.Contains("affine.onnx", stopped.Message);
        run.Terminate = false;
        using var outputs = session.Run(run, ["x"], [x], ["y"]);
        Assert.Equal(new float[] { 7, 7, 7, 7 }, outputs[0].GetTensorDataAsSpan<float>().ToArray());
    }
}
