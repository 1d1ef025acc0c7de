namespace Facebench.Plotting;

/// <summary>An ordered list of series colours; plottables take the next colour as they are added.</summary>
public sealed class Palette
{
    private readonly Color[] _colors;

    /// <summary>Creates a palette from one or more colours.</summary>
    public Palette(string name, params Color[] colors)
    {
        ArgumentNullException.ThrowIfNull(colors);
        if (colors.Length == 0)
        {
            throw new ArgumentException("A palette needs at least one colour.", nameof(colors));
        }

        Name = name;
        _colors = (Color[])colors.Clone();
    }

    /// <summary>Human-readable palette name.</summary>
    public string Name { get; }

    /// <summary>Number of distinct colours before the palette repeats.</summary>
    public int Count => _colors.Length;

    /// <summary>The colour for series <paramref name="index"/>; wraps around after <see cref="Count"/>.</summary>
    public Color GetColor(int index) => _colors[((index % _colors.Length) + _colors.Length) % _colors.Length];

    /// <summary>
    /// The Okabe–Ito palette (Okabe &amp; Ito 2008, "Color Universal Design"), safe for the common forms of
    /// colour-vision deficiency. Ordered for contrast on white: blue, vermillion, bluish green, orange,
    /// reddish purple, sky blue, black, and the low-contrast yellow last. This is the library default.
    /// </summary>
    public static Palette OkabeIto { get; } = new(
        "Okabe-Ito",
        Color.FromHex("#0072B2"),
        Color.FromHex("#D55E00"),
        Color.FromHex("#009E73"),
        Color.FromHex("#E69F00"),
        Color.FromHex("#CC79A7"),
        Color.FromHex("#56B4E9"),
        Color.FromHex("#000000"),
        Color.FromHex("#F0E442"));

    /// <summary>Paul Tol's "bright" qualitative palette, also colour-blind safe (grey last).</summary>
    public static Palette TolBright { get; } = new(
        "Tol bright",
        Color.FromHex("#4477AA"),
        Color.FromHex("#EE6677"),
        Color.FromHex("#228833"),
        Color.FromHex("#CCBB44"),
        Color.FromHex("#66CCEE"),
        Color.FromHex("#AA3377"),
        Color.FromHex("#BBBBBB"));
}
