using Facebench.Audit.Analyses;
using Facebench.Contracts;

namespace Facebench.Plugins.Audit;

/// <summary>
/// The board audit sections post their findings to, so that <c>report.audit-summary</c> can open the report with
/// them (<see cref="FindingsBoard"/>). Sections name it by its plugin id, so all of a pipeline's sections share one
/// board without declaring it under <c>components:</c>.
/// </summary>
[Plugin("audit.findings", PluginKind.Component, "1.0.0", "Shared board where audit report sections post findings for report.audit-summary")]
public sealed class FindingsBoardPlugin : Plugin<NoOptions>, IComponent<FindingsBoard>
{
    /// <inheritdoc />
    public FindingsBoard Instance { get; } = new();
}
