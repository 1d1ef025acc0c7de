using Facebench.Onnx.Format;

namespace Facebench.Onnx.Gradients.Rules;

/// <summary>
/// General matrix multiplication y = α·A′B′ + βC with A′ = Aᵀ if transA, B′ = Bᵀ if transB: Ā′ = α·ḡB′ᵀ, B̄′ = α·A′ᵀḡ,
/// each transposed back when its operand was, and C̄ = β·ḡ summed over C's broadcast axes. Every product is again a
/// Gemm, its transposition flags chosen so that no Transpose node is needed.
/// </summary>
internal sealed class GemmVjp : IVjpRule
{
    public IReadOnlyList<string> Operators { get; } = ["Gemm"];

    public void Backward(OnnxNode node, BackwardContext c)
    {
        string g = c.OutputGradient(0)!;
        string a = node.Inputs[0], b = node.Inputs[1];
        float alpha = node.Float("alpha", 1f), beta = node.Float("beta", 1f);
        bool transA = node.Int("transA", 0) != 0, transB = node.Int("transB", 0) != 0;
        if (c.NeedsGradient(0))
        {
            // Ā′ = α ḡ B′ᵀ; with transA, Ā = Ā′ᵀ = α B′ ḡᵀ.
            c.AddGradient(0, transA ? Gemm(c, b, g, transB, true, alpha) : Gemm(c, g, b, false, !transB, alpha));
        }

        if (c.NeedsGradient(1))
        {
            // B̄′ = α A′ᵀ ḡ; with transB, B̄ = B̄′ᵀ = α ḡᵀ A′.
            c.AddGradient(1, transB ? Gemm(c, g, a, true, transA, alpha) : Gemm(c, a, g, !transA, false, alpha));
        }

        if (c.NeedsGradient(2))
        {
            string scaled = beta == 1f ? g : c.Op("Mul", [g, c.Scalar(beta)]);
            c.AddGradient(2, c.Unbroadcast(scaled, c.Shape(node.Outputs[0]), c.Shape(node.Inputs[2])));
        }
    }

    private static string Gemm(BackwardContext c, string a, string b, bool transA, bool transB, float alpha) => c.Op(
        "Gemm",
        [a, b],
        OnnxAttribute.Int("transA", transA ? 1 : 0),
        OnnxAttribute.Int("transB", transB ? 1 : 0),
        OnnxAttribute.Float("alpha", alpha));
}
