namespace Facebench.Morphable.Eos;

/// <summary>
/// The content of an eos <c>MorphableModel</c> archive (eos's <c>MorphableModel::serialize</c>, class versions 1–4):
/// shape and colour PCA models; from version 2 an optional expression model (a PCA model or blendshapes); from
/// version 3 optional named landmark definitions; per-vertex texture coordinates; from version 4 texture triangles.
/// </summary>
internal sealed record EosMorphableModel(
    uint Version,
    EosPcaModel Shape,
    EosPcaModel Color,
    EosPcaModel? ExpressionPca,
    IReadOnlyList<EosBlendshape>? ExpressionBlendshapes,
    IReadOnlyDictionary<string, int>? LandmarkDefinitions,
    double[] TextureCoordinates,
    int[] TextureTriangles);
