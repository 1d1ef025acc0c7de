using Facebench.Contracts;

namespace Facebench.Testing;

/// <summary>
/// A plugin context for tests that drive a plugin directly, without the host: components are registered
/// by name, warnings are collected.
/// </summary>
public sealed class TestPluginContext(int seed = 7, string? pipelineDirectory = null, string? runDirectory = null) : PluginContext
{
    private readonly Dictionary<string, object> _components = new(StringComparer.Ordinal);

    /// <summary>Warnings the plugin reported.</summary>
    public List<string> Warnings { get; } = [];

    /// <inheritdoc />
    public override string PipelineDirectory { get; } = pipelineDirectory ?? Directory.GetCurrentDirectory();

    /// <inheritdoc />
    public override string RunDirectory { get; } = runDirectory ?? Path.Combine(Path.GetTempPath(), "facebench-test-run");

    /// <inheritdoc />
    public override int Seed { get; } = seed;

    /// <inheritdoc />
    public override bool IsValidationOnly => false;

    /// <summary>Registers a component (a plugin instance or a plain service object) under a name.</summary>
    public TestPluginContext WithComponent(string name, object component)
    {
        _components[name] = component;
        return this;
    }

    /// <inheritdoc />
    public override T GetComponent<T>(string reference) => _components.TryGetValue(reference, out object? c)
        ? c as T ?? (c as IComponent<T>)?.Instance ?? throw new PluginInputException($"component '{reference}' is not a {typeof(T).Name}")
        : throw new PluginInputException($"no component named '{reference}'");

    /// <inheritdoc />
    public override void Warn(string message) => Warnings.Add(message);

    /// <inheritdoc />
    public override void Info(string message)
    {
    }
}
