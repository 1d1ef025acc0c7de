using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Facebench.Contracts;
using Facebench.Host.Running;

namespace Facebench.Host.Reporting;

/// <summary>
/// Writes a report as <c>report.html</c> (self-contained: inline CSS and SVG, works offline; each figure links its
/// PNG), <c>report.md</c> (figures linked from <c>figures/</c>), <c>figures/*.svg</c> + <c>figures/*.png</c> and
/// <c>summary.json</c>.
/// Each file is written atomically.
/// </summary>
public static class ReportWriter
{
    private const int MaxListedFailures = 50;
    private const int MaxHeadlineCards = 8;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Writes every report file of a run.</summary>
    public static void Write(string runDirectory, RenderedReport report)
    {
        string figures = Path.Combine(runDirectory, "figures");
        Directory.CreateDirectory(figures);
        foreach (var section in report.Sections.Where(s => s.Section is not null))
        {
            foreach (var figure in section.Section!.Blocks.OfType<ReportFigure>())
            {
                AtomicFile.WriteAllText(Path.Combine(figures, RenderedReport.FigureFile(section.Label, figure.Name)), figure.Image.Svg);
                AtomicFile.WriteAllBytes(Path.Combine(figures, RenderedReport.FigurePngFile(section.Label, figure.Name)), figure.Image.Png);
            }
        }

        AtomicFile.WriteAllText(Path.Combine(runDirectory, "summary.json"), Summary(report));
        AtomicFile.WriteAllText(Path.Combine(runDirectory, "report.md"), Markdown(report));
        AtomicFile.WriteAllText(Path.Combine(runDirectory, "report.html"), Html(report));
    }

    /// <summary>The machine-readable summary: counts, headline metrics and timings.</summary>
    public static string Summary(RenderedReport report)
    {
        var m = report.Manifest;
        var summary = new Dictionary<string, object?>
        {
            ["pipeline"] = m.Pipeline,
            ["run_id"] = m.RunId,
            ["status"] = m.Status,
            ["started_utc"] = m.StartedUtc,
            ["ended_utc"] = m.EndedUtc,
            ["git_commit"] = m.GitCommit,
            ["counts"] = new { total = report.Samples.Count, succeeded = report.Samples.Count(s => !s.Failed), failed = report.Samples.Count(s => s.Failed) },
            ["metrics"] = report.Metrics.ToDictionary(x => x.Key, x => x.Metric.Value),
            ["units"] = report.Metrics.Where(x => x.Metric.Unit.Length > 0).ToDictionary(x => x.Key, x => x.Metric.Unit),
            ["section_errors"] = report.Sections.Where(s => s.Error is not null).ToDictionary(s => s.Label, s => s.Error),
            ["stage_ms_per_sample"] = m.StageTotalsMs.ToDictionary(kv => kv.Key, kv => report.Samples.Count == 0 ? 0 : Math.Round(kv.Value / report.Samples.Count, 4)),
        };
        return JsonSerializer.Serialize(summary, FacebenchJson.Indented);
    }

    private static string Markdown(RenderedReport report)
    {
        var md = new StringBuilder();
        var m = report.Manifest;
        md.AppendLine(Invariant, $"# {m.Pipeline} — run {m.RunId}").AppendLine();
        md.AppendLine(Invariant, $"{RunLine(report)}").AppendLine();
        foreach (var section in report.Sections)
        {
            md.AppendLine(Invariant, $"## {section.Section?.Title ?? section.Label}").AppendLine();
            if (section.Error is not null)
            {
                md.AppendLine(Invariant, $"> This section could not be built: {section.Error}").AppendLine();
                continue;
            }

            foreach (var block in section.Section!.Blocks)
            {
                switch (block)
                {
                    case ReportParagraph p:
                        md.AppendLine(p.Text).AppendLine();
                        break;
                    case ReportTable t:
                        if (t.Caption.Length > 0)
                        {
                            md.AppendLine(Invariant, $"*{t.Caption}*").AppendLine();
                        }

                        md.AppendLine("| " + string.Join(" | ", t.Columns.Select(EscapeCell)) + " |");
                        md.AppendLine("|" + string.Concat(t.Columns.Select(_ => " --- |")));
                        foreach (var row in t.Rows)
                        {
                            md.AppendLine("| " + string.Join(" | ", row.Select(EscapeCell)) + " |");
                        }

                        md.AppendLine();
                        break;
                    case ReportFigure f:
                        md.AppendLine(Invariant, $"![{f.Caption}](figures/{RenderedReport.FigurePngFile(section.Label, f.Name)})").AppendLine();
                        md.AppendLine(Invariant, $"*{f.Caption}* ([svg](figures/{RenderedReport.FigureFile(section.Label, f.Name)}))").AppendLine();
                        break;
                }
            }
        }

        AppendFailuresMarkdown(md, report);
        return md.ToString();
    }

    private static void AppendFailuresMarkdown(StringBuilder md, RenderedReport report)
    {
        var failures = report.Samples.Where(s => s.Failed).ToList();
        if (failures.Count == 0)
        {
            return;
        }

        md.AppendLine("## Failed samples").AppendLine();
        md.AppendLine("| sample | stage | error |").AppendLine("| --- | --- | --- |");
        foreach (var s in failures.Take(MaxListedFailures))
        {
            md.AppendLine(Invariant, $"| {EscapeCell(s.Id)} | {EscapeCell(s.Error!.Stage)} | {EscapeCell(s.Error.Message)} |");
        }

        if (failures.Count > MaxListedFailures)
        {
            md.AppendLine().AppendLine(Invariant, $"…and {failures.Count - MaxListedFailures} more (see results.jsonl).");
        }

        md.AppendLine();
    }

    private static string Html(RenderedReport report)
    {
        var m = report.Manifest;
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>").AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.AppendLine(Invariant, $"<title>{E(m.Pipeline)} — {E(m.RunId)}</title>");
        html.AppendLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.AppendLine("<style>").AppendLine(ReportStyle.Css).AppendLine("</style></head><body>");
        html.AppendLine(Invariant, $"<header><h1>{E(m.Pipeline)}</h1><p class=\"run\">{E(RunLine(report))}</p></header>");

        html.AppendLine("<nav><ol>");
        foreach (var (section, i) in report.Sections.Select((s, i) => (s, i)))
        {
            html.AppendLine(Invariant, $"<li><a href=\"#s{i}\">{E(section.Section?.Title ?? section.Label)}</a></li>");
        }

        html.AppendLine("</ol></nav><main>");

        // A few headline numbers open the page as cards; many (an audit has dozens) would push the first section
        // (its summary of findings) off the first screen, so then they go in a folded table after the sections.
        var metrics = report.Metrics.ToList();
        if (metrics.Count is > 0 and <= MaxHeadlineCards)
        {
            html.AppendLine("<section class=\"headline\"><h2>Headline metrics</h2><div class=\"cards\">");
            foreach (var (key, metric) in metrics)
            {
                html.AppendLine(Invariant, $"<div class=\"card\"><div class=\"value\">{E(FormatNumber(metric.Value))}<span class=\"unit\">{E(metric.Unit)}</span></div><div class=\"key\">{E(key)}</div></div>");
            }

            html.AppendLine("</div></section>");
        }

        foreach (var (section, i) in report.Sections.Select((s, i) => (s, i)))
        {
            html.AppendLine(Invariant, $"<section id=\"s{i}\"><h2>{E(section.Section?.Title ?? section.Label)}</h2>");
            if (section.Error is not null)
            {
                html.AppendLine(Invariant, $"<p class=\"error\">This section could not be built: {E(section.Error)}</p></section>");
                continue;
            }

            foreach (var block in section.Section!.Blocks)
            {
                switch (block)
                {
                    case ReportParagraph p:
                        html.AppendLine(Invariant, $"<p>{E(p.Text)}</p>");
                        break;
                    case ReportTable t:
                        AppendTable(html, t.Caption, t.Columns, t.Rows);
                        break;
                    case ReportFigure f:
                        string stem = RenderedReport.FigureStem(section.Label, f.Name);
                        html.AppendLine(Invariant, $"<figure id=\"{E(InlineSvg.Scope(stem))}\" style=\"max-width:{f.Image.Width}px\">{InlineSvg.Prepare(f.Image.Svg, stem)}<figcaption>{E(f.Caption)} <a href=\"figures/{E(stem)}.png\">png</a> · <a href=\"figures/{E(stem)}.svg\">svg</a></figcaption></figure>");
                        break;
                }
            }

            html.AppendLine("</section>");
        }

        if (metrics.Count > MaxHeadlineCards)
        {
            html.AppendLine(Invariant, $"<section><details><summary><h2 style=\"display:inline\">Headline metrics ({metrics.Count})</h2></summary>");
            AppendTable(html, "As stored in summary.json.", ["metric", "value", "unit"], [.. metrics.Select(x => (IReadOnlyList<string>)[x.Key, FormatNumber(x.Metric.Value), x.Metric.Unit])]);
            html.AppendLine("</details></section>");
        }

        var failures = report.Samples.Where(s => s.Failed).ToList();
        if (failures.Count > 0)
        {
            html.AppendLine("<section><h2>Failed samples</h2>");
            AppendTable(html, $"{failures.Count} sample(s) failed; the first {Math.Min(failures.Count, MaxListedFailures)} are listed.", ["sample", "stage", "error"],
                [.. failures.Take(MaxListedFailures).Select(s => (IReadOnlyList<string>)[s.Id, s.Error!.Stage, s.Error.Message])]);
            html.AppendLine("</section>");
        }

        html.AppendLine("<section><h2>Run</h2>");
        AppendTable(html, "", ["", ""], [
            ["pipeline file", m.PipelineFile],
            ["git commit", m.GitCommit ?? "(not in a git repository)"],
            ["machine", $"{m.Machine.Host}, {m.Machine.Cores} cores, {m.Machine.Os}, {m.Machine.Runtime}"],
            ["seed", m.Seed.ToString(Invariant)],
            ["plugins", string.Join(", ", m.Plugins.Select(p => $"{p.Id} {p.Version}"))],
            .. m.StageTotalsMs.Select(kv => (IReadOnlyList<string>)[$"time in {kv.Key}", $"{kv.Value / 1000:0.###} s total"]),
        ]);
        html.AppendLine("</section></main></body></html>");
        return html.ToString();
    }

    private static void AppendTable(StringBuilder html, string caption, IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        // The caption goes above the table as a paragraph: a <caption> is only as wide as its table, so a long caption
        // over a narrow table became a tall column of a few words per line.
        if (caption.Length > 0)
        {
            html.Append(Invariant, $"<p class=\"caption\">{E(caption)}</p>");
        }

        html.Append("<table>");

        if (columns.Any(c => c.Length > 0))
        {
            html.Append("<thead><tr>").Append(string.Concat(columns.Select(c => $"<th>{E(c)}</th>"))).Append("</tr></thead>");
        }

        html.Append("<tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr>").Append(string.Concat(row.Select(c => $"<td>{E(c)}</td>"))).Append("</tr>");
        }

        html.AppendLine("</tbody></table>");
    }

    private static string RunLine(RenderedReport report)
    {
        var m = report.Manifest;
        int failed = report.Samples.Count(s => s.Failed);
        string when = m.EndedUtc is { } end ? end.ToString("yyyy-MM-dd HH:mm 'UTC'", Invariant) : m.StartedUtc.ToString("yyyy-MM-dd HH:mm 'UTC'", Invariant);
        return $"Run {m.RunId} ({m.Status}), {when}: {report.Samples.Count} samples, {failed} failed"
            + (m.Shard is null ? "" : $", shard {m.Shard}")
            + (m.MergedFrom is { Count: > 0 } merged ? $", merged from {merged.Count} runs" : "")
            + (m.GitCommit is null ? "" : $", commit {m.GitCommit[..Math.Min(12, m.GitCommit.Length)]}") + ".";
    }

    private static string FormatNumber(double value) =>
        double.IsNaN(value) ? "n/a"
        : Math.Abs(value) >= 1000 || value == Math.Round(value) ? value.ToString("#,0.##", Invariant)
        : value.ToString("0.###", Invariant);

    private static string EscapeCell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
