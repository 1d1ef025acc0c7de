using System.Buffers;
using System.Numerics.Tensors;
using Facebench.Contracts.Morphable;

namespace Facebench.Morphable.Texture;

/// <summary>
/// A linear albedo model held in memory, per vertex or as a UV map (<see cref="ITextureModel"/>):
/// <c>T(γ) = mean + U · (σ ∘ γ)</c>. Immutable; safe to evaluate from several threads.
/// </summary>
public sealed class LinearTextureModel : ITextureModel
{
    private readonly float[] _mean;
    private readonly float[] _basis;
    private readonly float[] _stdDev;
    private readonly float[] _cornerUvs;
    private readonly float[] _faceRegion;

    /// <summary>Creates a model; arrays are kept, not copied.</summary>
    /// <param name="name">Human-readable name.</param>
    /// <param name="layout">Per vertex or UV map.</param>
    /// <param name="vertexCount">Vertices N of the mesh the model belongs to.</param>
    /// <param name="width">UV map width (0 for per vertex).</param>
    /// <param name="height">UV map height (0 for per vertex).</param>
    /// <param name="mean">Mean albedo (3N or W·H·3 values).</param>
    /// <param name="basis">Row-major [values × K].</param>
    /// <param name="stdDev">σ per component, positive.</param>
    /// <param name="cornerUvs">6T corner texture coordinates (UV maps), empty for per vertex.</param>
    /// <param name="faceRegion">N region weights or empty.</param>
    /// <exception cref="ArgumentException">Sizes disagree or values are not finite.</exception>
    public LinearTextureModel(string name, TextureLayout layout, int vertexCount, int width, int height, float[] mean, float[] basis, float[] stdDev, float[] cornerUvs, float[] faceRegion)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(vertexCount, 1);
        int values = layout == TextureLayout.PerVertex ? 3 * vertexCount : checked(width * height * 3);
        if (layout == TextureLayout.UvMap && (width < 2 || height < 2))
        {
            throw new ArgumentException($"a UV map needs at least 2×2 texels, not {width}×{height}.");
        }

        if (layout == TextureLayout.PerVertex && (width != 0 || height != 0))
        {
            throw new ArgumentException("a per-vertex model has no texture size.");
        }

        if (mean.Length != values)
        {
            throw new ArgumentException($"the mean has {mean.Length} values; expected {values} ({(layout == TextureLayout.PerVertex ? $"3 × {vertexCount} vertices" : $"{width}×{height} texels × 3")}).", nameof(mean));
        }

        if (basis.Length != (long)values * stdDev.Length)
        {
            throw new ArgumentException($"the basis has {basis.Length} values; expected {values} × {stdDev.Length}.", nameof(basis));
        }

        CheckFinite(mean, nameof(mean));
        CheckFinite(basis, nameof(basis));
        foreach (float s in stdDev)
        {
            if (!(s > 0) || !float.IsFinite(s))
            {
                throw new ArgumentException($"standard deviations must be positive and finite; found {s}.", nameof(stdDev));
            }
        }

        if (layout == TextureLayout.UvMap ? cornerUvs.Length == 0 || cornerUvs.Length % 6 != 0 : cornerUvs.Length != 0)
        {
            throw new ArgumentException($"{cornerUvs.Length} corner texture coordinates; a UV map needs 6 per triangle, a per-vertex model none.", nameof(cornerUvs));
        }

        CheckFinite(cornerUvs, nameof(cornerUvs));
        if (faceRegion.Length != 0 && faceRegion.Length != vertexCount)
        {
            throw new ArgumentException($"{faceRegion.Length} face-region weights; expected 0 or N = {vertexCount}.", nameof(faceRegion));
        }

        CheckFinite(faceRegion, nameof(faceRegion));
        Name = name;
        Layout = layout;
        VertexCount = vertexCount;
        Width = width;
        Height = height;
        ValueCount = values;
        _mean = mean;
        _basis = basis;
        _stdDev = stdDev;
        _cornerUvs = cornerUvs;
        _faceRegion = faceRegion;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public TextureLayout Layout { get; }

    /// <inheritdoc />
    public int VertexCount { get; }

    /// <inheritdoc />
    public int Width { get; }

    /// <inheritdoc />
    public int Height { get; }

    /// <inheritdoc />
    public int ComponentCount => _stdDev.Length;

    /// <inheritdoc />
    public int ValueCount { get; }

    /// <inheritdoc />
    public ReadOnlySpan<float> Mean => _mean;

    /// <inheritdoc />
    public ReadOnlySpan<float> Basis => _basis;

    /// <inheritdoc />
    public ReadOnlySpan<float> StdDev => _stdDev;

    /// <inheritdoc />
    public ReadOnlySpan<float> CornerUvs => _cornerUvs;

    /// <inheritdoc />
    public ReadOnlySpan<float> FaceRegion => _faceRegion;

    /// <inheritdoc />
    public void Evaluate(ReadOnlySpan<float> coefficients, Span<float> values)
    {
        int k = ComponentCount;
        if (coefficients.Length > k)
        {
            throw new ArgumentException($"{coefficients.Length} coefficients; the model has {k}.", nameof(coefficients));
        }

        if (values.Length != ValueCount)
        {
            throw new ArgumentException($"the output holds {values.Length} values; the model has {ValueCount}.", nameof(values));
        }

        _mean.CopyTo(values);
        int used = coefficients.Length;
        if (used == 0)
        {
            return;
        }

        float[]? rented = null;
        Span<float> weights = used <= 1024 ? stackalloc float[used] : (rented = ArrayPool<float>.Shared.Rent(used)).AsSpan(0, used);
        TensorPrimitives.Multiply(coefficients, _stdDev.AsSpan(0, used), weights);
        for (int r = 0; r < values.Length; r++)
        {
            values[r] += TensorPrimitives.Dot(_basis.AsSpan(r * k, used), weights);
        }

        if (rented is not null)
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>The model with only its first <paramref name="components"/> components (this instance when nothing is dropped).</summary>
    public LinearTextureModel Truncate(int components)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(components);
        int k = ComponentCount;
        components = Math.Min(components, k);
        if (components == k)
        {
            return this;
        }

        var basis = new float[ValueCount * components];
        for (int r = 0; r < ValueCount; r++)
        {
            _basis.AsSpan(r * k, components).CopyTo(basis.AsSpan(r * components, components));
        }

        return new LinearTextureModel(Name, Layout, VertexCount, Width, Height, _mean, basis, _stdDev[..components], _cornerUvs, _faceRegion);
    }

    /// <summary>
    /// A UV model resampled to <paramref name="width"/> × <paramref name="height"/> texels (box average over the source
    /// texels each target texel covers), for fitting at a resolution that matches the image: a 512² FLAME map seen in
    /// a 224-pixel crop needs about a quarter of its texels. Per-vertex models are returned unchanged.
    /// </summary>
    public LinearTextureModel Resample(int width, int height)
    {
        if (Layout == TextureLayout.PerVertex || (width == Width && height == Height))
        {
            return this;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(width, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 2);
        int k = ComponentCount, stride = 3 * (k + 1);
        var mean = new float[width * height * 3];
        var basis = new float[width * height * 3 * k];
        var sum = new double[stride];
        for (int j = 0; j < height; j++)
        {
            int y0 = (int)Math.Floor((double)j * Height / height), y1 = Math.Max(y0 + 1, (int)Math.Floor((double)(j + 1) * Height / height));
            for (int i = 0; i < width; i++)
            {
                int x0 = (int)Math.Floor((double)i * Width / width), x1 = Math.Max(x0 + 1, (int)Math.Floor((double)(i + 1) * Width / width));
                Array.Clear(sum);
                int count = 0;
                for (int y = y0; y < Math.Min(y1, Height); y++)
                {
                    for (int x = x0; x < Math.Min(x1, Width); x++, count++)
                    {
                        for (int c = 0; c < 3; c++)
                        {
                            int source = (3 * ((y * Width) + x)) + c;
                            sum[c * (k + 1)] += _mean[source];
                            for (int m = 0; m < k; m++)
                            {
                                sum[(c * (k + 1)) + 1 + m] += _basis[(source * k) + m];
                            }
                        }
                    }
                }

                for (int c = 0; c < 3; c++)
                {
                    int target = (3 * ((j * width) + i)) + c;
                    mean[target] = (float)(sum[c * (k + 1)] / count);
                    for (int m = 0; m < k; m++)
                    {
                        basis[(target * k) + m] = (float)(sum[(c * (k + 1)) + 1 + m] / count);
                    }
                }
            }
        }

        return new LinearTextureModel(Name, Layout, VertexCount, width, height, mean, basis, _stdDev, _cornerUvs, _faceRegion);
    }

    private static void CheckFinite(float[] values, string name)
    {
        if (values.Length > 0 && !TensorPrimitives.IsFiniteAll<float>(values))
        {
            throw new ArgumentException("the array holds NaN or infinite values.", name);
        }
    }
}
