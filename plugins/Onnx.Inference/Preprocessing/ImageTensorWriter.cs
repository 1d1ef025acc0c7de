using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Identity;

namespace Facebench.Plugins.Onnx.Inference.Preprocessing;

/// <summary>
/// Writes one image crop into a batch slot of a float input tensor: bilinear resampling through a
/// <see cref="CropTransform"/> (black outside the image), channel selection, per-channel affine normalisation and
/// NCHW or NHWC layout. Allocation-free.
/// </summary>
public sealed class ImageTensorWriter
{
    private readonly int _width;
    private readonly int _height;
    private readonly int _channels;
    private readonly ChannelOrder _order;
    private readonly TensorLayout _layout;
    private readonly float[] _gain;
    private readonly float[] _bias;

    /// <summary>Creates a writer for a fixed input size and normalisation.</summary>
    /// <param name="width">Input width.</param>
    /// <param name="height">Input height.</param>
    /// <param name="order">Channels to write.</param>
    /// <param name="layout">Tensor layout.</param>
    /// <param name="pixelScale">Factor on 0..255 values.</param>
    /// <param name="mean">One mean, or one per channel.</param>
    /// <param name="std">One divisor, or one per channel.</param>
    /// <exception cref="ArgumentException">Mean or std has the wrong count, or a std is 0.</exception>
    public ImageTensorWriter(int width, int height, ChannelOrder order, TensorLayout layout, double pixelScale, IReadOnlyList<double> mean, IReadOnlyList<double> std)
    {
        _width = width;
        _height = height;
        _order = order;
        _layout = layout;
        _channels = order == ChannelOrder.Gray ? 1 : 3;
        _gain = new float[_channels];
        _bias = new float[_channels];
        for (int c = 0; c < _channels; c++)
        {
            double m = PerChannel(mean, c, "mean");
            double s = PerChannel(std, c, "std");
            if (s == 0 || !double.IsFinite(s))
            {
                throw new ArgumentException($"std must be a finite non-zero number; channel {c} has {s}.");
            }

            _gain[c] = (float)(pixelScale / s);
            _bias[c] = (float)(-m / s);
        }
    }

    /// <summary>Channels written per pixel.</summary>
    public int Channels => _channels;

    /// <summary>Floats per batch slot.</summary>
    public int SlotLength => _width * _height * _channels;

    /// <summary>Fills <paramref name="slot"/> (length <see cref="SlotLength"/>) from the image.</summary>
    public void Write(ImageBuffer image, CropTransform crop, Span<float> slot)
    {
        if (slot.Length != SlotLength)
        {
            throw new ArgumentException($"the slot holds {slot.Length} floats, not {SlotLength}.", nameof(slot));
        }

        byte[] pixels = image.Pixels;
        int source = image.Channels;
        Span<float> rgb = stackalloc float[3];
        for (int v = 0; v < _height; v++)
        {
            double y = crop.Top + ((v + 0.5) * crop.ScaleY);
            for (int u = 0; u < _width; u++)
            {
                double x = crop.Left + ((u + 0.5) * crop.ScaleX);
                Sample(pixels, image.Width, image.Height, source, x, y, rgb);
                Put(rgb, (v * _width) + u, slot);
            }
        }
    }

    /// <summary>
    /// Fills <paramref name="slot"/> from the image warped by a similarity (ArcFace-style alignment): input pixel (u, v)
    /// samples the image at <paramref name="inputToImage"/>(u, v), pixel centres at integers as OpenCV's warpAffine.
    /// </summary>
    public void Write(ImageBuffer image, Similarity2 inputToImage, Span<float> slot)
    {
        if (slot.Length != SlotLength)
        {
            throw new ArgumentException($"the slot holds {slot.Length} floats, not {SlotLength}.", nameof(slot));
        }

        Span<float> rgb = stackalloc float[3];
        for (int v = 0; v < _height; v++)
        {
            for (int u = 0; u < _width; u++)
            {
                Point2 p = inputToImage.Apply(new Point2(u, v));
                Sample(image.Pixels, image.Width, image.Height, image.Channels, p.X, p.Y, rgb);
                Put(rgb, (v * _width) + u, slot);
            }
        }
    }

    /// <summary>Writes one pixel's channels, normalised, at its place in the layout.</summary>
    private void Put(ReadOnlySpan<float> rgb, int pixel, Span<float> slot)
    {
        int plane = _width * _height;
        for (int c = 0; c < _channels; c++)
        {
            float value = _order switch
            {
                ChannelOrder.Rgb => rgb[c],
                ChannelOrder.Bgr => rgb[2 - c],
                _ => (0.299f * rgb[0]) + (0.587f * rgb[1]) + (0.114f * rgb[2]),
            };
            int index = _layout == TensorLayout.Nchw ? (c * plane) + pixel : (pixel * _channels) + c;
            slot[index] = (value * _gain[c]) + _bias[c];
        }
    }

    private static double PerChannel(IReadOnlyList<double> values, int channel, string name) =>
        values.Count == 1 ? values[0]
        : values.Count > channel ? values[channel]
        : throw new ArgumentException($"{name} needs one value or one per channel; it has {values.Count}.");

    /// <summary>Bilinear sample at image point (x, y); pixels outside the image are black.</summary>
    private static void Sample(byte[] pixels, int width, int height, int channels, double x, double y, Span<float> rgb)
    {
        int x0 = (int)Math.Floor(x);
        int y0 = (int)Math.Floor(y);
        float fx = (float)(x - x0);
        float fy = (float)(y - y0);
        rgb.Clear();
        Accumulate(pixels, width, height, channels, x0, y0, (1 - fx) * (1 - fy), rgb);
        Accumulate(pixels, width, height, channels, x0 + 1, y0, fx * (1 - fy), rgb);
        Accumulate(pixels, width, height, channels, x0, y0 + 1, (1 - fx) * fy, rgb);
        Accumulate(pixels, width, height, channels, x0 + 1, y0 + 1, fx * fy, rgb);
    }

    private static void Accumulate(byte[] pixels, int width, int height, int channels, int x, int y, float weight, Span<float> rgb)
    {
        if (weight == 0 || (uint)x >= (uint)width || (uint)y >= (uint)height)
        {
            return;
        }

        int offset = ((y * width) + x) * channels;
        if (channels == 1)
        {
            float g = pixels[offset] * weight;
            rgb[0] += g;
            rgb[1] += g;
            rgb[2] += g;
        }
        else
        {
            rgb[0] += pixels[offset] * weight;
            rgb[1] += pixels[offset + 1] * weight;
            rgb[2] += pixels[offset + 2] * weight;
        }
    }
}
