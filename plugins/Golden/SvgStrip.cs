using System.Globalization;

namespace Facebench.Plugins.Golden;

/// <summary>Places several standalone SVG documents of equal size side by side in one document (an "animation strip").</summary>
public static class SvgStrip
{
    /// <summary>Combines the panels left to right.</summary>
    /// <param name="panels">Standalone SVG documents, each width × height.</param>
    /// <param name="width">Width of one panel, pixels.</param>
    /// <param name="height">Height of a panel, pixels.</param>
    public static string Combine(IReadOnlyList<string> panels, int width, int height)
    {
        var sb = new System.Text.StringBuilder();
        int total = width * panels.Count;
        sb.Append(CultureInfo.InvariantCulture, $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"{total}\" height=\"{height}\" viewBox=\"0 0 {total} {height}\">\n");
        for (int i = 0; i < panels.Count; i++)
        {
            string body = panels[i];
            int start = body.IndexOf("<svg", StringComparison.Ordinal);
            body = body[start..];

            // A nested <svg> is its own viewport: shifting it by x keeps each panel's coordinates and clip paths intact.
            sb.Append(CultureInfo.InvariantCulture, $"<svg x=\"{i * width}\" y=\"0\"").Append(body.AsSpan(4)).Append('\n');
        }

        return sb.Append("</svg>\n").ToString();
    }
}
