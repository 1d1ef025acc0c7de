using Facebench.Contracts;

namespace Facebench.Host.DuplicatePlugins;

/// <summary>Claims the id of <c>Host.TestPlugins</c>'s counting source.</summary>
[Plugin("test.count", PluginKind.Source, "9.9.9", "Duplicate of test.count")]
public sealed class DuplicateCount : Plugin<NoOptions>, ISource
{
    public long? CountHint => 0;

    public IEnumerable<Sample> Read(CancellationToken cancellationToken) => [];
}
