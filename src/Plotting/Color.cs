using System.Globalization;

namespace Facebench.Plotting;

/// <summary>An sRGB colour with 8-bit channels and an alpha (opacity) channel.</summary>
/// <param name="R">Red channel, 0-255.</param>
/// <param name="G">Green channel, 0-255.</param>
/// <param name="B">Blue channel, 0-255.</param>
/// <param name="A">Alpha channel, 0 (transparent) to 255 (opaque).</param>
public readonly record struct Color(byte R, byte G, byte B, byte A = 255)
{
    /// <summary>Parses <c>#RRGGBB</c> or <c>#RRGGBBAA</c> (the leading <c>#</c> is optional).</summary>
    /// <exception cref="FormatException">The text is not a 6- or 8-digit hex colour.</exception>
    public static Color FromHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        ReadOnlySpan<char> s = hex.AsSpan().TrimStart('#');
        if ((s.Length != 6 && s.Length != 8) ||
            !uint.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint v))
        {
            throw new FormatException($"'{hex}' is not a #RRGGBB or #RRGGBBAA colour.");
        }

        if (s.Length == 6)
        {
            v = (v << 8) | 0xFF;
        }

        return new Color((byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v);
    }

    /// <summary>The same colour with its opacity set to <paramref name="opacity"/> (0..1, clamped).</summary>
    public Color WithAlpha(double opacity) =>
        this with { A = (byte)Math.Round(Math.Clamp(double.IsNaN(opacity) ? 1 : opacity, 0, 1) * 255) };

    /// <summary>Opacity as a fraction 0..1.</summary>
    public double Opacity => A / 255.0;

    /// <summary>The colour as <c>#RRGGBB</c> (alpha is written separately as an SVG opacity attribute).</summary>
    public string ToHexRgb() => string.Create(CultureInfo.InvariantCulture, $"#{R:X2}{G:X2}{B:X2}");

    /// <summary>Mixes this colour with white; <paramref name="amount"/> 0 keeps it, 1 gives white.</summary>
    public Color Lighten(double amount)
    {
        double t = Math.Clamp(amount, 0, 1);
        return new Color(Mix(R, 255, t), Mix(G, 255, t), Mix(B, 255, t), A);
    }

    /// <summary>Mixes this colour with black; <paramref name="amount"/> 0 keeps it, 1 gives black.</summary>
    public Color Darken(double amount)
    {
        double t = Math.Clamp(amount, 0, 1);
        return new Color(Mix(R, 0, t), Mix(G, 0, t), Mix(B, 0, t), A);
    }

    private static byte Mix(byte a, byte b, double t) => (byte)Math.Round(a + ((b - a) * t));

    /// <inheritdoc/>
    public override string ToString() => ToHexRgb() + (A == 255 ? string.Empty : A.ToString("X2", CultureInfo.InvariantCulture));
}

/// <summary>A few named colours used by the library's chrome (frame, grid, text).</summary>
public static class Colors
{
    /// <summary>Opaque black.</summary>
    public static readonly Color Black = new(0, 0, 0);

    /// <summary>Opaque white.</summary>
    public static readonly Color White = new(255, 255, 255);

    /// <summary>Near-black used for text.</summary>
    public static readonly Color DarkText = new(0x22, 0x22, 0x22);

    /// <summary>Mid grey used for frames and error bars.</summary>
    public static readonly Color Gray = new(0x55, 0x55, 0x55);

    /// <summary>Light grey used for grid lines.</summary>
    public static readonly Color LightGray = new(0xE3, 0xE3, 0xE3);

    /// <summary>Fully transparent.</summary>
    public static readonly Color Transparent = new(0, 0, 0, 0);
}
