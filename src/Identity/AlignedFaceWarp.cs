using Facebench.Contracts;
using Facebench.Contracts.Imaging;

namespace Facebench.Identity;

/// <summary>
/// The warp of an RGB image into a recogniser's aligned input and its adjoint: crop pixel (u, v) (pixel centres at
/// integers, as OpenCV's <c>warpAffine</c> that ArcFace uses) samples the image bilinearly at S⁻¹(u, v), black outside
/// the image, and is normalised to (255·value − mean)/std in planar RGB. The bilinear taps are computed once per
/// alignment, so that <see cref="Forward(ReadOnlySpan{double}, Span{float})"/> and <see cref="Backward"/> are allocation-free; the backward pass scatters
/// a gradient on the crop onto the image pixels with the same weights (the warp is linear in the image).
/// </summary>
public sealed class AlignedFaceWarp
{
    private readonly int[] _taps;       // 4 source pixel indices per crop pixel, −1 outside the image
    private readonly float[] _weights;  // their bilinear weights
    private readonly float _gain, _bias;

    /// <summary>Prepares the warp of a <paramref name="width"/>×<paramref name="height"/> image.</summary>
    /// <param name="toCrop">The similarity from image coordinates to crop coordinates.</param>
    /// <param name="width">Image width.</param>
    /// <param name="height">Image height.</param>
    /// <param name="size">The crop's side (112 for ArcFace).</param>
    /// <param name="mean">Subtracted from 0..255 values (127.5 for ArcFace-style networks).</param>
    /// <param name="std">Divides after the mean (128 for faceplugin's fr_feature, 127.5 for insightface's models).</param>
    public AlignedFaceWarp(Similarity2 toCrop, int width, int height, int size = ArcFaceAlignment.Size, double mean = 127.5, double std = 128)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Width = width;
        Height = height;
        Size = size;
        _gain = (float)(255 / std);
        _bias = (float)(-mean / std);
        _taps = new int[4 * size * size];
        _weights = new float[4 * size * size];
        Similarity2 toImage = toCrop.Inverse();
        for (int v = 0; v < size; v++)
        {
            for (int u = 0; u < size; u++)
            {
                Point2 p = toImage.Apply(new Point2(u, v));
                int x0 = (int)Math.Floor(p.X), y0 = (int)Math.Floor(p.Y);
                double fx = p.X - x0, fy = p.Y - y0;
                int k = 4 * ((v * size) + u);
                Tap(k, x0, y0, (1 - fx) * (1 - fy));
                Tap(k + 1, x0 + 1, y0, fx * (1 - fy));
                Tap(k + 2, x0, y0 + 1, (1 - fx) * fy);
                Tap(k + 3, x0 + 1, y0 + 1, fx * fy);
            }
        }
    }

    /// <summary>The image width.</summary>
    public int Width { get; }

    /// <summary>The image height.</summary>
    public int Height { get; }

    /// <summary>The crop's side.</summary>
    public int Size { get; }

    /// <summary>Floats of the crop tensor (3 × size × size).</summary>
    public int CropLength => 3 * Size * Size;

    /// <summary>Writes the normalised planar crop of an interleaved RGB image with values in [0, 1].</summary>
    public void Forward(ReadOnlySpan<double> rgb, Span<float> crop)
    {
        Check(rgb.Length, crop.Length);
        int plane = Size * Size;
        for (int i = 0; i < plane; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                double sum = 0;
                for (int t = 4 * i; t < (4 * i) + 4; t++)
                {
                    int tap = _taps[t];
                    sum += tap >= 0 ? _weights[t] * rgb[(3 * tap) + c] : 0;
                }

                crop[(c * plane) + i] = (float)((_gain * sum) + _bias);
            }
        }
    }

    /// <summary>Writes the normalised planar crop of an 8-bit image (gray images give three equal channels).</summary>
    public void Forward(ImageBuffer image, Span<float> crop)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Width != Width || image.Height != Height)
        {
            throw new ArgumentException($"the warp was prepared for {Width}×{Height} images, not {image.Width}×{image.Height}.");
        }

        var rgb = new double[3 * Width * Height];
        int channels = image.Channels;
        for (int p = 0; p < Width * Height; p++)
        {
            for (int c = 0; c < 3; c++)
            {
                rgb[(3 * p) + c] = image.Pixels[(p * channels) + Math.Min(c, channels - 1)] / 255.0;
            }
        }

        Forward(rgb, crop);
    }

    /// <summary>Adds the gradient with respect to the image (interleaved RGB in [0, 1]) of a loss whose gradient with respect to the crop is given.</summary>
    public void Backward(ReadOnlySpan<float> cropGradient, Span<double> imageGradient)
    {
        Check(imageGradient.Length, cropGradient.Length);
        int plane = Size * Size;
        for (int i = 0; i < plane; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                double g = _gain * cropGradient[(c * plane) + i];
                if (g == 0)
                {
                    continue;
                }

                for (int t = 4 * i; t < (4 * i) + 4; t++)
                {
                    int tap = _taps[t];
                    if (tap >= 0)
                    {
                        imageGradient[(3 * tap) + c] += _weights[t] * g;
                    }
                }
            }
        }
    }

    private void Tap(int k, int x, int y, double weight)
    {
        bool inside = x >= 0 && y >= 0 && x < Width && y < Height && weight > 0;
        _taps[k] = inside ? (y * Width) + x : -1;
        _weights[k] = inside ? (float)weight : 0;
    }

    private void Check(int image, int crop)
    {
        if (image != 3 * Width * Height || crop != CropLength)
        {
            throw new ArgumentException($"expected an RGB image of {3 * Width * Height} values and a crop of {CropLength}; got {image} and {crop}.");
        }
    }
}
