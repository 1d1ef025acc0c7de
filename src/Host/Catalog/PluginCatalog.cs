using System.Composition;
using System.Composition.Hosting;
using System.Reflection;
using Facebench.Contracts;

namespace Facebench.Host.Catalog;

/// <summary>A discovered plugin: its metadata, where it came from, its options and how to create it.</summary>
public sealed class PluginDescriptor
{
    internal PluginDescriptor(PluginMetadata metadata, Assembly assembly, Type implementation, OptionsSchema options, ExportFactory<IPlugin, PluginMetadata> factory)
    {
        Metadata = metadata;
        Assembly = assembly;
        Implementation = implementation;
        Options = options;
        Factory = factory;
    }

    /// <summary>Id, kind, version and description.</summary>
    public PluginMetadata Metadata { get; }

    /// <summary>The plugin's id.</summary>
    public string Id => Metadata.Id;

    /// <summary>The plugin's kind.</summary>
    public PluginKind Kind => Metadata.Kind;

    /// <summary>The assembly that exports it.</summary>
    public Assembly Assembly { get; }

    /// <summary>File name of that assembly.</summary>
    public string AssemblyFile => Path.GetFileName(Assembly.Location);

    /// <summary>The exported class.</summary>
    public Type Implementation { get; }

    /// <summary>The options it accepts.</summary>
    public OptionsSchema Options { get; }

    private ExportFactory<IPlugin, PluginMetadata> Factory { get; }

    /// <summary>Creates a new, uninitialised instance.</summary>
    public IPlugin Create() => Factory.CreateExport().Value;
}

/// <summary>A problem found while discovering plugins: an assembly that would not load, or a duplicate id.</summary>
/// <param name="Source">The assembly file (or files) concerned.</param>
/// <param name="Message">What went wrong.</param>
/// <param name="IsFatal">True for problems that make the catalog unusable (duplicate ids).</param>
public sealed record CatalogProblem(string Source, string Message, bool IsFatal);

/// <summary>
/// Discovers plugins with System.Composition (MEF) in a plugins folder. Each assembly gets its own
/// composition container, so one broken assembly is reported by name and reason while the rest keep
/// working. Two plugins with the same id are a fatal problem naming both assemblies.
/// </summary>
public sealed class PluginCatalog
{
    private readonly Dictionary<string, PluginDescriptor> _plugins;

    private PluginCatalog(Dictionary<string, PluginDescriptor> plugins, IReadOnlyList<CatalogProblem> problems, IReadOnlyList<string> folders)
    {
        _plugins = plugins;
        Problems = problems;
        Folders = folders;
    }

    /// <summary>All plugins, by id.</summary>
    public IReadOnlyCollection<PluginDescriptor> Plugins => _plugins.Values;

    /// <summary>Assemblies that failed to load and duplicate ids.</summary>
    public IReadOnlyList<CatalogProblem> Problems { get; }

    /// <summary>The folders searched.</summary>
    public IReadOnlyList<string> Folders { get; }

    /// <summary>The plugin with this id, or null.</summary>
    public PluginDescriptor? Find(string id) => _plugins.GetValueOrDefault(id);

    /// <summary>
    /// The default plugin folders: <c>FACEBENCH_PLUGINS</c> (path-separated list) when set, otherwise the
    /// <c>plugins</c> folder beside the host.
    /// </summary>
    public static IReadOnlyList<string> DefaultFolders()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("FACEBENCH_PLUGINS");
        return string.IsNullOrWhiteSpace(fromEnvironment)
            ? [Path.Combine(AppContext.BaseDirectory, "plugins")]
            : fromEnvironment.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Discovers the plugins in the given folders.</summary>
    public static PluginCatalog Load(IEnumerable<string> folders)
    {
        var plugins = new Dictionary<string, PluginDescriptor>(StringComparer.Ordinal);
        var problems = new List<CatalogProblem>();
        var searched = new List<string>();
        var contractsName = typeof(IPlugin).Assembly.GetName().Name;

        foreach (string folder in folders.Select(Path.GetFullPath).Distinct())
        {
            searched.Add(folder);
            if (!Directory.Exists(folder))
            {
                problems.Add(new CatalogProblem(folder, "plugins folder not found", IsFatal: false));
                continue;
            }

            var context = new PluginLoadContext(folder);
            foreach (string file in Directory.EnumerateFiles(folder, "*.dll").Order(StringComparer.Ordinal))
            {
                Assembly assembly;
                try
                {
                    if (PluginLoadContext.IsHostAssembly(Path.GetFileNameWithoutExtension(file)))
                    {
                        continue; // a copy of a library the host already has; never a plugin
                    }

                    assembly = context.LoadFromAssemblyPath(file);
                    if (!assembly.GetReferencedAssemblies().Any(r => r.Name == contractsName))
                    {
                        continue; // a dependency, not a plugin assembly
                    }
                }
                catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException)
                {
                    problems.Add(new CatalogProblem(Path.GetFileName(file), $"could not be loaded: {FirstLine(e.Message)}", IsFatal: false));
                    continue;
                }

                DiscoverIn(assembly, plugins, problems);
            }
        }

        return new PluginCatalog(plugins, problems, searched);
    }

    private static void DiscoverIn(Assembly assembly, Dictionary<string, PluginDescriptor> plugins, List<CatalogProblem> problems)
    {
        string file = Path.GetFileName(assembly.Location);
        IEnumerable<ExportFactory<IPlugin, PluginMetadata>> exports;
        try
        {
            var container = new ContainerConfiguration().WithAssembly(assembly).CreateContainer();
            exports = container.GetExports<ExportFactory<IPlugin, PluginMetadata>>().ToList();
        }
        catch (Exception e)
        {
            string reason = e is ReflectionTypeLoadException rtle && rtle.LoaderExceptions.FirstOrDefault(x => x is not null) is { } first
                ? first.Message
                : e.Message;
            problems.Add(new CatalogProblem(file, $"its plugins could not be composed: {FirstLine(reason)}", IsFatal: false));
            return;
        }

        foreach (var export in exports)
        {
            var metadata = export.Metadata;
            try
            {
                using var probe = export.CreateExport();
                var implementation = probe.Value.GetType();
                var descriptor = new PluginDescriptor(metadata, assembly, implementation, OptionsSchema.For(probe.Value.OptionsType), export);
                if (!ImplementsKind(implementation, metadata.Kind, out string expected))
                {
                    problems.Add(new CatalogProblem(file, $"plugin '{metadata.Id}' is declared as a {metadata.Kind} but does not implement {expected}", IsFatal: false));
                    continue;
                }

                if (plugins.TryGetValue(metadata.Id, out var existing))
                {
                    problems.Add(new CatalogProblem(
                        $"{existing.AssemblyFile}, {file}",
                        $"plugin id '{metadata.Id}' is exported twice: by {existing.Implementation.FullName} in {existing.AssemblyFile} and by {implementation.FullName} in {file}",
                        IsFatal: true));
                    continue;
                }

                plugins[metadata.Id] = descriptor;
            }
            catch (Exception e)
            {
                problems.Add(new CatalogProblem(file, $"plugin '{metadata.Id}' could not be created: {FirstLine((e.InnerException ?? e).Message)}", IsFatal: false));
            }
        }
    }

    private static bool ImplementsKind(Type type, PluginKind kind, out string expected)
    {
        var required = kind switch
        {
            PluginKind.Source => typeof(ISource),
            PluginKind.Stage => typeof(IStage),
            PluginKind.Component => typeof(IComponent),
            PluginKind.Report => typeof(IReportSection),
            PluginKind.Analysis => typeof(IAnalysis),
            _ => typeof(IPlugin),
        };
        expected = required.Name;
        return required.IsAssignableFrom(type);
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
