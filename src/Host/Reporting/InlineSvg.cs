using System.Text.RegularExpressions;

namespace Facebench.Host.Reporting;

/// <summary>
/// Prepares a standalone SVG document for inlining in an HTML page that holds many figures. Ids in inline SVGs share
/// the page's one namespace, and every figure drawn by Skia numbers its clip paths from the same start, so without
/// this a figure would clip its data with another figure's rectangle.
/// </summary>
internal static partial class InlineSvg
{
    /// <summary>Drops the XML declaration and prefixes every id, and every reference to one, with the figure's scope.</summary>
    public static string Prepare(string svg, string figureStem)
    {
        ArgumentNullException.ThrowIfNull(svg);
        string scope = Scope(figureStem);
        if (svg.StartsWith("<?xml", StringComparison.Ordinal))
        {
            svg = svg[(svg.IndexOf("?>", StringComparison.Ordinal) + 2)..].TrimStart();
        }

        svg = IdAttribute().Replace(svg, m => $"{m.Groups[1].Value}=\"{scope}-{m.Groups[2].Value}\"");
        svg = UrlReference().Replace(svg, m => $"url(#{scope}-{m.Groups[1].Value})");
        return HrefReference().Replace(svg, m => $"{m.Groups[1].Value}=\"#{scope}-{m.Groups[2].Value}\"");
    }

    /// <summary>An id-safe prefix unique to the figure (its file stem is unique within a report).</summary>
    public static string Scope(string figureStem) =>
        "fig-" + string.Concat(figureStem.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));

    [GeneratedRegex("\\b(id)=\"([^\"]+)\"")]
    private static partial Regex IdAttribute();

    [GeneratedRegex("url\\(#([^)]+)\\)")]
    private static partial Regex UrlReference();

    [GeneratedRegex("((?:xlink:)?href)=\"#([^\"]+)\"")]
    private static partial Regex HrefReference();
}
