using System.Text.Json;

namespace Facebench.Contracts;

/// <summary>The stored output of one analysis of a run (<c>analyses/&lt;name&gt;.json</c>).</summary>
/// <param name="Name">The analysis's name in the pipeline (its <c>name:</c>, else its plugin id).</param>
/// <param name="Plugin">The plugin id that computed it.</param>
/// <param name="Version">The plugin's version.</param>
/// <param name="Output">The output as JSON, when the analysis succeeded.</param>
/// <param name="Error">Why it failed, when it did.</param>
public sealed record StoredAnalysis(string Name, string Plugin, string Version, JsonElement? Output, string? Error);
