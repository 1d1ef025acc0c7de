using Facebench.Contracts;

namespace Facebench.Host.Pipelines;

/// <summary>The context the host gives each plugin instance.</summary>
internal sealed class HostPluginContext(LoadedPipeline pipeline, PluginUse use) : PluginContext
{
    public override string PipelineDirectory => pipeline.Definition.Directory;

    public override string RunDirectory => pipeline.Settings.RunDirectory;

    public override int Seed => pipeline.Settings.Seed;

    public override bool IsValidationOnly => pipeline.Settings.IsValidationOnly;

    public override T GetComponent<T>(string reference) => (T)pipeline.GetComponent(reference, typeof(T), use.With?.Entries.FirstOrDefault(e => e.Value is ScalarNode s && s.Value == reference).Value?.Mark ?? use.Mark);

    public override void Warn(string message) => pipeline.WarnOnce(message.StartsWith(use.Label + ":", StringComparison.Ordinal) ? message : $"{use.Label}: {message}");

    public override void Info(string message) => HostConsole.Info($"{use.Label}: {message}");
}
