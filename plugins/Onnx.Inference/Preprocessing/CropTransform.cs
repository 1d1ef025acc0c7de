using Facebench.Contracts;

namespace Facebench.Plugins.Onnx.Inference.Preprocessing;

/// <summary>
/// The affine map between a model's input pixels and the image: input pixel (u, v) has its centre at image point
/// (<see cref="Left"/> + (u + ½)·<see cref="ScaleX"/>, <see cref="Top"/> + (v + ½)·<see cref="ScaleY"/>), where Left/Top are
/// the crop's outer edges in Facebench's image coordinates (pixel centres at integers, so pixel 0's left edge is −½).
/// </summary>
/// <param name="Left">Image x of the crop's left edge.</param>
/// <param name="Top">Image y of the crop's top edge.</param>
/// <param name="ScaleX">Image pixels per input pixel, horizontally.</param>
/// <param name="ScaleY">Image pixels per input pixel, vertically.</param>
public readonly record struct CropTransform(double Left, double Top, double ScaleX, double ScaleY)
{
    /// <summary>
    /// The crop for a face box: centred on the box centre shifted by (shiftX·width, shiftY·height), sized
    /// <paramref name="scale"/> times the box (its longer side when <paramref name="square"/>), mapped onto an input of
    /// <paramref name="width"/>×<paramref name="height"/> pixels. Without a box the whole image is used.
    /// </summary>
    public static CropTransform For(BoundingBox? box, ImageSize image, int width, int height, double scale, double shiftX, double shiftY, bool square)
    {
        BoundingBox b = box ?? new BoundingBox(-0.5, -0.5, image.Width, image.Height);
        double w = b.Width * scale;
        double h = b.Height * scale;
        if (square)
        {
            w = h = Math.Max(w, h);
        }

        double cx = b.X + (b.Width / 2) + (shiftX * b.Width);
        double cy = b.Y + (b.Height / 2) + (shiftY * b.Height);
        return new CropTransform(cx - (w / 2), cy - (h / 2), w / width, h / height);
    }

    /// <summary>The image point at input pixel coordinates (u, v) (pixel centres at integers).</summary>
    public Point2 ToImage(double u, double v) => new(Left + ((u + 0.5) * ScaleX), Top + ((v + 0.5) * ScaleY));
}
