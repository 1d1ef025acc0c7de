namespace Facebench.Host.Reporting;

/// <summary>The report's stylesheet: readable on screen and in print, no external fonts or scripts.</summary>
internal static class ReportStyle
{
    public const string Css = """
        :root { --ink: #1d2430; --muted: #5b6676; --line: #d9dee6; --accent: #0072b2; --bg: #ffffff; --band: #f5f7fa; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
        header { padding: 1.5rem 2rem 1rem; border-bottom: 1px solid var(--line); background: var(--band); }
        header h1 { margin: 0 0 .25rem; font-size: 1.6rem; }
        .run { margin: 0; color: var(--muted); }
        nav { padding: .5rem 2rem; border-bottom: 1px solid var(--line); }
        nav ol { margin: 0; padding-left: 1.2rem; display: flex; flex-wrap: wrap; gap: .25rem 2rem; }
        main { max-width: 1100px; padding: 0 2rem 3rem; }
        section { margin-top: 2rem; }
        h2 { font-size: 1.25rem; border-bottom: 2px solid var(--accent); padding-bottom: .2rem; }
        table { border-collapse: collapse; margin: .75rem 0 1.25rem; font-variant-numeric: tabular-nums; }
        p.caption { color: var(--muted); margin: 1rem 0 .3rem; max-width: 60rem; }
        p.caption + table { margin-top: 0; }
        th, td { border-bottom: 1px solid var(--line); padding: .3rem .8rem .3rem 0; text-align: left; vertical-align: top; }
        th { font-weight: 600; }
        figure { margin: 1rem 0 1.5rem; }
        figure svg { max-width: 100%; height: auto; border: 1px solid var(--line); }
        figcaption { color: var(--muted); font-size: .9rem; }
        .cards { display: flex; flex-wrap: wrap; gap: .75rem; }
        .card { border: 1px solid var(--line); border-radius: 6px; padding: .6rem .9rem; min-width: 10rem; background: var(--band); }
        .card .value { font-size: 1.35rem; font-weight: 600; }
        .card .unit { font-size: .85rem; color: var(--muted); margin-left: .25rem; }
        .card .key { font-size: .8rem; color: var(--muted); }
        .error { color: #a33; }
        @media print { nav { display: none; } figure { break-inside: avoid; } }
        """;
}
