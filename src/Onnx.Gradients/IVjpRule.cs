using Facebench.Onnx.Format;

namespace Facebench.Onnx.Gradients;

/// <summary>
/// The vector-Jacobian product of one operator: given the upstream gradients of a node's outputs, emits the nodes
/// that compute the gradients of its inputs (reverse-mode differentiation, Griewank &amp; Walther, "Evaluating
/// Derivatives", 2008, ch. 3) and hands them to <see cref="BackwardContext.AddGradient"/>.
/// </summary>
public interface IVjpRule
{
    /// <summary>The operators (default domain) this rule differentiates.</summary>
    IReadOnlyList<string> Operators { get; }

    /// <summary>Emits the backward nodes of <paramref name="node"/>.</summary>
    void Backward(OnnxNode node, BackwardContext context);
}
