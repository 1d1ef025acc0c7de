using Facebench.Contracts;

namespace Facebench.Plugins.Onnx.Inference.Classification;

/// <summary>One attribute head of <c>classify.onnx</c>: which output, its labels and its activation.</summary>
public sealed class ClassifierHead
{
    /// <summary>The output to read.</summary>
    [Option("The model output of this head; empty = the output named like the head, else (single head) the first output. Not used by the ssr_net decoder, which reads SSR-Net's nine outputs by name.")]
    public string Output { get; set; } = "";

    /// <summary>The labels, in output order.</summary>
    [Option("The labels in the order of the output's values, e.g. [female, male]. ssr_net: two labels (the value is the second's probability) or none (an age in years, labelled with FairFace's age group).")]
    public List<string> Labels { get; set; } = [];

    /// <summary>The activation.</summary>
    [Option("softmax (one of many), sigmoid (independent, or binary with one output and two labels) or none (already probabilities).")]
    public ClassifierActivation Activation { get; set; } = ClassifierActivation.Softmax;

    /// <summary>The decoder.</summary>
    [Option("scores (one output of per-label scores) or ssr_net (SSR-Net's soft stagewise regression over nine outputs).")]
    public HeadDecoder Decoder { get; set; } = HeadDecoder.Scores;

    /// <summary>SSR-Net's value range.</summary>
    [Option("ssr_net: the value range V (101 for SSR-Net's age models, 1 for its gender models).")]
    public double Range { get; set; } = 1;
}
