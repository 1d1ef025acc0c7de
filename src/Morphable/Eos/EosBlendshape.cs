namespace Facebench.Morphable.Eos;

/// <summary>eos's <c>Blendshape</c>: a name and a per-vertex deformation (3N floats, interleaved xyz) added to a shape.</summary>
/// <param name="Name">E.g. "anger", "happiness".</param>
/// <param name="Deformation">Offsets from the neutral shape, in the model's unit.</param>
internal sealed record EosBlendshape(string Name, float[] Deformation);
