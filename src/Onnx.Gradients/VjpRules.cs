using Facebench.Onnx.Gradients.Rules;

namespace Facebench.Onnx.Gradients;

/// <summary>The gradient rules by operator.</summary>
internal static class VjpRules
{
    /// <summary>Every rule, keyed by the operators it differentiates.</summary>
    public static IReadOnlyDictionary<string, IVjpRule> All { get; } = Index(
        new ArithmeticVjp(), new ActivationVjp(), new ConvVjp(), new ConvTransposeVjp(), new GemmVjp(), new MatMulVjp(),
        new BatchNormalizationVjp(), new LayoutVjp(), new ConcatVjp(), new SliceVjp(), new ResizeVjp(), new AveragePoolVjp(),
        new MaxPoolVjp(), new ReduceVjp());

    private static Dictionary<string, IVjpRule> Index(params IVjpRule[] rules)
    {
        var all = new Dictionary<string, IVjpRule>(StringComparer.Ordinal);
        foreach (IVjpRule rule in rules)
        {
            foreach (string op in rule.Operators)
            {
                all.Add(op, rule);
            }
        }

        return all;
    }
}
