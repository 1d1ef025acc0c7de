namespace Facebench.Contracts;

/// <summary>
/// One figure in the two encodings a report needs: a standalone SVG document (scales on screen, inlined in the HTML
/// report) and the same drawing as PNG (for slides and pages that show many figures). Both are drawn from one plot,
/// so they show the same thing; Contracts only carries them and knows nothing of how they were drawn.
/// </summary>
/// <param name="Svg">A standalone SVG document (UTF-8 text, may start with an XML declaration).</param>
/// <param name="Png">The PNG file's bytes.</param>
/// <param name="Width">Width of the figure in CSS pixels (the SVG's size; the PNG may have more pixels).</param>
/// <param name="Height">Height of the figure in CSS pixels.</param>
public sealed record FigureImage(string Svg, byte[] Png, int Width, int Height)
{
    /// <summary>The PNG file signature, checked so that a figure cannot carry some other format by mistake.</summary>
    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Checks the parts: SVG text with an &lt;svg&gt; element, PNG bytes with the PNG signature, a positive size.</summary>
    /// <exception cref="ArgumentException">A part is empty or not of its format.</exception>
    public static FigureImage Create(string svg, byte[] png, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(svg);
        ArgumentNullException.ThrowIfNull(png);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (!svg.Contains("<svg", StringComparison.Ordinal))
        {
            throw new ArgumentException("The figure's SVG text has no <svg> element.", nameof(svg));
        }

        if (!png.AsSpan().StartsWith(PngSignature))
        {
            throw new ArgumentException("The figure's PNG bytes do not start with the PNG signature.", nameof(png));
        }

        return new FigureImage(svg, png, width, height);
    }
}
