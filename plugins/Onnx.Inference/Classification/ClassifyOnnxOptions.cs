using Facebench.Contracts;
using Facebench.Plugins.Onnx.Inference.Preprocessing;

namespace Facebench.Plugins.Onnx.Inference.Classification;

/// <summary>Options of <c>classify.onnx</c> (YAML keys are the snake_case property names).</summary>
public sealed class ClassifyOnnxOptions : ImageInputOptions
{
    /// <summary>The attribute heads.</summary>
    [Option("Attribute heads by name (gender, age, ethnicity ...), each with output, labels and activation.")]
    public required Dictionary<string, ClassifierHead> Heads { get; set; }
}
