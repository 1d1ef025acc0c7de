using Facebench.Contracts;

namespace Facebench.Plugins.Onnx.Inference.Classification;

/// <summary>One attribute head of <c>classify.onnx</c>: which output, its labels and its activation.</summary>
public sealed class ClassifierHead
{
    /// <summary>The output to read.</summary>
    [Option("The model output of this head; empty = the output named like the head, else (single head) the first output.")]
    public string Output { get; set; } = "";

    /// <summary>The labels, in output order.</summary>
    [Option("The labels in the order of the output's values, e.g. [female, male].")]
    public required List<string> Labels { get; set; }

    /// <summary>The activation.</summary>
    [Option("softmax (one of many), sigmoid (independent, or binary with one output and two labels) or none (already probabilities).")]
    public ClassifierActivation Activation { get; set; } = ClassifierActivation.Softmax;
}
