using Facebench.Contracts;
using Facebench.Host.Catalog;

namespace Facebench.Host.Pipelines;

/// <summary>
/// A pipeline whose plugins are found and whose options are bound and checked: everything a run needs
/// before it starts. Components are created on first use and shared; stages are created per worker.
/// </summary>
public sealed class LoadedPipeline
{
    private readonly PluginCatalog _catalog;
    private readonly Dictionary<string, PluginUse> _componentUses;
    private readonly Dictionary<string, object> _components = new(StringComparer.Ordinal);
    private readonly HashSet<string> _creating = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _warnings = new(StringComparer.Ordinal);
    private readonly List<BoundUse> _stages;
    private readonly List<BoundUse> _reports;
    private readonly List<BoundUse> _analyses;
    private readonly List<BoundUse> _sources;

    private LoadedPipeline(PipelineDefinition definition, PluginCatalog catalog, RunSettings settings, bool componentsOnly = false)
    {
        Definition = definition;
        _catalog = catalog;
        Settings = settings;
        _componentUses = definition.Components.ToDictionary(c => c.Label, StringComparer.Ordinal);
        foreach (var use in definition.Components)
        {
            Require(use, PluginKind.Component);
        }

        if (componentsOnly)
        {
            _sources = [];
            _stages = [];
            _reports = [];
            _analyses = [];
            return;
        }

        _sources = [.. definition.Sources.Select(s => Bind(s, PluginKind.Source))];
        _stages = [.. definition.Stages.Select(s => Bind(s, PluginKind.Stage))];
        _reports = [.. definition.Reports.Select(r => Bind(r, PluginKind.Report))];
        _analyses = [.. definition.Analyses.Select(a => Bind(a, PluginKind.Analysis))];
        var analysisNames = _analyses.GroupBy(a => a.Use.Label, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (analysisNames is not null)
        {
            throw new PipelineException(analysisNames.Skip(1).First().Use.Mark, $"analysis '{analysisNames.Key}' appears twice; give one of them a 'name:' (it names the stored output analyses/<name>.json).");
        }

        var labels = _stages.GroupBy(s => s.Use.Label).FirstOrDefault(g => g.Count() > 1);
        if (labels is not null)
        {
            var second = labels.Skip(1).First().Use;
            throw new PipelineException(second.Mark, $"stage '{labels.Key}' appears twice; give one of them a 'name:' so that timings and figures can tell them apart.");
        }
    }

    /// <summary>The checked definition.</summary>
    public PipelineDefinition Definition { get; }

    /// <summary>Where and how the run happens.</summary>
    public RunSettings Settings { get; }

    /// <summary>Stage labels in order (timing keys).</summary>
    public IReadOnlyList<string> StageLabels => [.. _stages.Select(s => s.Use.Label)];

    /// <summary>Every plugin the pipeline uses, for the manifest.</summary>
    public IEnumerable<PluginDescriptor> UsedPlugins =>
        _sources.Select(s => s.Descriptor)
            .Concat(_stages.Select(s => s.Descriptor))
            .Concat(_reports.Select(r => r.Descriptor))
            .Concat(_analyses.Select(a => a.Descriptor))
            .Concat(_componentUses.Values.Select(u => _catalog.Find(u.Id)!))
            .DistinctBy(d => d.Id);

    /// <summary>Finds the plugins and binds all options; no plugin is initialised yet.</summary>
    /// <exception cref="PipelineException">An unknown plugin, a plugin of the wrong kind, or a bad option.</exception>
    public static LoadedPipeline Load(PipelineDefinition definition, PluginCatalog catalog, RunSettings settings)
    {
        if (catalog.Problems.FirstOrDefault(p => p.IsFatal) is { } fatal)
        {
            throw new PipelineException(new SourceMark(fatal.Source, 0, 0), fatal.Message);
        }

        return new LoadedPipeline(definition, catalog, settings);
    }

    /// <summary>A pipeline of components only (for <c>facebench model</c>): source, stages and reports are ignored.</summary>
    internal static LoadedPipeline LoadComponentsOnly(PipelineDefinition definition, PluginCatalog catalog, RunSettings settings) =>
        new(definition, catalog, settings, componentsOnly: true);

    /// <summary>Initialises the source, every component it and the stages reference, one instance of each stage and the reports: what <c>validate</c> checks.</summary>
    public void InitialiseAll()
    {
        CreateSource();
        foreach (var name in _componentUses.Keys)
        {
            GetComponent(name, typeof(IComponent), _componentUses[name].Mark);
        }

        for (int i = 0; i < _stages.Count; i++)
        {
            CreateStage(i);
        }

        CreateReports();
        foreach (var analysis in CreateAnalyses())
        {
            analysis.Create();
        }
    }

    /// <summary>
    /// Creates and initialises the source; for a list-form <c>source:</c>, every source, read in order as one
    /// (<see cref="SourceSequence"/>).
    /// </summary>
    public ISource CreateSource() => Definition.SourceList is null
        ? (ISource)Initialise(_sources[0])
        : new SourceSequence([.. _sources.Select(s => (s.Use, (ISource)Initialise(s)))]);

    /// <summary>Each stage's <c>when:</c> condition (null: runs on every sample), in stage order.</summary>
    public IReadOnlyList<StageCondition?> StageConditions => [.. _stages.Select(s => s.Use.When)];

    /// <summary>Creates and initialises a new instance of stage <paramref name="index"/> (one per worker).</summary>
    public IStage CreateStage(int index) => (IStage)Initialise(_stages[index]);

    /// <summary>Number of stages.</summary>
    public int StageCount => _stages.Count;

    /// <summary>Creates and initialises the report sections, with their labels.</summary>
    public IReadOnlyList<(string Label, IReportSection Section)> CreateReports() =>
        [.. _reports.Select(r => (r.Use.Label, (IReportSection)Initialise(r)))];

    /// <summary>
    /// The analyses with their names and plugin descriptors, created lazily: initialising one creates the components
    /// it names (a model build, a classifier's training), which only the analysis phase should pay for.
    /// </summary>
    public IReadOnlyList<(string Label, PluginDescriptor Descriptor, Func<IAnalysis> Create)> CreateAnalyses() =>
        [.. _analyses.Select(a => (a.Use.Label, a.Descriptor, (Func<IAnalysis>)(() => (IAnalysis)Initialise(a))))];

    /// <summary>Resolves a component reference for <see cref="PluginContext.GetComponent{T}"/>.</summary>
    internal object GetComponent(string reference, Type serviceType, SourceMark requester)
    {
        object component;
        lock (_gate)
        {
            if (!_components.TryGetValue(reference, out component!))
            {
                PluginUse use = _componentUses.TryGetValue(reference, out var named)
                    ? named
                    : new PluginUse(reference, requester, null, reference, $"component '{reference}'");
                if (!_componentUses.ContainsKey(reference) && _catalog.Find(reference) is not { Kind: PluginKind.Component })
                {
                    throw new PipelineException(requester, $"no component '{reference}': the pipeline's components are {Names(_componentUses.Keys)}{Suggestions.DidYouMean(reference, _componentUses.Keys)} A component plugin id (e.g. {string.Join(", ", ComponentIds().Take(3))}) also works.");
                }

                if (!_creating.Add(reference))
                {
                    throw new PipelineException(use.Mark, $"component '{reference}' refers to itself through other components.");
                }

                try
                {
                    component = Initialise(Bind(use, PluginKind.Component));
                }
                finally
                {
                    _creating.Remove(reference);
                }

                _components[reference] = component;
            }
        }

        if (serviceType.IsInstanceOfType(component))
        {
            return component;
        }

        var provider = component.GetType().GetInterfaces()
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IComponent<>) && serviceType.IsAssignableFrom(i.GetGenericArguments()[0]));
        if (provider is not null)
        {
            return provider.GetProperty(nameof(IComponent<object>.Instance))!.GetValue(component)!;
        }

        throw new PipelineException(requester, $"component '{reference}' ({component.GetType().Name}) is not a {serviceType.Name}.");
    }

    /// <summary>Reports a plugin warning once per pipeline (every worker's stage instance says the same).</summary>
    internal void WarnOnce(string message)
    {
        if (_warnings.TryAdd(message, 0))
        {
            HostConsole.Warn(message);
        }
    }

    private IEnumerable<string> ComponentIds() => _catalog.Plugins.Where(p => p.Kind == PluginKind.Component).Select(p => p.Id).Order(StringComparer.Ordinal);

    private static string Names(IEnumerable<string> names) => names.Any() ? string.Join(", ", names.Select(n => $"'{n}'")) : "(none)";

    private PluginDescriptor Require(PluginUse use, PluginKind kind)
    {
        var descriptor = _catalog.Find(use.Id);
        if (descriptor is null)
        {
            var sameKind = _catalog.Plugins.Where(p => p.Kind == kind).Select(p => p.Id).Order(StringComparer.Ordinal).ToList();
            throw new PipelineException(use.Mark, $"unknown plugin '{use.Id}' in '{use.Path}'{Suggestions.DidYouMean(use.Id, _catalog.Plugins.Select(p => p.Id))} Available {kind.ToString().ToLowerInvariant()} plugins: {(sameKind.Count == 0 ? "(none)" : string.Join(", ", sameKind))}.");
        }

        if (descriptor.Kind != kind)
        {
            throw new PipelineException(use.Mark, $"'{use.Id}' is a {descriptor.Kind.ToString().ToLowerInvariant()} plugin; '{use.Path}' needs a {kind.ToString().ToLowerInvariant()} plugin.");
        }

        return descriptor;
    }

    private BoundUse Bind(PluginUse use, PluginKind kind)
    {
        var descriptor = Require(use, kind);
        object options = OptionBinder.Bind(descriptor.Options, use.With, use.Mark, use.Id, Definition.Directory);
        foreach (var option in descriptor.Options.Options.Where(o => o.ComponentType is not null))
        {
            if (option.Property.GetValue(options) is string { Length: > 0 } reference)
            {
                var mark = use.With?[option.Key]?.Mark ?? use.Mark;
                if (!_componentUses.ContainsKey(reference) && _catalog.Find(reference) is not { Kind: PluginKind.Component })
                {
                    throw new PipelineException(mark, $"{use.Id}: option '{option.Key}' names component '{reference}', which the pipeline does not define. Components: {Names(_componentUses.Keys)}{Suggestions.DidYouMean(reference, _componentUses.Keys)}");
                }
            }
        }

        return new BoundUse(use, descriptor, options);
    }

    private IPlugin Initialise(BoundUse bound)
    {
        var plugin = bound.Descriptor.Create();
        var context = new HostPluginContext(this, bound.Use);
        try
        {
            plugin.Initialize(bound.Options, context);
        }
        catch (PluginInputException e)
        {
            throw new PipelineException(bound.Use.Mark, $"{bound.Use.Id}: {e.Message}", e);
        }

        return plugin;
    }

    private sealed record BoundUse(PluginUse Use, PluginDescriptor Descriptor, object Options);
}
