using Facebench.Contracts;
using Facebench.Host.Running;

namespace Facebench.Host.Reporting;

/// <summary>A section as built by its plugin, with the label it is filed under (or the error that stopped it).</summary>
/// <param name="Label">The report entry's label (plugin id or <c>name:</c>); prefixes figure files and metric names.</param>
/// <param name="Section">The section, or null when the plugin failed.</param>
/// <param name="Error">Why the plugin failed, or null.</param>
public sealed record BuiltSection(string Label, ReportSection? Section, string? Error);

/// <summary>Everything the writers need: the run's manifest, its samples and the built sections.</summary>
public sealed record RenderedReport(RunManifest Manifest, IReadOnlyList<Sample> Samples, IReadOnlyList<BuiltSection> Sections)
{
    /// <summary>Headline metrics as <c>label.metric</c> → value, in section order.</summary>
    public IEnumerable<(string Key, ReportMetric Metric)> Metrics =>
        Sections.Where(s => s.Section is not null).SelectMany(s => s.Section!.Metrics.Select(m => ($"{s.Label}.{m.Name}", m)));

    /// <summary>The figure file name, without extension, for a figure of a section: <c>label-name</c>, made file-safe.</summary>
    public static string FigureStem(string label, string name) =>
        string.Concat($"{label}-{name}".Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-'));

    /// <summary>The SVG file of a figure: <c>label-name.svg</c> in <c>figures/</c>.</summary>
    public static string FigureFile(string label, string name) => FigureStem(label, name) + ".svg";

    /// <summary>The PNG file of a figure: <c>label-name.png</c> in <c>figures/</c>.</summary>
    public static string FigurePngFile(string label, string name) => FigureStem(label, name) + ".png";
}
