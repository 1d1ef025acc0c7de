using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Facebench.Host.Running;
using Facebench.Plotting;
using ScottPlot;

namespace Facebench.Host.Reporting;

/// <summary>One run as the index sees it: read from its <c>summary.json</c>.</summary>
public sealed record IndexedRun(string Folder, string RunId, string Status, DateTimeOffset Started, int Total, int Failed, string? Commit, IReadOnlyDictionary<string, double> Metrics, IReadOnlyDictionary<string, string> Units);

/// <summary>
/// The nightly index: a page listing every run under a folder (newest first, linked to its report), a trend plot for
/// each headline metric across runs (<c>trends/*.png</c> shown, <c>*.svg</c> beside them), so a team sees regressions
/// at a glance, and the newest run's figures as PNG thumbnails.
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

    /// <summary>Writes <c>index.html</c> and <c>trends/*.svg</c> + <c>*.png</c> into the folder; returns the page's path.</summary>
    public static string Write(string folder, IReadOnlyList<IndexedRun> runs)
    {
        string trends = Path.Combine(folder, "trends");
        Directory.CreateDirectory(trends);
        var metricNames = runs.SelectMany(r => r.Metrics.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var html = new StringBuilder();
        string title = $"{Path.GetFileName(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar))}: {runs.Count} runs";
        html.AppendLine("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.AppendLine(Invariant, $"<title>{E(title)}</title><style>{ReportStyle.Css} figure.trend, figure.thumb {{ display: inline-block; width: 48%; vertical-align: top; margin-right: 1%; }} figure.thumb {{ width: 31%; }} figure img {{ width: 100%; height: auto; border: 1px solid var(--line); }}</style></head><body>");
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
                var figure = FigureRenderer.Render(TrendPlot(metric, runs), FigureSize.Trend);
                string stem = string.Concat(metric.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-'));
                AtomicFile.WriteAllText(Path.Combine(trends, stem + ".svg"), figure.Svg);
                AtomicFile.WriteAllBytes(Path.Combine(trends, stem + ".png"), figure.Png);
                html.AppendLine(Invariant, $"<figure class=\"trend\"><img src=\"trends/{E(stem)}.png\" alt=\"{E(metric)} per run\" width=\"{figure.Width}\" height=\"{figure.Height}\"><figcaption>{E(metric)} per run <a href=\"trends/{E(stem)}.svg\">svg</a></figcaption></figure>");
            }

            html.AppendLine("</section>");
        }

        AppendNewestFigures(html, folder, runs);

        html.AppendLine("</main></body></html>");
        string page = Path.Combine(folder, "index.html");
        AtomicFile.WriteAllText(page, html.ToString());
        return page;
    }

    /// <summary>The newest run's figures (its PNGs), so a morning look at the index shows what the last run drew.</summary>
    private static void AppendNewestFigures(StringBuilder html, string folder, IReadOnlyList<IndexedRun> runs)
    {
        if (runs.Count == 0)
        {
            return;
        }

        IndexedRun newest = runs[^1];
        string figures = Path.Combine(folder, newest.Folder, "figures");
        string[] pngs = Directory.Exists(figures) ? [.. Directory.EnumerateFiles(figures, "*.png").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)] : [];
        if (pngs.Length == 0)
        {
            return;
        }

        html.AppendLine(Invariant, $"<section><h2>Figures of the newest run ({E(newest.RunId)})</h2>");
        foreach (string png in pngs)
        {
            string href = $"{newest.Folder}/figures/{png}";
            html.AppendLine(Invariant, $"<figure class=\"thumb\"><a href=\"{E(href)}\"><img src=\"{E(href)}\" alt=\"{E(png)}\" loading=\"lazy\"></a><figcaption>{E(Path.GetFileNameWithoutExtension(png))}</figcaption></figure>");
        }

        html.AppendLine("</section>");
    }

    private static Plot TrendPlot(string metric, IReadOnlyList<IndexedRun> runs)
    {
        var points = runs.Select((r, i) => (i, r)).Where(x => x.r.Metrics.TryGetValue(metric, out double v) && double.IsFinite(v)).ToList();
        Plot plot = HouseStyle.NewPlot();
        double[] xs = [.. points.Select(p => (double)p.i)];
        double[] ys = [.. points.Select(p => p.r.Metrics[metric])];
        var line = plot.Add.Scatter(xs, ys);
        line.LineWidth = 2;
        line.MarkerSize = 6;
        string unit = runs.Select(r => r.Units.GetValueOrDefault(metric)).FirstOrDefault(u => !string.IsNullOrEmpty(u)) ?? "";

        // Whole runs on the x axis: dated ticks when few enough to read, every n-th run otherwise.
        int step = Math.Max(1, (int)Math.Ceiling(runs.Count / 6.0));
        var ticks = Enumerable.Range(0, runs.Count).Where(i => i % step == 0).ToList();
        plot.Axes.Bottom.SetTicks([.. ticks.Select(i => (double)i)], [.. ticks.Select(i => runs[i].Started.ToString("MM-dd HH:mm", Invariant))]);
        plot.Axes.SetLimitsX(-0.5, Math.Max(0.5, runs.Count - 0.5));
        plot.Title(metric);
        plot.XLabel("run (oldest to newest)");
        plot.YLabel(unit.Length > 0 ? unit : "value");
        return plot;
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
