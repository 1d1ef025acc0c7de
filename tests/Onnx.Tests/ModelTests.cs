using Facebench.Onnx.Format;
using Facebench.Onnx.Providers;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Facebench.Onnx.Tests;

/// <summary>Loading models through <see cref="OnnxModel"/> and <see cref="OnnxSessionFactory"/>, and the format layer.</summary>
public sealed class ModelTests
{
    [Fact]
    public void A_model_file_loads_with_its_inputs_outputs_and_header_and_runs()
    {
        string path = Path.Combine(TestModels.Folder, "affine.onnx");
        File.WriteAllBytes(path, TestModels.Affine());
        using OnnxModel model = OnnxModel.Load(path);

        Assert.Equal("x: float[N,4]", model.Input(null).ToString());
        Assert.Equal("y: float[N,4]", model.Output("").ToString());
        Assert.Equal([-1, 4], model.Input("x").Dimensions);
        Assert.Equal(17, model.Info.Opsets[""]);
        Assert.Equal("facebench 1", model.Info.Producer);
        Assert.Equal(0, model.UpgradedFromOpset);
        Assert.Equal(new OnnxProviderChoice(OnnxSessionFactory.CpuProviderName, null), model.Provider);

        using OrtValue x = OrtValue.CreateTensorValueFromMemory(new float[] { 0, 1, 2, 3, 4, 5, 6, 7 }, [2, 4]);
        using var runOptions = new RunOptions();
        using var outputs = model.Session.Run(runOptions, ["x"], [x], ["y"]);
        Assert.Equal([2L, 4L], outputs[0].GetTensorTypeAndShape().Shape);
        Assert.Equal(new float[] { 1, 3, 5, 7, 9, 11, 13, 15 }, outputs[0].GetTensorDataAsSpan<float>().ToArray());

        var missing = Assert.Throws<InvalidDataException>(() => model.Input("z"));
        Assert.Equal($"{path}: the model has no input 'z'; its inputs are x: float[N,4].", missing.Message);
    }

    [Fact]
    public void Settings_reach_onnx_runtimes_session_options()
    {
        using SessionOptions options = OnnxSessionFactory.CreateCpuOptions(new OnnxSessionSettings
        {
            IntraOpThreads = 1,
            InterOpThreads = 2,
            Optimization = GraphOptimization.EnableBasic,
            LogSeverity = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        });
        Assert.Equal(1, options.IntraOpNumThreads);
        Assert.Equal(2, options.InterOpNumThreads);
        Assert.Equal(ExecutionMode.ORT_PARALLEL, options.ExecutionMode);
        Assert.Equal(GraphOptimizationLevel.ORT_ENABLE_BASIC, options.GraphOptimizationLevel);
        Assert.Equal(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, options.LogSeverityLevel);

        using SessionOptions sequential = OnnxSessionFactory.CreateCpuOptions(new OnnxSessionSettings { Optimization = GraphOptimization.DisableAll });
        Assert.Equal(ExecutionMode.ORT_SEQUENTIAL, sequential.ExecutionMode);
        Assert.Equal(GraphOptimizationLevel.ORT_DISABLE_ALL, sequential.GraphOptimizationLevel);
        Assert.Equal(
            Enum.GetValues<GraphOptimization>().Length,
            Enum.GetValues<GraphOptimization>().Select(o => OnnxSessionFactory.CreateCpuOptions(new OnnxSessionSettings { Optimization = o }).GraphOptimizationLevel).Distinct().Count());
        Assert.Throws<ArgumentOutOfRangeException>(() => OnnxSessionFactory.CreateCpuOptions(new OnnxSessionSettings { IntraOpThreads = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => OnnxSessionFactory.CreateCpuOptions(new OnnxSessionSettings { Device = -1 }));
    }

    [Fact]
    public void A_legacy_model_is_upgraded_to_opset_7_and_computes_the_same_broadcast()
    {
        // Operator set 6: Add broadcasts B [3] along axis 1 of A [2,3,2] (the pre-7 rule); operator set 7 would align B
        // with A's last axis instead, so the upgrade must unsqueeze B to [3,1].
        float[] b = [10, 20, 30];
        string path = new OnnxModelBuilder(opset: 6, irVersion: 3)
            .Input("a", TensorElementType.Float, 2, 3, 2)
            .Initializer(OnnxTensor.FromFloats("b", b, 3))
            .Node("Add", ["a", "b"], ["y"], OnnxAttribute.Int("broadcast", 1), OnnxAttribute.Int("axis", 1))
            .Output("y", TensorElementType.Float, 2, 3, 2)
            .Save(Path.Combine(TestModels.Folder, "legacy-add.onnx"));
        byte[] written = File.ReadAllBytes(path);
        Assert.True(LegacyOpsetUpgrade.IsLegacy(written));
        byte[] upgraded = LegacyOpsetUpgrade.Upgrade(written);
        Assert.Equal(LegacyOpsetUpgrade.TargetOpset, LegacyOpsetUpgrade.DefaultOpset(upgraded));
        Assert.False(LegacyOpsetUpgrade.IsLegacy(upgraded));
        Assert.Equal(OnnxModelInfo.Read(written).Initializers, OnnxModelInfo.Read(upgraded).Initializers);

        using OnnxModel model = OnnxModel.Load(path);
        Assert.Equal(6, model.UpgradedFromOpset);
        float[] a = Enumerable.Range(0, 12).Select(i => (float)i).ToArray();
        using OrtValue input = OrtValue.CreateTensorValueFromMemory(a, [2, 3, 2]);
        using var runOptions = new RunOptions();
        using var outputs = model.Session.Run(runOptions, ["a"], [input], ["y"]);
        float[] expected = a.Select((v, i) => v + b[(i / 2) % 3]).ToArray();
        Assert.Equal(expected, outputs[0].GetTensorDataAsSpan<float>().ToArray());
    }

    [Fact]
    public void Operators_whose_interface_changed_at_opset_7_are_refused_naming_the_file()
    {
        string path = new OnnxModelBuilder(opset: 6, irVersion: 3)
            .Input("x", TensorElementType.Float, 1, 1, 2, 2)
            .Node("Upsample", ["x"], ["y"], OnnxAttribute.Float("height_scale", 2), OnnxAttribute.Float("width_scale", 2))
            .Output("y", TensorElementType.Float, 1, 1, 4, 4)
            .Save(Path.Combine(TestModels.Folder, "legacy-upsample.onnx"));
        var e = Assert.Throws<NotSupportedException>(() => OnnxModel.Load(path));
        Assert.StartsWith($"{path}: the model uses operator set 6", e.Message);
        Assert.Contains("Upsample", e.Message);
    }

    [Fact]
    public void Tensors_cross_into_onnx_runtime_values_and_back_unchanged()
    {
        OnnxTensor tensor = OnnxTensor.From<long>("t", [1, -2, 3, 40_000_000_000], 2, 2);
        using OrtValue value = tensor.ToOrtValue();
        OrtTensorTypeAndShapeInfo info = value.GetTensorTypeAndShape();
        Assert.Equal(TensorElementType.Int64, info.ElementDataType);
        Assert.Equal([2L, 2L], info.Shape);
        Assert.Equal(tensor.AsSpan<long>().ToArray(), value.GetTensorDataAsSpan<long>().ToArray());
        Assert.Equal(8, TensorElementTypes.SizeOf(TensorElementTypes.Of<double>()));
        Assert.Equal("undefined", TensorElementTypes.Name(TensorElementTypes.Undefined));
    }
}
