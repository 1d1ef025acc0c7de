namespace Facebench.Identity;

/// <summary>The weights of the identity and content terms.</summary>
/// <param name="Identity">Weight of 1 − cos(embedding of the photo, embedding of the composite).</param>
/// <param name="Content">Weight of the mean squared difference of the content layers' activations (summed over layers).</param>
public readonly record struct IdentityLossWeights(double Identity = 1, double Content = 0);
