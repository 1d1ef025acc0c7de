using System.Numerics.Tensors;
using Facebench.Contracts.Morphable;
using Facebench.Rendering;

namespace Facebench.Fitting.Photometric;

/// <summary>
/// What a photometric fit renders, gathered once per model pair: the part of the mesh that can show in the face mask
/// and the rows of the shape and texture bases for it, in double precision and column-major (one contiguous vector
/// per component), so that evaluating the shape or albedo is K vectorised multiply-adds and their gradients K dot
/// products (<see cref="TensorPrimitives"/>).
/// <para>
/// The drawn triangles are those whose three vertices lie in the texture model's face region
/// (<see cref="ITextureModel.FaceRegion"/>; all when it has none). The mesh kept also holds every triangle that
/// touches a drawn vertex, undrawn, so that vertex normals at the region's border are the whole model's. For the
/// reference head this keeps about a third of its 12,674 vertices; face-only models (SFM, BFM) keep all.
/// Occlusion by parts outside the region (hair, ears) is therefore not rendered.
/// </para>
/// UV texture models are resampled to a working size (box average), since a 512² map seen in a 224-pixel crop
/// needs about a quarter of its texels. Immutable; shared by fitters on several threads.
/// </summary>
public sealed class PhotometricBasis
{
    private readonly double[] _shapeMean;
    private readonly double[] _shapeColumns;
    private readonly double[] _albedoMean;
    private readonly double[] _albedoColumns;
    private readonly float[] _textureMean;
    private readonly float[] _textureColumns;

    /// <summary>Gathers the rows.</summary>
    /// <param name="model">The shape model.</param>
    /// <param name="texture">The texture model for the same mesh.</param>
    /// <param name="identityCount">Identity components fitted (negative: all).</param>
    /// <param name="expressionCount">Expression components fitted (negative: all).</param>
    /// <param name="textureCount">Texture components fitted (negative: all).</param>
    /// <param name="textureSize">Working width and height of a UV texture.</param>
    /// <exception cref="ArgumentException">The texture does not belong to the model's mesh, or the region is empty.</exception>
    public PhotometricBasis(IMorphableModel model, ITextureModel texture, int identityCount = -1, int expressionCount = -1, int textureCount = -1, int textureSize = 256)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(texture);
        if (texture.VertexCount != model.VertexCount)
        {
            throw new ArgumentException($"texture model '{texture.Name}' is for a mesh of {texture.VertexCount} vertices; shape model '{model.Name}' has {model.VertexCount}.");
        }

        ReadOnlySpan<int> triangles = model.Triangles;
        int t = triangles.Length / 3;
        if (texture.Layout == TextureLayout.UvMap && texture.CornerUvs.Length != 6 * t)
        {
            throw new ArgumentException($"texture model '{texture.Name}' has texture coordinates for {texture.CornerUvs.Length / 6} triangles; shape model '{model.Name}' has {t}.");
        }

        Model = model;
        Texture = texture;
        IdentityCount = identityCount < 0 ? model.IdentityCount : Math.Min(identityCount, model.IdentityCount);
        ExpressionCount = expressionCount < 0 ? model.ExpressionCount : Math.Min(expressionCount, model.ExpressionCount);
        TextureCount = textureCount < 0 ? texture.ComponentCount : Math.Min(textureCount, texture.ComponentCount);
        int n = model.VertexCount;

        // Drawn triangles: all three vertices in the region. Kept triangles: any vertex on a drawn triangle.
        ReadOnlySpan<float> region = texture.FaceRegion;
        bool[] drawnAll = RenderMesh.RegionFromVertices(triangles, region);
        var onDrawn = new bool[n];
        for (int f = 0; f < t; f++)
        {
            if (drawnAll[f])
            {
                onDrawn[triangles[3 * f]] = onDrawn[triangles[(3 * f) + 1]] = onDrawn[triangles[(3 * f) + 2]] = true;
            }
        }

        var keptTriangles = new List<int>();
        for (int f = 0; f < t; f++)
        {
            if (onDrawn[triangles[3 * f]] || onDrawn[triangles[(3 * f) + 1]] || onDrawn[triangles[(3 * f) + 2]])
            {
                keptTriangles.Add(f);
            }
        }

        if (!drawnAll.Any(d => d))
        {
            throw new ArgumentException($"texture model '{texture.Name}' has an empty face region: no triangle has all three vertices in it.");
        }

        var compact = new int[n];
        Array.Fill(compact, -1);
        var vertices = new List<int>();
        foreach (int f in keptTriangles)
        {
            for (int c = 0; c < 3; c++)
            {
                int v = triangles[(3 * f) + c];
                if (compact[v] < 0)
                {
                    compact[v] = vertices.Count;
                    vertices.Add(v);
                }
            }
        }

        VertexMap = [.. vertices];
        int m = vertices.Count;
        var meshTriangles = new int[3 * keptTriangles.Count];
        var drawn = new bool[keptTriangles.Count];
        float[] cornerUvs = texture.Layout == TextureLayout.UvMap ? new float[6 * keptTriangles.Count] : [];
        ReadOnlySpan<float> sourceUvs = texture.CornerUvs;
        for (int k = 0; k < keptTriangles.Count; k++)
        {
            int f = keptTriangles[k];
            for (int c = 0; c < 3; c++)
            {
                meshTriangles[(3 * k) + c] = compact[triangles[(3 * f) + c]];
            }

            drawn[k] = drawnAll[f];
            if (cornerUvs.Length > 0)
            {
                sourceUvs.Slice(6 * f, 6).CopyTo(cornerUvs.AsSpan(6 * k, 6));
            }
        }

        Mesh = new RenderMesh(m, meshTriangles, cornerUvs, drawn, drawn);

        // Shape: mean and σ-scaled columns of the kept vertices.
        int kId = IdentityCount, kExp = ExpressionCount, kShape = kId + kExp;
        _shapeMean = new double[3 * m];
        _shapeColumns = new double[kShape * 3 * m];
        ReadOnlySpan<float> mean = model.Mean, idBasis = model.IdentityBasis, expBasis = model.ExpressionBasis;
        ReadOnlySpan<float> idSd = model.IdentityStdDev, expSd = model.ExpressionStdDev;
        for (int i = 0; i < m; i++)
        {
            for (int axis = 0; axis < 3; axis++)
            {
                int row = (3 * VertexMap[i]) + axis, r = (3 * i) + axis;
                _shapeMean[r] = mean[row];
                for (int k = 0; k < kId; k++)
                {
                    _shapeColumns[(k * 3 * m) + r] = idBasis[(row * model.IdentityCount) + k] * (double)idSd[k];
                }

                for (int k = 0; k < kExp; k++)
                {
                    _shapeColumns[((kId + k) * 3 * m) + r] = expBasis[(row * model.ExpressionCount) + k] * (double)expSd[k];
                }
            }
        }

        // Texture: per-vertex rows of the kept vertices, or the UV map at the working size.
        int kTex = TextureCount, kAll = texture.ComponentCount;
        ReadOnlySpan<float> texMean = texture.Mean, texBasis = texture.Basis, texSd = texture.StdDev;
        if (texture.Layout == TextureLayout.PerVertex)
        {
            _albedoMean = new double[3 * m];
            _albedoColumns = new double[kTex * 3 * m];
            for (int i = 0; i < m; i++)
            {
                for (int c = 0; c < 3; c++)
                {
                    int row = (3 * VertexMap[i]) + c, r = (3 * i) + c;
                    _albedoMean[r] = texMean[row];
                    for (int k = 0; k < kTex; k++)
                    {
                        _albedoColumns[(k * 3 * m) + r] = texBasis[(row * kAll) + k] * (double)texSd[k];
                    }
                }
            }

            _textureMean = [];
            _textureColumns = [];
        }
        else
        {
            int w = Math.Min(textureSize, texture.Width), h = Math.Min(textureSize, texture.Height);
            TextureWidth = w;
            TextureHeight = h;
            _textureMean = new float[w * h * 3];
            _textureColumns = new float[kTex * w * h * 3];
            ResampleUvMap(texture, w, h, kTex, _textureMean, _textureColumns);
            _albedoMean = [];
            _albedoColumns = [];
        }
    }

    /// <summary>The shape model.</summary>
    public IMorphableModel Model { get; }

    /// <summary>The texture model.</summary>
    public ITextureModel Texture { get; }

    /// <summary>The rendered part of the mesh (compact vertex indices).</summary>
    public RenderMesh Mesh { get; }

    /// <summary>For each compact vertex, its index in the model.</summary>
    public int[] VertexMap { get; }

    /// <summary>Identity components fitted.</summary>
    public int IdentityCount { get; }

    /// <summary>Expression components fitted.</summary>
    public int ExpressionCount { get; }

    /// <summary>Shape components (identity then expression).</summary>
    public int ShapeCount => IdentityCount + ExpressionCount;

    /// <summary>Texture components fitted.</summary>
    public int TextureCount { get; }

    /// <summary>True for a UV texture model.</summary>
    public bool IsUvMap => Texture.Layout == TextureLayout.UvMap;

    /// <summary>Working UV texture width (0 for per-vertex).</summary>
    public int TextureWidth { get; }

    /// <summary>Working UV texture height (0 for per-vertex).</summary>
    public int TextureHeight { get; }

    /// <summary>Shape column k (σ-scaled, 3M values for the M compact vertices).</summary>
    public ReadOnlySpan<double> ShapeColumn(int k) => _shapeColumns.AsSpan(k * _shapeMean.Length, _shapeMean.Length);

    /// <summary>Per-vertex albedo column k (σ-scaled, 3M values).</summary>
    public ReadOnlySpan<double> AlbedoColumn(int k) => _albedoColumns.AsSpan(k * _albedoMean.Length, _albedoMean.Length);

    /// <summary>UV texture column k at the working size (σ-scaled, W·H·3 values).</summary>
    public ReadOnlySpan<float> TextureColumn(int k) => _textureColumns.AsSpan(k * _textureMean.Length, _textureMean.Length);

    /// <summary>Writes compact model-frame positions (3M) for shape coefficients c = [α; β] (σ units).</summary>
    public void EvaluateShape(ReadOnlySpan<double> coefficients, Span<double> positions)
    {
        _shapeMean.CopyTo(positions);
        for (int k = 0; k < ShapeCount; k++)
        {
            if (coefficients[k] != 0)
            {
                TensorPrimitives.MultiplyAdd(ShapeColumn(k), coefficients[k], positions, positions);
            }
        }
    }

    /// <summary>Writes per-vertex albedo (3M) for texture coefficients γ (σ units).</summary>
    public void EvaluateAlbedo(ReadOnlySpan<double> coefficients, Span<double> albedo)
    {
        _albedoMean.CopyTo(albedo);
        for (int k = 0; k < TextureCount; k++)
        {
            if (coefficients[k] != 0)
            {
                TensorPrimitives.MultiplyAdd(AlbedoColumn(k), coefficients[k], albedo, albedo);
            }
        }
    }

    /// <summary>Writes the UV texture at the working size for texture coefficients γ (σ units).</summary>
    public void EvaluateTexture(ReadOnlySpan<double> coefficients, TextureImage texture)
    {
        Span<float> texels = texture.Texels;
        _textureMean.CopyTo(texels);
        for (int k = 0; k < TextureCount; k++)
        {
            if (coefficients[k] != 0)
            {
                TensorPrimitives.MultiplyAdd(TextureColumn(k), (float)coefficients[k], texels, texels);
            }
        }
    }

    /// <summary>Box-average resampling of a UV model's mean and first k σ-scaled columns to w × h texels.</summary>
    private static void ResampleUvMap(ITextureModel texture, int w, int h, int k, float[] mean, float[] columns)
    {
        int sw = texture.Width, sh = texture.Height, kAll = texture.ComponentCount;
        ReadOnlySpan<float> sourceMean = texture.Mean, basis = texture.Basis, sd = texture.StdDev;
        int size = w * h * 3;
        var sum = new double[k + 1];
        for (int j = 0; j < h; j++)
        {
            int y0 = j * sh / h, y1 = Math.Max(y0 + 1, (j + 1) * sh / h);
            for (int i = 0; i < w; i++)
            {
                int x0 = i * sw / w, x1 = Math.Max(x0 + 1, (i + 1) * sw / w);
                for (int c = 0; c < 3; c++)
                {
                    Array.Clear(sum);
                    int count = 0;
                    for (int y = y0; y < y1; y++)
                    {
                        for (int x = x0; x < x1; x++, count++)
                        {
                            int source = (3 * ((y * sw) + x)) + c;
                            sum[k] += sourceMean[source];
                            for (int m = 0; m < k; m++)
                            {
                                sum[m] += basis[(source * kAll) + m];
                            }
                        }
                    }

                    int target = (3 * ((j * w) + i)) + c;
                    mean[target] = (float)(sum[k] / count);
                    for (int m = 0; m < k; m++)
                    {
                        columns[(m * size) + target] = (float)(sum[m] / count * sd[m]);
                    }
                }
            }
        }
    }
}
