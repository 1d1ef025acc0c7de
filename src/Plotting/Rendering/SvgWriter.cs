using System.Globalization;
using System.Text;

namespace Facebench.Plotting.Rendering;

/// <summary>Fill and stroke of one SVG shape.</summary>
/// <param name="Fill">Fill colour, or null for no fill.</param>
/// <param name="Stroke">Stroke colour, or null for no stroke.</param>
/// <param name="StrokeWidth">Stroke width in pixels.</param>
/// <param name="Pattern">Stroke dash pattern.</param>
public readonly record struct SvgPaint(Color? Fill, Color? Stroke = null, double StrokeWidth = 1, LinePattern Pattern = LinePattern.Solid)
{
    /// <summary>Use the even-odd fill rule (needed for regions with holes such as contour bands).</summary>
    public bool EvenOdd { get; init; }

    /// <summary>Round line joins and caps (nicer for polylines), instead of the SVG defaults.</summary>
    public bool Round { get; init; }

    /// <summary>A stroke-only paint.</summary>
    public static SvgPaint StrokeOnly(Color color, double width, LinePattern pattern = LinePattern.Solid) =>
        new(null, color, width, pattern);

    /// <summary>A fill-only paint.</summary>
    public static SvgPaint FillOnly(Color color) => new(color);
}

/// <summary>
/// Minimal streaming SVG writer. Output is deterministic: numbers use the invariant culture with at most
/// two decimals, attributes are written in a fixed order, and no ids, dates or random values are produced.
/// </summary>
public sealed class SvgWriter
{
    /// <summary>Coordinates are clamped to this magnitude so far off-screen data cannot produce huge numbers.</summary>
    private const double MaxCoordinate = 1e6;

    private readonly StringBuilder _sb = new(16 * 1024);
    private int _pathStart = -1;
    private int _pathCommandsStart;

    /// <summary>Writes the XML declaration and the root <c>svg</c> element with a viewBox.</summary>
    public void BeginDocument(double width, double height, string fontFamily)
    {
        _sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        _sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"");
        Num(width);
        _sb.Append("\" height=\"");
        Num(height);
        _sb.Append("\" viewBox=\"0 0 ");
        Num(width);
        _sb.Append(' ');
        Num(height);
        _sb.Append("\" font-family=\"");
        Escape(fontFamily);
        _sb.Append("\">\n");
    }

    /// <summary>Closes the root element.</summary>
    public void EndDocument() => _sb.Append("</svg>\n");

    /// <summary>Declares a rectangular clip path with the given id.</summary>
    public void ClipRect(string id, double x, double y, double width, double height)
    {
        _sb.Append("<defs><clipPath id=\"");
        Escape(id);
        _sb.Append("\"><rect x=\"");
        Num(x);
        _sb.Append("\" y=\"");
        Num(y);
        _sb.Append("\" width=\"");
        Num(width);
        _sb.Append("\" height=\"");
        Num(height);
        _sb.Append("\"/></clipPath></defs>\n");
    }

    /// <summary>Opens a group; <paramref name="clipId"/> (optional) clips its content, <paramref name="cssClass"/> labels it.</summary>
    public void BeginGroup(string? cssClass = null, string? clipId = null)
    {
        _sb.Append("<g");
        if (cssClass is not null)
        {
            _sb.Append(" class=\"");
            Escape(cssClass);
            _sb.Append('"');
        }

        if (clipId is not null)
        {
            _sb.Append(" clip-path=\"url(#");
            Escape(clipId);
            _sb.Append(")\"");
        }

        _sb.Append(">\n");
    }

    /// <summary>Closes the innermost group.</summary>
    public void EndGroup() => _sb.Append("</g>\n");

    /// <summary>Writes an SVG comment (for readability of the output; "--" is replaced).</summary>
    public void Comment(string text)
    {
        _sb.Append("<!-- ");
        _sb.Append(text.Replace("--", "- -", StringComparison.Ordinal));
        _sb.Append(" -->\n");
    }

    /// <summary>Writes a rectangle.</summary>
    public void Rect(double x, double y, double width, double height, in SvgPaint paint)
    {
        _sb.Append("<rect x=\"");
        Num(x);
        _sb.Append("\" y=\"");
        Num(y);
        _sb.Append("\" width=\"");
        Num(Math.Max(0, width));
        _sb.Append("\" height=\"");
        Num(Math.Max(0, height));
        _sb.Append('"');
        Paint(paint);
        _sb.Append("/>\n");
    }

    /// <summary>Writes a straight line.</summary>
    public void Line(double x1, double y1, double x2, double y2, Color color, double width, LinePattern pattern = LinePattern.Solid)
    {
        _sb.Append("<line x1=\"");
        Num(x1);
        _sb.Append("\" y1=\"");
        Num(y1);
        _sb.Append("\" x2=\"");
        Num(x2);
        _sb.Append("\" y2=\"");
        Num(y2);
        _sb.Append('"');
        Paint(SvgPaint.StrokeOnly(color, width, pattern));
        _sb.Append("/>\n");
    }

    /// <summary>
    /// Writes a text element. <paramref name="y"/> is the baseline; <paramref name="rotation"/> (degrees,
    /// clockwise) turns the text about (x, y).
    /// </summary>
    public void Text(string text, double x, double y, double fontSize, Color color, TextAnchor anchor = TextAnchor.Start,
        bool bold = false, double rotation = 0)
    {
        _sb.Append("<text x=\"");
        Num(x);
        _sb.Append("\" y=\"");
        Num(y);
        _sb.Append("\" font-size=\"");
        Num(fontSize);
        _sb.Append('"');
        if (bold)
        {
            _sb.Append(" font-weight=\"bold\"");
        }

        if (anchor != TextAnchor.Start)
        {
            _sb.Append(anchor == TextAnchor.Middle ? " text-anchor=\"middle\"" : " text-anchor=\"end\"");
        }

        if (rotation != 0)
        {
            _sb.Append(" transform=\"rotate(");
            Num(rotation);
            _sb.Append(' ');
            Num(x);
            _sb.Append(' ');
            Num(y);
            _sb.Append(")\"");
        }

        Paint(SvgPaint.FillOnly(color));
        _sb.Append('>');
        Escape(text);
        _sb.Append("</text>\n");
    }

    /// <summary>
    /// Embeds a PNG image. The image's pixel (u, v) lands at screen point (a·u + e, d·v + f), so a negative
    /// <paramref name="d"/> flips it vertically (used when the Y axis points up).
    /// </summary>
    public void ImagePng(ReadOnlySpan<byte> png, int width, int height, double a, double d, double e, double f, bool smooth, double opacity = 1)
    {
        _sb.Append("<image width=\"");
        _sb.Append(width.ToString(CultureInfo.InvariantCulture));
        _sb.Append("\" height=\"");
        _sb.Append(height.ToString(CultureInfo.InvariantCulture));
        _sb.Append("\" preserveAspectRatio=\"none\" transform=\"matrix(");
        NumPrecise(a);
        _sb.Append(" 0 0 ");
        NumPrecise(d);
        _sb.Append(' ');
        Num(e);
        _sb.Append(' ');
        Num(f);
        _sb.Append(")\"");
        if (!smooth)
        {
            _sb.Append(" image-rendering=\"pixelated\" style=\"image-rendering:pixelated\"");
        }

        if (opacity < 1)
        {
            _sb.Append(" opacity=\"");
            NumPrecise(Math.Clamp(opacity, 0, 1));
            _sb.Append('"');
        }

        _sb.Append(" xlink:href=\"data:image/png;base64,");
        _sb.Append(Convert.ToBase64String(png));
        _sb.Append("\"/>\n");
    }

    /// <summary>Starts a path; follow with <see cref="MoveTo"/>/<see cref="LineTo"/>/... and finish with <see cref="EndPath"/>.</summary>
    public void BeginPath()
    {
        if (_pathStart >= 0)
        {
            throw new InvalidOperationException("A path is already open.");
        }

        _pathStart = _sb.Length;
        _sb.Append("<path d=\"");
        _pathCommandsStart = _sb.Length;
    }

    /// <summary>Moves the pen without drawing.</summary>
    public void MoveTo(double x, double y)
    {
        _sb.Append('M');
        Num(x);
        _sb.Append(' ');
        Num(y);
    }

    /// <summary>Draws a straight line to the point.</summary>
    public void LineTo(double x, double y)
    {
        _sb.Append('L');
        Num(x);
        _sb.Append(' ');
        Num(y);
    }

    /// <summary>Closes the current sub-path.</summary>
    public void ClosePath() => _sb.Append('Z');

    /// <summary>Adds a full circle as a closed sub-path (two arcs).</summary>
    public void CircleSubpath(double cx, double cy, double r)
    {
        MoveTo(cx - r, cy);
        _sb.Append('a');
        Num(r);
        _sb.Append(' ');
        Num(r);
        _sb.Append(" 0 1 0 ");
        Num(2 * r);
        _sb.Append(" 0a");
        Num(r);
        _sb.Append(' ');
        Num(r);
        _sb.Append(" 0 1 0 ");
        Num(-2 * r);
        _sb.Append(" 0Z");
    }

    /// <summary>Adds an axis-aligned rectangle as a closed sub-path.</summary>
    public void RectSubpath(double x, double y, double width, double height)
    {
        MoveTo(x, y);
        LineTo(x + width, y);
        LineTo(x + width, y + height);
        LineTo(x, y + height);
        ClosePath();
    }

    /// <summary>Finishes the open path with the given paint; a path without commands is dropped entirely.</summary>
    public void EndPath(in SvgPaint paint)
    {
        if (_pathStart < 0)
        {
            throw new InvalidOperationException("No path is open.");
        }

        if (_sb.Length == _pathCommandsStart)
        {
            _sb.Length = _pathStart;
        }
        else
        {
            _sb.Append('"');
            Paint(paint);
            _sb.Append("/>\n");
        }

        _pathStart = -1;
    }

    /// <summary>Discards the open path and everything written into it.</summary>
    public void CancelPath()
    {
        if (_pathStart < 0)
        {
            throw new InvalidOperationException("No path is open.");
        }

        _sb.Length = _pathStart;
        _pathStart = -1;
    }

    /// <summary>The document written so far.</summary>
    public override string ToString() => _sb.ToString();

    private void Paint(in SvgPaint paint)
    {
        if (paint.Fill is { } fill && fill.A > 0)
        {
            _sb.Append(" fill=\"").Append(fill.ToHexRgb()).Append('"');
            if (fill.A < 255)
            {
                _sb.Append(" fill-opacity=\"");
                NumPrecise(fill.Opacity);
                _sb.Append('"');
            }

            if (paint.EvenOdd)
            {
                _sb.Append(" fill-rule=\"evenodd\"");
            }
        }
        else
        {
            _sb.Append(" fill=\"none\"");
        }

        if (paint.Stroke is { } stroke && stroke.A > 0 && paint.StrokeWidth > 0)
        {
            _sb.Append(" stroke=\"").Append(stroke.ToHexRgb()).Append('"');
            if (stroke.A < 255)
            {
                _sb.Append(" stroke-opacity=\"");
                NumPrecise(stroke.Opacity);
                _sb.Append('"');
            }

            _sb.Append(" stroke-width=\"");
            Num(paint.StrokeWidth);
            _sb.Append('"');
            string? dash = paint.Pattern switch
            {
                LinePattern.Dashed => "6 4",
                LinePattern.Dotted => "1.5 3",
                LinePattern.DashDot => "6 3 1.5 3",
                _ => null,
            };
            if (dash is not null)
            {
                _sb.Append(" stroke-dasharray=\"").Append(dash).Append('"');
            }

            if (paint.Round)
            {
                _sb.Append(" stroke-linejoin=\"round\" stroke-linecap=\"round\"");
            }
        }
    }

    /// <summary>Appends a coordinate: clamped, rounded to 2 decimals, invariant culture, never "-0" or "NaN".</summary>
    private void Num(double value) => AppendRounded(value, 2, "0.##");

    /// <summary>Appends a scale factor or opacity with 4 decimals.</summary>
    private void NumPrecise(double value) => AppendRounded(value, 4, "0.####");

    private void AppendRounded(double value, int decimals, string format)
    {
        double v = double.IsNaN(value) ? 0 : Math.Clamp(value, -MaxCoordinate, MaxCoordinate);
        v = Math.Round(v, decimals, MidpointRounding.AwayFromZero);
        if (v == 0)
        {
            v = 0; // drops the sign of -0
        }

        Span<char> buffer = stackalloc char[32];
        v.TryFormat(buffer, out int written, format, CultureInfo.InvariantCulture);
        _sb.Append(buffer[..written]);
    }

    /// <summary>Appends text with the five XML special characters escaped and invalid XML characters dropped.</summary>
    private void Escape(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsSurrogate(c))
            {
                // Keep well-formed pairs; a lone surrogate cannot be encoded in XML and is dropped.
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    _sb.Append(c).Append(text[++i]);
                }

                continue;
            }

            switch (c)
            {
                case '&': _sb.Append("&amp;"); break;
                case '<': _sb.Append("&lt;"); break;
                case '>': _sb.Append("&gt;"); break;
                case '"': _sb.Append("&quot;"); break;
                case '\'': _sb.Append("&apos;"); break;
                case '\t' or '\n' or '\r': _sb.Append(' '); break;
                default:
                    if (c >= 0x20 && c != '\uFFFE' && c != '\uFFFF')
                    {
                        _sb.Append(c);
                    }

                    break;
            }
        }
    }
}
