using Spectre.Console;

namespace Facebench.Host;

/// <summary>
/// The host's messages to people. Errors and warnings go to standard error; plain text when output is
/// redirected or <c>CI</c> is set, so logs stay readable.
/// </summary>
public static class HostConsole
{
    private static readonly Lock Gate = new();

    /// <summary>True when standard output is an interactive terminal and not under CI.</summary>
    public static bool IsInteractive =>
        !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    /// <summary>Suppresses info lines (tests set this).</summary>
    public static bool Quiet { get; set; }

    /// <summary>Writes an informational line to standard output.</summary>
    public static void Info(string message)
    {
        if (Quiet)
        {
            return;
        }

        lock (Gate)
        {
            Console.Out.WriteLine(message);
        }
    }

    /// <summary>Writes a warning to standard error.</summary>
    public static void Warn(string message)
    {
        lock (Gate)
        {
            Console.Error.WriteLine($"warning: {message}");
        }
    }

    /// <summary>Writes an error to standard error.</summary>
    public static void Error(string message)
    {
        lock (Gate)
        {
            Console.Error.WriteLine($"error: {message}");
        }
    }

    /// <summary>Renders a table: a Spectre table on a terminal, aligned plain text otherwise.</summary>
    public static void Table(IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string>> rows)
    {
        var materialised = rows.ToList();
        if (IsInteractive)
        {
            var table = new Table().Border(TableBorder.Rounded);
            foreach (string c in columns)
            {
                table.AddColumn(new TableColumn(Markup.Escape(c)));
            }

            foreach (var row in materialised)
            {
                table.AddRow(row.Select(cell => new Markup(Markup.Escape(cell))).ToArray());
            }

            AnsiConsole.Write(table);
            return;
        }

        var widths = columns.Select((c, i) => Math.Max(c.Length, materialised.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        Console.Out.WriteLine(string.Join("  ", columns.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        foreach (var row in materialised)
        {
            Console.Out.WriteLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        }
    }
}
