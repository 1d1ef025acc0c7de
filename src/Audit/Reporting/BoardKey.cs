using System.Text.Json;

namespace Facebench.Audit.Reporting;

/// <summary>The identity of an analysis on the findings board: its plugin type and options (see <see cref="Analyses.FindingsBoard"/>).</summary>
public static class BoardKey
{
    /// <summary>"type:options-as-JSON".</summary>
    public static string Of(object plugin, object options) => $"{plugin.GetType().FullName}:{JsonSerializer.Serialize(options, options.GetType())}";
}
