namespace Facebench.Plotting.Rendering;

/// <summary>
/// Estimates rendered text width without a font engine, from approximate DejaVu Sans / Verdana advance widths
/// (the widest fonts in the default font stack, so layouts computed with it are conservative).
/// </summary>
public static class TextMeasurer
{
    // Advance widths in ems for ASCII 32..126 (DejaVu Sans Book, rounded).
    private static readonly float[] AsciiWidths =
    [
        0.32f, 0.40f, 0.46f, 0.84f, 0.64f, 0.95f, 0.78f, 0.28f, 0.39f, 0.39f, 0.50f, 0.84f, 0.32f, 0.36f, 0.32f, 0.34f, // ' '..'/'
        0.64f, 0.64f, 0.64f, 0.64f, 0.64f, 0.64f, 0.64f, 0.64f, 0.64f, 0.64f, 0.34f, 0.34f, 0.84f, 0.84f, 0.84f, 0.53f, // '0'..'?'
        1.00f, 0.68f, 0.69f, 0.70f, 0.77f, 0.63f, 0.58f, 0.78f, 0.75f, 0.30f, 0.30f, 0.66f, 0.56f, 0.86f, 0.75f, 0.79f, // '@'..'O'
        0.60f, 0.79f, 0.69f, 0.63f, 0.61f, 0.73f, 0.68f, 0.99f, 0.69f, 0.61f, 0.69f, 0.39f, 0.34f, 0.39f, 0.84f, 0.50f, // 'P'..'_'
        0.50f, 0.61f, 0.64f, 0.55f, 0.64f, 0.62f, 0.35f, 0.64f, 0.63f, 0.28f, 0.28f, 0.58f, 0.28f, 0.97f, 0.63f, 0.61f, // '`'..'o'
        0.64f, 0.64f, 0.41f, 0.52f, 0.39f, 0.63f, 0.59f, 0.82f, 0.59f, 0.59f, 0.53f, 0.64f, 0.34f, 0.64f, 0.84f,        // 'p'..'~'
    ];

    /// <summary>Width used for characters outside printable ASCII.</summary>
    private const float DefaultWidth = 0.70f;

    /// <summary>Estimated width in pixels of <paramref name="text"/> at <paramref name="fontSize"/> pixels.</summary>
    public static double Width(string text, double fontSize, bool bold = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        double ems = 0;
        foreach (char c in text)
        {
            ems += c is >= ' ' and <= '~' ? AsciiWidths[c - ' '] : char.IsLowSurrogate(c) ? 0 : DefaultWidth;
        }

        return ems * fontSize * (bold ? 1.1 : 1.0);
    }

    /// <summary>Distance from the baseline to the top of capitals, as a fraction of the font size.</summary>
    public const double CapHeight = 0.73;

    /// <summary>Depth of descenders below the baseline, as a fraction of the font size.</summary>
    public const double Descent = 0.24;
}
