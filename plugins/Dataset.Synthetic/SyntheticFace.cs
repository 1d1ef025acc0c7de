using Facebench.Contracts;
using Facebench.Contracts.Morphable;

namespace Facebench.Plugins.Dataset.Synthetic;

/// <summary>One generated face: its ground truth and what a detector would report.</summary>
/// <param name="Parameters">Identity, expression (σ units) and pose.</param>
/// <param name="Group">The sub-population's name, or null when no groups are configured.</param>
/// <param name="Landmarks3D">68 × 3 camera-frame positions (model units), NaN where the model has no correspondence.</param>
/// <param name="TrueLandmarks">Noise-free projections (NaN where unmapped).</param>
/// <param name="ObservedLandmarks">With the noise model applied.</param>
internal sealed record SyntheticFace(FaceParameters Parameters, string? Group, float[] Landmarks3D, Point2[] TrueLandmarks, Point2[] ObservedLandmarks);
