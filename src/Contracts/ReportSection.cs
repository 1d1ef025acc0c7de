namespace Facebench.Contracts;

/// <summary>
/// One section of a report, built fluently by a report plugin:
/// <code>
/// return new ReportSection("Dataset statistics")
///     .Metric("samples", n)
///     .Paragraph($"{n} faces in {images} images.")
///     .Table(table)
///     .Figure("iod-histogram", plot, "Inter-ocular distance (px)"); // a ScottPlot plot, via Facebench.Plotting
/// </code>
/// The host renders it to HTML and Markdown, writes figures to <c>figures/</c> (SVG and PNG) and metrics to
/// <c>summary.json</c>.
/// </summary>
public sealed class ReportSection(string title)
{
    private readonly List<ReportBlock> _blocks = [];
    private readonly List<ReportMetric> _metrics = [];

    /// <summary>Section heading.</summary>
    public string Title { get; } = title;

    /// <summary>Paragraphs, tables and figures in display order.</summary>
    public IReadOnlyList<ReportBlock> Blocks => _blocks;

    /// <summary>Headline numbers: stored in <c>summary.json</c> and plotted as trends across nightly runs.</summary>
    public IReadOnlyList<ReportMetric> Metrics => _metrics;

    /// <summary>Adds a paragraph of plain text.</summary>
    public ReportSection Paragraph(string text)
    {
        _blocks.Add(new ReportParagraph(text));
        return this;
    }

    /// <summary>Adds a table.</summary>
    public ReportSection Table(ReportTable table)
    {
        _blocks.Add(table);
        return this;
    }

    /// <summary>
    /// Adds a figure drawn elsewhere (Facebench.Plotting's <c>Figure(name, plot, caption)</c> extension draws one from
    /// a plot). <paramref name="name"/> becomes the file name, so keep it short and unique within the section.
    /// </summary>
    public ReportSection Figure(string name, FigureImage image, string caption)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(image);
        _blocks.Add(new ReportFigure(name, image, caption));
        return this;
    }

    /// <summary>Adds a headline metric.</summary>
    public ReportSection Metric(string name, double value, string unit = "")
    {
        _metrics.Add(new ReportMetric(name, value, unit));
        return this;
    }
}

/// <summary>A block of a report section.</summary>
public abstract record ReportBlock;

/// <summary>A paragraph of plain text.</summary>
public sealed record ReportParagraph(string Text) : ReportBlock;

/// <summary>
/// A figure with a caption; written as <c>figures/&lt;section&gt;-&lt;name&gt;.svg</c> (inlined in the HTML report) and
/// <c>.png</c> (linked, for slides and the nightly index).
/// </summary>
public sealed record ReportFigure(string Name, FigureImage Image, string Caption) : ReportBlock;

/// <summary>A table of formatted cells.</summary>
public sealed record ReportTable(string Caption, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows) : ReportBlock;

/// <summary>A named number with its unit.</summary>
public sealed record ReportMetric(string Name, double Value, string Unit);
