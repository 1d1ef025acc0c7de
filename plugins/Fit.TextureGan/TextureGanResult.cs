using Facebench.Contracts;

namespace Facebench.Plugins.Fit.TextureGan;

/// <summary>What <c>fit.texture-gan</c> measured for one photo: the linear texture's fit against the generator's, on the same geometry.</summary>
public sealed record TextureGanResult
{
    /// <summary>Identity cosine of photo and linear-texture render composited over it.</summary>
    public double LinearIdentityCosine { get; init; }

    /// <summary>Identity cosine of photo and generator render composited over it.</summary>
    public double GeneratorIdentityCosine { get; init; }

    /// <summary>
    /// Identity cosine of the generator fitted with the identity and content terms off (<c>compare_without_identity</c>),
    /// NaN when that ablation did not run.
    /// </summary>
    public double GeneratorIdentityCosineWithoutIdentity { get; init; } = double.NaN;

    /// <summary>Photometric error of the linear fit over the face mask, grey levels.</summary>
    public double LinearPhotometricMae { get; init; }

    /// <summary>Photometric error of the generator fit, grey levels.</summary>
    public double GeneratorPhotometricMae { get; init; }

    /// <summary>Landmark NME of the landmark stage's fit.</summary>
    public double LandmarkStageNme { get; init; } = double.NaN;

    /// <summary>Landmark NME of the photometric fit's geometry (the linear texture's).</summary>
    public double LandmarkNme { get; init; }

    /// <summary>Landmark NME of the generator's last stage (equal to <see cref="LandmarkNme"/> when the geometry is kept).</summary>
    public double GeneratorLandmarkNme { get; init; } = double.NaN;

    /// <summary>Photometric error after the generator's photometric-only stage (geometry kept), grey levels.</summary>
    public double GeneratorPhotometricStageMae { get; init; } = double.NaN;

    /// <summary>True when the last stage fitted the geometry with the texture.</summary>
    public bool JointGeometry { get; init; }

    /// <summary>RMS distance over the model's vertices between the photometric fit's shape and the last stage's (model frame, model units).</summary>
    public double ShapeChange { get; init; } = double.NaN;

    /// <summary>The all-terms objective at the start of the last stage (the photometric-only stage's end).</summary>
    public double AllTermsLossStart { get; init; } = double.NaN;

    /// <summary>The all-terms objective after its stage on the frozen geometry (the end when <see cref="JointGeometry"/> is off).</summary>
    public double AllTermsLossFrozen { get; init; } = double.NaN;

    /// <summary>The all-terms objective at the end of the last stage.</summary>
    public double AllTermsLossEnd { get; init; } = double.NaN;

    /// <summary>Time of the landmark and photometric stages, ms.</summary>
    public double LinearFitMs { get; init; }

    /// <summary>Time of the generator stage, ms.</summary>
    public double GeneratorFitMs { get; init; }

    /// <summary>The side-by-side PNG (photo crop | linear render | generator render), relative to the run folder.</summary>
    public string Comparison { get; init; } = "";

    /// <summary>The fitted mesh with the generator's vertex colours (OBJ), relative to the run folder.</summary>
    public string Mesh { get; init; } = "";

    /// <summary>
    /// The generator's texture baked into the model's uv layout (PNG, referenced by the mesh's material), relative to
    /// the run folder; empty when the model has no texture coordinates.
    /// </summary>
    public string UvTexture { get; init; } = "";
}

/// <summary>Facets of the texture stage.</summary>
public static class TextureGanFacets
{
    /// <summary>The comparison of linear and generator textures.</summary>
    public static readonly FacetKey<TextureGanResult> Result = new("texture_gan");
}
