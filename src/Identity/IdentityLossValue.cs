namespace Facebench.Identity;

/// <summary>One evaluation of <see cref="IdentityLoss"/>.</summary>
/// <param name="Total">The weighted loss.</param>
/// <param name="Cosine">cos(embedding of the photo, embedding of the render composited over it).</param>
/// <param name="Content">The unweighted content term.</param>
public readonly record struct IdentityLossValue(double Total, double Cosine, double Content);
