namespace Facebench.Onnx.Gradients;

/// <summary>
/// What to differentiate: the forward tensors whose upstream gradients seed the backward pass, the tensors to
/// differentiate with respect to (graph inputs and, optionally, initialisers), and the concrete input shapes the
/// backward model is specialised to.
/// </summary>
/// <param name="Seeds">
/// Forward tensors (graph outputs or intermediate activations) whose upstream gradients the backward model takes as the
/// inputs <c>{seed}__grad</c>; the model also outputs each seed's forward value under its own name.
/// </param>
/// <param name="WithRespectTo">Graph inputs or initialisers; the backward model outputs <c>{name}__grad</c> for each.</param>
/// <param name="InputShapes">The shape of every graph input (symbolic dimensions made concrete).</param>
public sealed record GradientRequest(IReadOnlyList<string> Seeds, IReadOnlyList<string> WithRespectTo, IReadOnlyDictionary<string, long[]> InputShapes)
{
    /// <summary>The name of the backward model's input that carries a seed's upstream gradient.</summary>
    public static string UpstreamName(string seed) => seed + "__grad";

    /// <summary>The name of the backward model's output that carries the gradient of a tensor.</summary>
    public static string GradientName(string tensor) => tensor + "__grad";
}
