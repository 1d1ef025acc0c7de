namespace Facebench.Morphable.Formats;

/// <summary>
/// The length unit of a face model from its mean shape, for files that do not state it (FaceVerse) or where releases
/// differ (BFM 2009 is in micrometres, BFM 2017 in millimetres, FLAME in metres): the power of ten that makes the
/// mean face's width closest, on a log scale, to an adult face's ~150 mm (ear to ear). Face widths vary by far less
/// than the factor √10 that separates neighbouring candidates, so the guess is unambiguous for real head models.
/// </summary>
public static class ModelUnits
{
    /// <summary>Typical width of an adult face model, millimetres.</summary>
    public const double TypicalWidthMm = 150;

    /// <summary>Millimetres per model unit: one of 0.001, 0.01, 0.1, 1, 10, 100, 1000.</summary>
    /// <param name="mean">Interleaved xyz coordinates.</param>
    public static double Guess(ReadOnlySpan<float> mean)
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        for (int i = 0; i < mean.Length; i += 3)
        {
            min = Math.Min(min, mean[i]);
            max = Math.Max(max, mean[i]);
        }

        double width = max - min;
        if (!(width > 0) || !double.IsFinite(width))
        {
            return 1;
        }

        double exponent = Math.Round(Math.Log10(TypicalWidthMm / width));
        return Math.Pow(10, Math.Clamp(exponent, -3, 3));
    }
}
