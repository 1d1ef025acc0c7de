using ScottPlot;

namespace Facebench.Plotting;

/// <summary>
/// The Okabe–Ito palette (Okabe &amp; Ito 2008, "Color Universal Design"; Wong 2011, Nature Methods 8:441), told apart
/// under the common colour-vision deficiencies. Ordered for contrast on white: blue, vermillion, bluish green,
/// orange, reddish purple, sky blue, black, and the pale yellow last. ScottPlot's ColorblindFriendly has the same
/// colours starting with black, which would make the first series look like the axes.
/// </summary>
public sealed class OkabeIto : IPalette
{
    /// <summary>The colours in series order.</summary>
    public Color[] Colors { get; } = Color.FromHex(["#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#000000", "#F0E442"]);

    /// <inheritdoc />
    public string Name => "Okabe-Ito";

    /// <inheritdoc />
    public string Description => "Okabe & Ito colour-universal-design palette, blue first";

    /// <summary>Blue, the first series colour.</summary>
    public static Color Blue { get; } = Color.FromHex("#0072B2");

    /// <summary>Vermillion, the second series colour.</summary>
    public static Color Vermillion { get; } = Color.FromHex("#D55E00");

    /// <summary>Bluish green, the third series colour.</summary>
    public static Color Green { get; } = Color.FromHex("#009E73");

    /// <inheritdoc />
    public Color GetColor(int index) => Colors[((index % Colors.Length) + Colors.Length) % Colors.Length];
}
