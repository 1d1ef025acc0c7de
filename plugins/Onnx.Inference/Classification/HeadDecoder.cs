namespace Facebench.Plugins.Onnx.Inference.Classification;

/// <summary>How a classifier head's outputs become a prediction.</summary>
public enum HeadDecoder
{
    /// <summary>One output of per-label scores, turned into probabilities by the head's activation.</summary>
    Scores,

    /// <summary>
    /// Soft stagewise regression (SSR-Net, <see cref="SsrNetRegression"/>): nine outputs give one value in
    /// [0, range]. With two labels the value (range 1) is the probability of the second; with no labels it is an age
    /// in years, labelled with FairFace's age group.
    /// </summary>
    SsrNet,
}
