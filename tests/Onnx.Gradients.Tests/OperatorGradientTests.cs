using Facebench.Onnx.Format;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xunit.Abstractions;
using static Facebench.Onnx.Gradients.Tests.GradientCheck;

namespace Facebench.Onnx.Gradients.Tests;

/// <summary>
/// Every supported operator's gradient against central finite differences, on small random graphs the project's
/// model builder writes: each case builds y = op(inputs) and checks the gradients with respect to the listed inputs.
/// </summary>
public sealed class OperatorGradientTests(ITestOutputHelper output)
{
    private const float Tolerance = 2e-3f;

    /// <summary>A case: a graph with inputs (values from a seeded generator) and the inputs to differentiate.</summary>
    private sealed record Case(Func<OnnxModelBuilder, OnnxModelBuilder> Graph, (string Name, long[] Shape, double Low, double High)[] Inputs, string[] WithRespectTo, long[] OutputShape)
    {
        /// <summary>
        /// For piecewise-linear operators (Relu, PRelu, MaxPool): inputs at least this far from zero and a small step,
        /// so that no finite-difference step crosses a kink or swaps a window's maximum.
        /// </summary>
        public double Gap { get; init; }
    }

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["Add broadcast"] = Binary("Add", [2, 3, 4], [3, 1], [2, 3, 4]),
        ["Sub broadcast"] = Binary("Sub", [2, 3], [3], [2, 3]),
        ["Mul broadcast"] = Binary("Mul", [2, 3, 4], [1, 4], [2, 3, 4]),
        ["Div"] = new(b => b.Node("Div", ["a", "b"], ["y"]), [("a", [2, 3], -1, 1), ("b", [2, 3], 0.5, 2)], ["a", "b"], [2, 3]),
        ["Pow"] = new(b => b.Node("Pow", ["a", "b"], ["y"]), [("a", [2, 3], 0.5, 2), ("b", [2, 3], -1, 2)], ["a", "b"], [2, 3]),
        ["Pow scalar exponent"] = new(b => b.Initializer(OnnxTensor.FromFloats("two", [2f])).Node("Pow", ["a", "two"], ["y"]), [("a", [2, 3], -1, 1)], ["a"], [2, 3]),
        ["Sqrt"] = Unary("Sqrt", 0.5, 2),
        ["Neg"] = Unary("Neg", -1, 1),
        ["Relu"] = Unary("Relu", -1, 1) with { Gap = 0.05 },
        ["LeakyRelu"] = new(b => b.Node("LeakyRelu", ["x"], ["y"], OnnxAttribute.Float("alpha", 0.2f)), [("x", [2, 5], -1, 1)], ["x"], [2, 5]) { Gap = 0.05 },
        ["Sigmoid"] = Unary("Sigmoid", -3, 3),
        ["Tanh"] = Unary("Tanh", -2, 2),
        ["PRelu per channel"] = new(b => b.Node("PRelu", ["x", "slope"], ["y"]), [("x", [2, 3, 4, 4], -1, 1), ("slope", [3, 1, 1], -0.5, 0.5)], ["x", "slope"], [2, 3, 4, 4]) { Gap = 0.05 },
        ["Conv stride 2 with bias"] = new(
            b => b.Node("Conv", ["x", "w", "bias"], ["y"], OnnxAttribute.Ints("strides", 2, 2), OnnxAttribute.Ints("pads", 1, 1, 1, 1), OnnxAttribute.Ints("kernel_shape", 3, 3)),
            [("x", [1, 4, 7, 7], -1, 1), ("w", [6, 4, 3, 3], -0.5, 0.5), ("bias", [6], -1, 1)], ["x", "w", "bias"], [1, 6, 4, 4]),
        ["Conv grouped dilated asymmetric pads"] = new(
            b => b.Node("Conv", ["x", "w"], ["y"], OnnxAttribute.Int("group", 2), OnnxAttribute.Ints("dilations", 2, 2), OnnxAttribute.Ints("pads", 1, 0, 2, 1), OnnxAttribute.Ints("strides", 2, 1)),
            [("x", [2, 4, 9, 8], -1, 1), ("w", [4, 2, 3, 3], -0.5, 0.5)], ["x", "w"], [2, 4, 4, 5]),
        ["Conv depthwise SAME_UPPER"] = new(
            b => b.Node("Conv", ["x", "w"], ["y"], OnnxAttribute.Int("group", 3), OnnxAttribute.String("auto_pad", "SAME_UPPER"), OnnxAttribute.Ints("strides", 2, 2)),
            [("x", [1, 3, 8, 8], -1, 1), ("w", [3, 1, 3, 3], -0.5, 0.5)], ["x", "w"], [1, 3, 4, 4]),
        ["ConvTranspose stride 2 output padding"] = new(
            b => b.Node("ConvTranspose", ["x", "w", "bias"], ["y"], OnnxAttribute.Ints("strides", 2, 2), OnnxAttribute.Ints("pads", 1, 1, 1, 1), OnnxAttribute.Ints("output_padding", 1, 1)),
            [("x", [1, 4, 5, 5], -1, 1), ("w", [4, 3, 3, 3], -0.5, 0.5), ("bias", [3], -1, 1)], ["x", "w", "bias"], [1, 3, 10, 10]),
        ["ConvTranspose grouped"] = new(
            b => b.Node("ConvTranspose", ["x", "w"], ["y"], OnnxAttribute.Int("group", 2), OnnxAttribute.Ints("strides", 2, 2)),
            [("x", [2, 4, 3, 3], -1, 1), ("w", [4, 1, 4, 4], -0.5, 0.5)], ["x", "w"], [2, 2, 8, 8]),
        ["Gemm transB alpha beta"] = new(
            b => b.Node("Gemm", ["a", "b", "c"], ["y"], OnnxAttribute.Int("transB", 1), OnnxAttribute.Float("alpha", 0.5f), OnnxAttribute.Float("beta", 2f)),
            [("a", [3, 4], -1, 1), ("b", [5, 4], -1, 1), ("c", [5], -1, 1)], ["a", "b", "c"], [3, 5]),
        ["Gemm transA"] = new(
            b => b.Node("Gemm", ["a", "b", "c"], ["y"], OnnxAttribute.Int("transA", 1)),
            [("a", [4, 3], -1, 1), ("b", [4, 5], -1, 1), ("c", [3, 5], -1, 1)], ["a", "b", "c"], [3, 5]),
        ["MatMul batched broadcast"] = new(b => b.Node("MatMul", ["a", "b"], ["y"]), [("a", [2, 3, 4], -1, 1), ("b", [4, 5], -1, 1)], ["a", "b"], [2, 3, 5]),
        ["BatchNormalization inference"] = new(
            b => b.Node("BatchNormalization", ["x", "scale", "bias", "mean", "var"], ["y"], OnnxAttribute.Float("epsilon", 1e-3f)),
            [("x", [2, 3, 4, 4], -1, 1), ("scale", [3], 0.5, 2), ("bias", [3], -1, 1), ("mean", [3], -0.5, 0.5), ("var", [3], 0.5, 2)], ["x", "scale", "bias"], [2, 3, 4, 4]),
        ["Reshape"] = new(b => b.Initializer(OnnxTensor.From<long>("shape", [3, -1], 2)).Node("Reshape", ["x", "shape"], ["y"]), [("x", [2, 3, 2], -1, 1)], ["x"], [3, 4]),
        ["Flatten"] = new(b => b.Node("Flatten", ["x"], ["y"], OnnxAttribute.Int("axis", 2)), [("x", [2, 3, 2, 2], -1, 1)], ["x"], [6, 4]),
        ["Transpose"] = new(b => b.Node("Transpose", ["x"], ["y"], OnnxAttribute.Ints("perm", 2, 0, 1)), [("x", [2, 3, 4], -1, 1)], ["x"], [4, 2, 3]),
        ["Concat"] = new(b => b.Node("Concat", ["a", "b"], ["y"], OnnxAttribute.Int("axis", -1)), [("a", [2, 3], -1, 1), ("b", [2, 2], -1, 1)], ["a", "b"], [2, 5]),
        ["Slice"] = new(
            b => b.Initializer(OnnxTensor.From<long>("starts", [1, 0], 2)).Initializer(OnnxTensor.From<long>("ends", [-1, 3], 2)).Initializer(OnnxTensor.From<long>("axes", [1, 2], 2))
                .Node("Slice", ["x", "starts", "ends", "axes"], ["y"]),
            [("x", [2, 5, 4], -1, 1)], ["x"], [2, 3, 3]),
        ["Resize nearest asymmetric floor"] = Resize("nearest", "asymmetric", "floor", [1, 1, 2, 2], [1, 2, 3, 4], [1, 2, 6, 8]),
        ["Resize nearest half-pixel downscale"] = Resize("nearest", "half_pixel", "round_prefer_floor", [1, 1, 0.5f, 0.5f], [1, 2, 6, 8], [1, 2, 3, 4]),
        ["Resize bilinear half-pixel"] = Resize("linear", "half_pixel", "round_prefer_floor", [1, 1, 2, 2], [1, 2, 3, 4], [1, 2, 6, 8]),
        ["Resize bilinear align-corners sizes"] = new(
            b => b.Initializer(OnnxTensor.From<long>("sizes", [1, 2, 7, 5], 4))
                .Node("Resize", ["x", "", "", "sizes"], ["y"], OnnxAttribute.String("mode", "linear"), OnnxAttribute.String("coordinate_transformation_mode", "align_corners")),
            [("x", [1, 2, 3, 4], -1, 1)], ["x"], [1, 2, 7, 5]),
        ["AveragePool padded excluding pads"] = Pool("AveragePool", 0, 0, [1, 2, 4, 4]),
        ["AveragePool padded counting pads"] = Pool("AveragePool", 1, 0, [1, 2, 4, 4]),
        ["AveragePool ceil mode"] = Pool("AveragePool", 0, 1, [1, 2, 5, 5]),
        ["MaxPool overlapping"] = Pool("MaxPool", 0, 0, [1, 2, 4, 4]) with { Gap = 0.05 },
        ["GlobalAveragePool"] = new(b => b.Node("GlobalAveragePool", ["x"], ["y"]), [("x", [2, 3, 4, 5], -1, 1)], ["x"], [2, 3, 1, 1]),
        ["ReduceMean axes attribute"] = new(b => b.Node("ReduceMean", ["x"], ["y"], OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 0)), [("x", [2, 3, 4], -1, 1)], ["x"], [2, 4]),
        ["ReduceSum axes input"] = new(b => b.Initializer(OnnxTensor.From<long>("axes", [0, -1], 2)).Node("ReduceSum", ["x", "axes"], ["y"]), [("x", [2, 3, 4], -1, 1)], ["x"], [1, 3, 1]),
        ["L2 normalisation"] = new(
            b => b.Initializer(OnnxTensor.FromFloats("two", [2f])).Initializer(OnnxTensor.From<long>("axes", [1], 1))
                .Node("Pow", ["x", "two"], ["squares"]).Node("ReduceSum", ["squares", "axes"], ["sum"]).Node("Sqrt", ["sum"], ["norm"]).Node("Div", ["x", "norm"], ["y"]),
            [("x", [2, 6], -1, 1)], ["x"], [2, 6]),
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Gradient_matches_central_differences(string name)
    {
        Case c = Cases[name];
        var random = new Random(name.Length * 7919);
        var builder = new OnnxModelBuilder();
        var inputs = new Dictionary<string, Value>();
        foreach ((string input, long[] shape, double low, double high) in c.Inputs)
        {
            builder.Input(input, TensorElementType.Float, shape);
            inputs[input] = new Value(RandomValues(random, (int)shape.Aggregate(1L, (a, d) => a * d), low, high, c.Gap), shape);
        }

        byte[] model = c.Graph(builder).Output("y", TensorElementType.Float, c.OutputShape).ToBytes();
        double error = WorstError(model, inputs, "y", c.WithRespectTo, seed: name.Length, step: c.Gap > 0 ? 1e-3f : 1e-2f, log: output.WriteLine);
        Assert.True(error < Tolerance, $"{name}: relative error {error:G3} between the analytic and finite-difference directional derivatives");
    }

    [Fact]
    public void Every_supported_operator_has_a_case()
    {
        // A case is named after its operator; the pass-through operators share the layout test below.
        string[] passThrough = ["Identity", "Dropout", "Squeeze", "Unsqueeze"];
        var covered = new HashSet<string>(Cases.Keys.Select(k => k.Split(' ')[0]).Concat(passThrough), StringComparer.Ordinal);
        Assert.All(ReverseModeDifferentiation.SupportedOperators, op => Assert.Contains(op, covered));
    }

    [Fact]
    public void Layout_only_operators_pass_the_gradient_through_unchanged()
    {
        var builder = new OnnxModelBuilder()
            .Input("x", TensorElementType.Float, 2, 3)
            .Initializer(OnnxTensor.From<long>("axes", [0], 1))
            .Node("Identity", ["x"], ["a"])
            .Node("Dropout", ["a"], ["b"])
            .Node("Unsqueeze", ["b", "axes"], ["c"])
            .Node("Squeeze", ["c", "axes"], ["y"])
            .Output("y", TensorElementType.Float, 2, 3);
        var random = new Random(5);
        double error = WorstError(builder.ToBytes(), new Dictionary<string, Value> { ["x"] = new(RandomValues(random, 6), [2, 3]) }, "y", ["x"], seed: 5);
        Assert.True(error < 1e-3, $"relative error {error:G3}");
    }

    [Fact]
    public void Gradient_of_an_initializer_matches_central_differences()
    {
        var random = new Random(11);
        float[] weights = RandomValues(random, 2 * 3 * 3 * 3);
        byte[] Model(float[] w) => new OnnxModelBuilder()
            .Input("x", TensorElementType.Float, 1, 3, 5, 5)
            .Initializer(OnnxTensor.FromFloats("w", w, 2, 3, 3, 3))
            .Node("Conv", ["x", "w"], ["z"])
            .Node("Tanh", ["z"], ["y"])
            .Output("y", TensorElementType.Float, 1, 2, 3, 3)
            .ToBytes();
        var x = new Value(RandomValues(random, 75), [1, 3, 5, 5]);
        float[] upstream = RandomValues(random, 18);
        using var session = new GradientSession(OnnxGraph.Read(Model(weights)), new GradientRequest(["y"], ["w"], new Dictionary<string, long[]> { ["x"] = x.Shape }));
        float[] gradient = session.Run(new Dictionary<string, float[]> { ["x"] = x.Data }, new Dictionary<string, float[]> { ["y"] = upstream })[GradientRequest.GradientName("w")];
        float[] direction = RandomValues(random, weights.Length);
        const float h = 1e-2f;
        double Loss(float sign)
        {
            using var forward = OnnxSessionFactory.Create(Model(weights.Select((w, i) => w + (sign * h * direction[i])).ToArray()), "forward", new OnnxSessionSettings(), out _);
            return Forward(forward, new Dictionary<string, Value> { ["x"] = x }, "y").Select((v, i) => (double)v * upstream[i]).Sum();
        }

        double numeric = (Loss(1) - Loss(-1)) / (2 * h);
        double analytic = gradient.Select((g, i) => (double)g * direction[i]).Sum();
        Assert.True(Math.Abs(numeric - analytic) < Tolerance * Math.Abs(numeric), $"analytic {analytic}, numeric {numeric}");
    }

    [Fact]
    public void An_unsupported_operator_on_the_path_is_named_with_its_node()
    {
        byte[] model = new OnnxModelBuilder()
            .Input("x", TensorElementType.Float, 2, 3)
            .Node("Softmax", ["x"], ["s"])
            .Node("Relu", ["s"], ["y"])
            .Output("y", TensorElementType.Float, 2, 3)
            .ToBytes();
        var e = Assert.Throws<NotSupportedException>(() => ReverseModeDifferentiation.Build(OnnxGraph.Read(model), new GradientRequest(["y"], ["x"], new Dictionary<string, long[]> { ["x"] = [2, 3] })));
        Assert.Contains("Softmax", e.Message, StringComparison.Ordinal);
        Assert.Contains("softmax_0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_tensor_is_reported()
    {
        byte[] model = new OnnxModelBuilder().Input("x", TensorElementType.Float, 2).Node("Relu", ["x"], ["y"]).Output("y", TensorElementType.Float, 2).ToBytes();
        var e = Assert.Throws<ArgumentException>(() => ReverseModeDifferentiation.Build(OnnxGraph.Read(model), new GradientRequest(["y"], ["nope"], new Dictionary<string, long[]> { ["x"] = [2] })));
        Assert.Contains("'nope'", e.Message, StringComparison.Ordinal);
    }

    private static Case Binary(string op, long[] a, long[] b, long[] y) => new(g => g.Node(op, ["a", "b"], ["y"]), [("a", a, -1, 1), ("b", b, -1, 1)], ["a", "b"], y);

    private static Case Unary(string op, double low, double high) => new(g => g.Node(op, ["x"], ["y"]), [("x", [2, 5], low, high)], ["x"], [2, 5]);

    private static Case Resize(string mode, string transform, string rounding, float[] scales, long[] input, long[] output) => new(
        b => b.Initializer(OnnxTensor.FromFloats("scales", scales, 4))
            .Node("Resize", ["x", "", "scales"], ["y"], OnnxAttribute.String("mode", mode), OnnxAttribute.String("coordinate_transformation_mode", transform), OnnxAttribute.String("nearest_mode", rounding)),
        [("x", input, -1, 1)], ["x"], output);

    private static Case Pool(string op, long countPads, long ceil, long[] output) => new(
        b => b.Node(op, ["x"], ["y"], [
            OnnxAttribute.Ints("kernel_shape", 3, 3), OnnxAttribute.Ints("strides", 2, 2), OnnxAttribute.Ints("pads", 1, 1, 1, 1), OnnxAttribute.Int("ceil_mode", ceil),
            .. op == "AveragePool" ? [OnnxAttribute.Int("count_include_pad", countPads)] : Array.Empty<OnnxAttribute>(),
        ]),
        [("x", [1, 2, 8, 8], -1, 1)], ["x"], output);
}
