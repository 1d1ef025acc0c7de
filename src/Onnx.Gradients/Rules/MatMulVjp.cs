using Facebench.Onnx.Format;

namespace Facebench.Onnx.Gradients.Rules;

/// <summary>
/// Batched matrix product y = A·B (NumPy matmul semantics, operands of rank 2 or more): Ā = ḡ·Bᵀ and B̄ = Aᵀ·ḡ over
/// the last two axes, each summed over the batch axes its operand was broadcast along.
/// </summary>
internal sealed class MatMulVjp : IVjpRule
{
    public IReadOnlyList<string> Operators { get; } = ["MatMul"];

    public void Backward(OnnxNode node, BackwardContext c)
    {
        string g = c.OutputGradient(0)!;
        string a = node.Inputs[0], b = node.Inputs[1];
        long[] aShape = c.Shape(a), bShape = c.Shape(b), yShape = c.Shape(node.Outputs[0]);
        if (aShape.Length < 2 || bShape.Length < 2)
        {
            throw c.Unsupported("one-dimensional MatMul operands are not differentiated; reshape them to matrices");
        }

        if (c.NeedsGradient(0))
        {
            string product = c.Op("MatMul", [g, SwapLast(c, b, bShape.Length)]);
            c.AddGradient(0, c.Unbroadcast(product, [.. yShape[..^2], .. aShape[^2..]], aShape));
        }

        if (c.NeedsGradient(1))
        {
            string product = c.Op("MatMul", [SwapLast(c, a, aShape.Length), g]);
            c.AddGradient(1, c.Unbroadcast(product, [.. yShape[..^2], .. bShape[^2..]], bShape));
        }
    }

    private static string SwapLast(BackwardContext c, string tensor, int rank)
    {
        long[] perm = Enumerable.Range(0, rank).Select(i => (long)i).ToArray();
        (perm[^1], perm[^2]) = (perm[^2], perm[^1]);
        return c.Transpose(tensor, perm);
    }
}
