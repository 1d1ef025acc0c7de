namespace Facebench.Detection;

/// <summary>
/// One scale of the detection pyramid as OpenCV's <c>FeatureEvaluator::updateScaleData</c> defines it: the image is
/// shrunk by <see cref="Scale"/> to <see cref="Width"/> × <see cref="Height"/> (each rounded half to even in single
/// precision) and the training-size window slides over it every <see cref="Step"/> pixels (2 below scale 2, else 1).
/// </summary>
/// <param name="Scale">Window magnification (single precision, as OpenCV stores it).</param>
/// <param name="Width">Width of the shrunk image.</param>
/// <param name="Height">Height of the shrunk image.</param>
/// <param name="Step">Window step in shrunk-image pixels, both directions.</param>
/// <param name="WindowWidth">Size of a detection at this scale in the original image, <c>round(windowWidth · scale)</c>.</param>
/// <param name="WindowHeight">Height of a detection at this scale.</param>
public readonly record struct PyramidLevel(float Scale, int Width, int Height, int Step, int WindowWidth, int WindowHeight)
{
    /// <summary>The levels OpenCV 4.6's <c>detectMultiScale</c> scans for an image and parameters, largest image first.</summary>
    /// <param name="imageWidth">Image width.</param>
    /// <param name="imageHeight">Image height.</param>
    /// <param name="windowWidth">The cascade's training window width.</param>
    /// <param name="windowHeight">The cascade's training window height.</param>
    /// <param name="parameters">Scale factor and size limits.</param>
    public static List<PyramidLevel> For(int imageWidth, int imageHeight, int windowWidth, int windowHeight, DetectionParameters parameters)
    {
        var levels = new List<PyramidLevel>();
        if (imageWidth < windowWidth || imageHeight < windowHeight)
        {
            return levels;
        }

        int maxWidth = parameters.MaxSize.Width == 0 || parameters.MaxSize.Height == 0 ? imageWidth : parameters.MaxSize.Width;
        int maxHeight = parameters.MaxSize.Width == 0 || parameters.MaxSize.Height == 0 ? imageHeight : parameters.MaxSize.Height;

        // Every scale whose window fits the image: the factor grows in double precision, the list keeps floats.
        var all = new List<float>();
        for (double factor = 1; all.Count < 100_000; factor *= parameters.ScaleFactor)
        {
            if (RoundDouble(windowWidth * factor) > imageWidth || RoundDouble(windowHeight * factor) > imageHeight)
            {
                break;
            }

            all.Add((float)factor);
        }

        var scales = new List<float>();
        foreach (float scale in all)
        {
            int w = RoundFloat(windowWidth * scale);
            int h = RoundFloat(windowHeight * scale);
            if (w > maxWidth || h > maxHeight)
            {
                break;
            }

            if (w < parameters.MinSize.Width || h < parameters.MinSize.Height)
            {
                continue;
            }

            scales.Add(scale);
        }

        if (scales.Count == 0 && all.Count > 0)
        {
            // OpenCV then scans the one scale whose window is closest to the minimum size (first of equals).
            int best = 0;
            double bestDistance = double.MaxValue;
            for (int i = 0; i < all.Count; i++)
            {
                int dw = parameters.MinSize.Width - RoundFloat(windowWidth * all[i]);
                int dh = parameters.MinSize.Height - RoundFloat(windowHeight * all[i]);
                double d = (dw * dw) + (dh * dh);
                if (d < bestDistance)
                {
                    bestDistance = d;
                    best = i;
                }
            }

            scales.Add(all[best]);
        }

        foreach (float scale in scales)
        {
            levels.Add(new PyramidLevel(
                scale,
                RoundFloat(imageWidth / scale),
                RoundFloat(imageHeight / scale),
                scale >= 2 ? 1 : 2,
                RoundFloat(windowWidth * scale),
                RoundFloat(windowHeight * scale)));
        }

        return levels;
    }

    /// <summary>OpenCV's <c>cvRound</c> of a double: nearest, ties to even.</summary>
    internal static int RoundDouble(double value) => (int)Math.Round(value, MidpointRounding.ToEven);

    /// <summary>OpenCV's <c>cvRound</c> of a float: nearest, ties to even, decided in single precision.</summary>
    internal static int RoundFloat(float value) => (int)MathF.Round(value, MidpointRounding.ToEven);
}
