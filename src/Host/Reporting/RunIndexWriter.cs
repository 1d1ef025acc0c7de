using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Facebench.Host.Running;
using Facebench.Plotting;

namespace Facebench.Host.Reporting;

/// <summary>One run as the index sees it: read from its <c>summary.json</c>.</summary>
public sealed record IndexedRun(string Folder, string RunId, string Status, DateTimeOffset Started, int Total, int Failed, string? Commit, IReadOnlyDictionary<string, double> Metrics, IReadOnlyDictionary<string, string> Units);

/// <summary>
/// The nightly index: a page listing every run under a folder (newest first, linked to its report) and a
/// trend plot for each headline metric across runs, so a team sees regressions at a glance.
/// </summary>
public static class RunIndexWriter
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Reads every run folder directly under <paramref name="folder"/> that has a summary.</summary>
    public static List<IndexedRun> ReadRuns(string folder)
    {
        var runs = new List<IndexedRun>();
        foreach (string dir in Directory.EnumerateDirectories(folder))
        {
            string path = Path.Combine(dir, "summary.json");
            if (!File.Exists(path))
            {
                continue;
            }

            try
            {
                var root = JsonDocument.Parse(File.ReadAllText(path)).RootElement;
                var counts = root.GetProperty("counts");
                runs.Add(new IndexedRun(
                    Path.GetFileName(dir),
                    root.GetProperty("run_id").GetString() ?? Path.GetFileName(dir),
                    root.GetProperty("status").GetString() ?? "unknown",
                    root.GetProperty("started_utc").GetDateTimeOffset(),
                    counts.GetProperty("total").GetInt32(),
                    counts.GetProperty("failed").GetInt32(),
                    root.TryGetProperty("git_commit", out var commit) ? commit.GetString() : null,
                    root.GetProperty("metrics").EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number).ToDictionary(p => p.Name, p => p.Value.GetDouble()),
                    root.TryGetProperty("units", out var units) ? units.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "") : []));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                HostConsole.Warn($"{path}: skipped, not a summary ({e.Message}).");
            }
        }

        return [.. runs.OrderBy(r => r.Started).ThenBy(r => r.RunId, StringComparer.Ordinal)];
    }

    /// <summary>Writes <c>index.html</c> and <c>trends/*.svg</c> into the folder; returns the page's path.</summary>
    public static string Write(string folder, IReadOnlyList<IndexedRun> runs)
    {
        string trends = Path.Combine(folder, "trends");
        Directory.CreateDirectory(trends);
        var metricNames = runs.SelectMany(r => r.Metrics.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var html = new StringBuilder();
        string title = $"{Path.GetFileName(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar))}: {runs.Count} runs";
        html.AppendLine("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.AppendLine(Invariant, $"<title>{E(title)}</title><style>{ReportStyle.Css} figure.trend {{ display: inline-block; width: 48%; vertical-align: top; margin-right: 1%; }}</style></head><body>");
        html.AppendLine(Invariant, $"<header><h1>{E(title)}</h1><p class=\"run\">Newest first. Trends plot each headline metric across runs.</p></header><main>");

        html.AppendLine("<section><h2>Runs</h2><table><thead><tr><th>run</th><th>started (UTC)</th><th>status</th><th>samples</th><th>failed</th><th>commit</th></tr></thead><tbody>");
        foreach (var run in runs.AsEnumerable().Reverse())
        {
            html.AppendLine(Invariant, $"<tr><td><a href=\"{E(run.Folder)}/report.html\">{E(run.RunId)}</a></td><td>{run.Started:yyyy-MM-dd HH:mm}</td><td>{E(run.Status)}</td><td>{run.Total}</td><td>{run.Failed}</td><td>{E(run.Commit?[..Math.Min(10, run.Commit.Length)] ?? "")}</td></tr>");
        }

        html.AppendLine("</tbody></table></section>");
        if (metricNames.Count > 0)
        {
            html.AppendLine("<section><h2>Trends</h2>");
            foreach (string metric in metricNames)
            {
                string svg = TrendPlot(metric, runs);
                string file = string.Concat(metric.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-')) + ".svg";
                AtomicFile.WriteAllText(Path.Combine(trends, file), svg);
                html.AppendLine(Invariant, $"<figure class=\"trend\">{svg}<figcaption>{E(metric)} per run <a href=\"trends/{E(file)}\">svg</a></figcaption></figure>");
            }

            html.AppendLine("</section>");
        }

        html.AppendLine("</main></body></html>");
        string page = Path.Combine(folder, "index.html");
        AtomicFile.WriteAllText(page, html.ToString());
        return page;
    }

    private static string TrendPlot(string metric, IReadOnlyList<IndexedRun> runs)
    {
        var points = runs.Select((r, i) => (i, r)).Where(x => x.r.Metrics.ContainsKey(metric)).ToList();
        var plot = new Plot();
        var line = plot.Add.Scatter([.. points.Select(p => (double)p.i)], [.. points.Select(p => p.r.Metrics[metric])]);
        line.LegendText = metric;
        string unit = runs.Select(r => r.Units.GetValueOrDefault(metric)).FirstOrDefault(u => !string.IsNullOrEmpty(u)) ?? "";
        // Whole runs on the x axis: dated ticks when few enough to read, every n-th run otherwise.
        int step = Math.Max(1, (int)Math.Ceiling(runs.Count / 8.0));
        var ticks = Enumerable.Range(0, runs.Count).Where(i => i % step == 0).ToList();
        plot.Axes.SetXTicks([.. ticks.Select(i => (double)i)], [.. ticks.Select(i => runs[i].Started.ToString("MM-dd HH:mm", Invariant))]);
        plot.Title(metric);
        plot.XLabel("run (oldest to newest)");
        plot.YLabel(unit.Length > 0 ? unit : "value");
        return plot.GetSvg(560, 300);
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
