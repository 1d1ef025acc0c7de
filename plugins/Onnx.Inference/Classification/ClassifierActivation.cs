namespace Facebench.Plugins.Onnx.Inference.Classification;

/// <summary>How a classifier head's raw outputs become probabilities.</summary>
public enum ClassifierActivation
{
    /// <summary>Softmax over the head's outputs: one label of many.</summary>
    Softmax,

    /// <summary>Logistic per output; a single output with two labels is a binary head (p(second label) = sigmoid(x)).</summary>
    Sigmoid,

    /// <summary>The outputs are probabilities (or scores) already.</summary>
    None,
}
