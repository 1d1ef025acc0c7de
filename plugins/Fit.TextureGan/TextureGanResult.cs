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

    /// <summary>Landmark NME of the fitted geometry (the generator stage keeps it).</summary>
    public double LandmarkNme { get; init; }

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
