using Facebench.Contracts;
using Facebench.Imaging;

namespace Facebench.Plugins.Dataset.Images;

/// <summary>What a photo source attaches to every sample: the image size, or the decoded pixels and their size.</summary>
internal static class ImagePixels
{
    /// <summary>Attaches the size (header only) or, when <paramref name="decode"/>, the decoded pixels.</summary>
    /// <exception cref="PluginInputException">Missing, empty or corrupt image.</exception>
    public static Sample Attach(Sample sample, string image, bool decode)
    {
        if (!decode)
        {
            return sample.With(CoreFacets.ImageSize, ImageCodec.ReadSize(image));
        }

        var pixels = ImageCodec.Load(image);
        return sample.With(CoreFacets.Image, pixels).With(CoreFacets.ImageSize, pixels.Size);
    }
}
