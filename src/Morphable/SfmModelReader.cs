using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Morphable.Eos;

namespace Facebench.Morphable;

/// <summary>
/// Loads the Surrey Face Model (Huber et al. 2016, "A Multiresolution 3D Morphable Face Model and Fitting
/// Framework", VISAPP) from the files eos publishes: the shape model archive (<c>sfm_shape_3448.bin</c>), the
/// expression blendshapes (<c>expression_blendshapes_3448.bin</c>), the iBUG mapping (<c>ibug_to_sfm.txt</c>) and
/// the jaw-line contours (<c>sfm_model_contours.json</c>). Any eos <c>MorphableModel</c> archive with companion files
/// of the same formats loads the same way.
/// <para>
/// Facts of the public 3448-vertex shape model: 3448 vertices, 6736 triangles, 63 identity components with an
/// orthonormal basis and eigenvalues λ (σ = √λ, from about 238 down to about 6.8), per-vertex texture coordinates,
/// no colour model; the mean face is about 149 units wide (ear to ear at the cheek) and 188 high, so the unit is the
/// millimetre. Its 6 blendshapes (anger, disgust, fear, happiness, sadness, surprise) are plain offsets in mm (σ_exp = 1).
/// </para>
/// </summary>
public static class SfmModelReader
{
    /// <summary>File name of the shape model in eos's <c>share/</c> folder.</summary>
    public const string ShapeFileName = "sfm_shape_3448.bin";

    /// <summary>File name of the expression blendshapes beside it.</summary>
    public const string ExpressionsFileName = "expression_blendshapes_3448.bin";

    /// <summary>File name of the iBUG-to-SFM landmark mapping beside it.</summary>
    public const string LandmarksFileName = "ibug_to_sfm.txt";

    /// <summary>File name of the jaw-line contour lists beside it.</summary>
    public const string ContoursFileName = "sfm_model_contours.json";

    /// <summary>Loads a model.</summary>
    /// <param name="shapePath">The eos MorphableModel archive.</param>
    /// <param name="expressionsPath">An eos blendshapes archive, or null for none (or for the archive's own expression model).</param>
    /// <param name="landmarksPath">An eos landmark mapping (TOML), or null for no landmark embedding.</param>
    /// <param name="contoursPath">An eos contour file, or null for no sliding jaw-line points.</param>
    /// <param name="millimetresPerUnit">The archive's length unit; SFM and eos's BFM conversions are in mm.</param>
    /// <exception cref="PluginInputException">A file is missing, truncated, or not of the expected format.</exception>
    public static LinearMorphableModel Read(string shapePath, string? expressionsPath = null, string? landmarksPath = null, string? contoursPath = null, double millimetresPerUnit = 1.0)
    {
        EosMorphableModel archive = EosArchiveReader.ReadModel(shapePath);
        EosPcaModel shape = archive.Shape;
        int n = shape.Mean.Length / 3;

        // eos stores the orthonormal eigenvectors and the eigenvalues (variances); our contract wants the
        // orthonormal basis U and σ = √λ so that S = mean + U·(σ∘α) with α ~ N(0, I) (eos's rescale_pca_basis).
        float[] identityBasis = shape.OrthonormalBasis.ToRowMajor();
        float[] identityStdDev = [.. shape.Eigenvalues.Select(MathF.Sqrt)];

        (float[] expressionBasis, float[] expressionStdDev) = ReadExpressions(archive, expressionsPath, n);

        LandmarkEmbedding landmarks = landmarksPath is null
            ? new LandmarkEmbedding(Enumerable.Repeat(LandmarkBinding.None, LandmarkEmbedding.IbugCount).ToArray(), [], [], [], [])
            : ReadLandmarks(landmarksPath, contoursPath, n);

        float[] mean = shape.Mean;
        if (expressionsPath is null && archive.ExpressionBlendshapes is null && archive.ExpressionPca is { } expressionPca)
        {
            mean = [.. mean.Zip(expressionPca.Mean, (a, b) => a + b)];
        }

        float[] uvs = [.. archive.TextureCoordinates.Select(x => (float)x)];
        string name = $"Surrey Face Model {n} (shape{(expressionStdDev.Length > 0 ? $", {expressionStdDev.Length} expressions" : "")})";
        try
        {
            return new LinearMorphableModel(name, millimetresPerUnit, mean, identityBasis, identityStdDev, expressionBasis, expressionStdDev, shape.Triangles, uvs, landmarks);
        }
        catch (ArgumentException e)
        {
            throw new PluginInputException($"the model is inconsistent: {e.Message}", shapePath, e);
        }
    }

    /// <summary>Loads a model with its companion files named as in eos's <c>share/</c> folder, beside the shape file.</summary>
    public static LinearMorphableModel ReadWithSiblings(string shapePath)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(shapePath)) ?? ".";
        return Read(
            shapePath,
            Path.Combine(folder, ExpressionsFileName),
            Path.Combine(folder, LandmarksFileName),
            Path.Combine(folder, ContoursFileName));
    }

    private static (float[] Basis, float[] StdDev) ReadExpressions(EosMorphableModel archive, string? expressionsPath, int n)
    {
        if (expressionsPath is not null)
        {
            IReadOnlyList<EosBlendshape> blendshapes = EosArchiveReader.ReadBlendshapes(expressionsPath);
            if (blendshapes.Count > 0 && blendshapes[0].Deformation.Length != 3 * n)
            {
                throw new PluginInputException(
                    $"the blendshapes have {blendshapes[0].Deformation.Length / 3} vertices but the shape model has {n}; expected blendshapes for the same mesh",
                    expressionsPath);
            }

            return FromBlendshapes(blendshapes, n);
        }

        if (archive.ExpressionBlendshapes is { } own)
        {
            return FromBlendshapes(own, n);
        }

        if (archive.ExpressionPca is { } pca)
        {
            // A PCA expression model (eos's BFM 2017 conversion): same treatment as identity. eos adds the
            // expression model's mean to every instance, so it is folded into the shape mean by the caller.
            return (pca.OrthonormalBasis.ToRowMajor(), [.. pca.Eigenvalues.Select(MathF.Sqrt)]);
        }

        return ([], []);
    }

    /// <summary>Blendshapes become basis columns: column k of row r is deformation_k[r], with σ_exp = 1 (weights are the coefficients).</summary>
    private static (float[] Basis, float[] StdDev) FromBlendshapes(IReadOnlyList<EosBlendshape> blendshapes, int n)
    {
        int k = blendshapes.Count;
        var basis = new float[3 * n * k];
        for (int j = 0; j < k; j++)
        {
            float[] d = blendshapes[j].Deformation;
            for (int r = 0; r < d.Length; r++)
            {
                basis[(r * k) + j] = d[r];
            }
        }

        float[] ones = new float[k];
        Array.Fill(ones, 1f);
        return (basis, ones);
    }

    private static LandmarkEmbedding ReadLandmarks(string landmarksPath, string? contoursPath, int n)
    {
        EosLandmarkMapping mapping = EosLandmarkMapping.Read(landmarksPath, n);
        var points = new LandmarkBinding[LandmarkEmbedding.IbugCount];
        Array.Fill(points, LandmarkBinding.None);
        foreach ((int ibug, int vertex) in mapping.Vertices)
        {
            points[ibug] = LandmarkBinding.AtVertex(vertex);
        }

        if (contoursPath is null)
        {
            return new LandmarkEmbedding(points, mapping.RightContourLandmarks, [], mapping.LeftContourLandmarks, []);
        }

        EosModelContour contour = EosModelContour.Read(contoursPath, n);
        return new LandmarkEmbedding(points, mapping.RightContourLandmarks, contour.Right, mapping.LeftContourLandmarks, contour.Left);
    }
}
