namespace Facebench.Host.Pipelines;

/// <summary>One use of a plugin in a pipeline: <c>{ use: id, with: { options } }</c>.</summary>
/// <param name="Id">The plugin id.</param>
/// <param name="Mark">Where the <c>use:</c> value is.</param>
/// <param name="With">The options mapping, or null for defaults.</param>
/// <param name="Label">Name for timings and figures: the component name, the stage's <c>name:</c>, or the id.</param>
/// <param name="Path">Where it sits in the file, e.g. <c>stages[1]</c>.</param>
/// <param name="When">A stage's <c>when:</c> condition, or null: the stage runs on every sample.</param>
public sealed record PluginUse(string Id, SourceMark Mark, MappingNode? With, string Label, string Path, StageCondition? When = null);

/// <summary>A pipeline file checked for shape (keys, kinds of values), before plugins are looked up.</summary>
public sealed class PipelineDefinition
{
    /// <summary>The pipeline's name (the run folder is reports/&lt;name&gt;/...).</summary>
    public required string Name { get; init; }

    /// <summary>Seed every random choice derives from.</summary>
    public required int Seed { get; init; }

    /// <summary>Worker count asked for by the file (the command line overrides it).</summary>
    public int? Parallel { get; init; }

    /// <summary>Absolute path of the pipeline file.</summary>
    public required string FilePath { get; init; }

    /// <summary>Folder relative paths resolve against.</summary>
    public string Directory => System.IO.Path.GetDirectoryName(FilePath)!;

    /// <summary>Named components, in file order.</summary>
    public required IReadOnlyList<PluginUse> Components { get; init; }

    /// <summary>The source (the first one when <c>source:</c> is a list).</summary>
    public required PluginUse Source { get; init; }

    /// <summary>
    /// The sources of a list-form <c>source:</c>, in order; null for the single form. Their samples are read one source
    /// after the other and each is labelled <c>source: &lt;name&gt;</c>.
    /// </summary>
    public IReadOnlyList<PluginUse>? SourceList { get; init; }

    /// <summary>Every source, in order (one for the single form).</summary>
    public IReadOnlyList<PluginUse> Sources => SourceList ?? [Source];

    /// <summary>The stages, in order.</summary>
    public required IReadOnlyList<PluginUse> Stages { get; init; }

    /// <summary>The report sections, in order.</summary>
    public required IReadOnlyList<PluginUse> Reports { get; init; }

    /// <summary>The run-level analyses, in order (their outputs are stored; report sections read them).</summary>
    public IReadOnlyList<PluginUse> Analyses { get; init; } = [];

    /// <summary>The tree after overrides and expansion (stored in the manifest).</summary>
    public required MappingNode Root { get; init; }
}

/// <summary>
/// The shape of a pipeline file. Top level: <c>name</c>, <c>description</c>, <c>seed</c>, <c>parallel</c>,
/// <c>components</c> (name → plugin use, or name → id), <c>source</c> (a plugin use, or a list of them with unique
/// <c>name:</c>s), <c>stages</c> (list; a stage may have <c>when:</c>), <c>analyses</c> (list), <c>report</c> (list).
/// </summary>
public static class PipelineSchema
{
    /// <summary>Keys allowed at the top level.</summary>
    public static readonly IReadOnlySet<string> TopLevelKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "name", "description", "seed", "parallel", "components", "source", "stages", "analyses", "report",
    };

    private static readonly string[] UseKeys = ["use", "with", "name"];
    private static readonly string[] StageKeys = ["use", "with", "name", "when"];

    /// <summary>Checks the tree's shape and extracts the plugin uses.</summary>
    public static PipelineDefinition Read(PipelineNode node, string filePath)
    {
        if (node is not MappingNode root)
        {
            throw new PipelineException(node.Mark, $"a pipeline is a mapping with keys {string.Join(", ", TopLevelKeys)}; found {node.ShapeName}.");
        }

        foreach (var (key, _) in root.Entries)
        {
            if (!TopLevelKeys.Contains(key.Value))
            {
                throw new PipelineException(key.Mark, $"unknown key '{key.Value}'{Suggestions.DidYouMean(key.Value, TopLevelKeys)} Valid keys: {string.Join(", ", TopLevelKeys)}.");
            }
        }

        string name = root["name"] is { } n ? Scalar(n, "name").Value : Path.GetFileNameWithoutExtension(filePath);
        if (name.Length == 0 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            throw new PipelineException(root["name"]?.Mark ?? root.Mark, $"name '{name}' must be letters, digits, '-', '_' or '.' (it names the report folder).");
        }

        var components = new List<PluginUse>();
        if (root["components"] is { } compNode && !(compNode is ScalarNode { IsNull: true }))
        {
            if (compNode is not MappingNode comps)
            {
                throw new PipelineException(compNode.Mark, $"'components' is a mapping of name: {{ use: plugin.id, with: {{...}} }}; found {compNode.ShapeName}.");
            }

            foreach (var (key, value) in comps.Entries)
            {
                components.Add(ReadUse(value, $"components.{key.Value}", key.Value));
            }
        }

        var sourceNode = root["source"] ?? throw new PipelineException(root.Mark, "the pipeline has no 'source:' (e.g. source: { use: dataset.synthetic }).");
        var sources = ReadSources(sourceNode);

        return new PipelineDefinition
        {
            Name = name,
            Seed = root["seed"] is { } s ? Int(s, "seed") : 0,
            Parallel = root["parallel"] is { } p ? Int(p, "parallel") : null,
            FilePath = Path.GetFullPath(filePath),
            Components = components,
            Source = sources[0],
            SourceList = sourceNode is SequenceNode ? sources : null,
            Stages = ReadList(root, "stages", StageKeys),
            Reports = ReadList(root, "report"),
            Analyses = ReadList(root, "analyses"),
            Root = root,
        };
    }

    /// <summary>
    /// The single form <c>source: { use, with }</c>, or the list form <c>source: [{ use, with, name? }, ...]</c> whose
    /// names (default: the plugin id) must be unique: they become the samples' <c>source</c> label.
    /// </summary>
    private static List<PluginUse> ReadSources(PipelineNode node)
    {
        if (node is not SequenceNode list)
        {
            return [ReadUse(node, "source", null)];
        }

        if (list.Items.Count == 0)
        {
            throw new PipelineException(list.Mark, "'source' is an empty list; give at least one { use: plugin.id, with: {...} }.");
        }

        var sources = new List<PluginUse>();
        foreach (var (item, i) in list.Items.Select((item, i) => (item, i)))
        {
            var use = ReadUse(item, $"source[{i}]", null);
            if (sources.FirstOrDefault(s => s.Label == use.Label) is { } first)
            {
                var mark = (item as MappingNode)?["name"]?.Mark ?? use.Mark;
                throw new PipelineException(mark, $"source name '{use.Label}' is used by {first.Path} and {use.Path}; give them different 'name:'s (the name labels each sample 'source: <name>').");
            }

            sources.Add(use);
        }

        return sources;
    }

    private static List<PluginUse> ReadList(MappingNode root, string key, string[]? keys = null)
    {
        var node = root[key];
        if (node is null || node is ScalarNode { IsNull: true })
        {
            return [];
        }

        if (node is not SequenceNode seq)
        {
            throw new PipelineException(node.Mark, $"'{key}' is a list of {{ use: plugin.id, with: {{...}} }}; found {node.ShapeName}.");
        }

        return [.. seq.Items.Select((item, i) => ReadUse(item, $"{key}[{i}]", null, keys))];
    }

    private static PluginUse ReadUse(PipelineNode node, string path, string? componentName, string[]? keys = null)
    {
        keys ??= UseKeys;
        if (node is ScalarNode shorthand && !shorthand.IsNull)
        {
            // `model: model.sfm` is short for `model: { use: model.sfm }`.
            return new PluginUse(shorthand.Value, shorthand.Mark, null, componentName ?? shorthand.Value, path);
        }

        if (node is not MappingNode map)
        {
            throw new PipelineException(node.Mark, $"'{path}' must be {{ use: plugin.id, with: {{...}} }}; found {node.ShapeName}.");
        }

        foreach (var (key, _) in map.Entries)
        {
            if (!keys.Contains(key.Value))
            {
                throw new PipelineException(key.Mark, $"unknown key '{key.Value}' in '{path}'{Suggestions.DidYouMean(key.Value, keys)} Valid keys: {string.Join(", ", keys)}.");
            }
        }

        var use = map["use"] ?? throw new PipelineException(map.Mark, $"'{path}' has no 'use:' naming its plugin.");
        var id = Scalar(use, $"{path}.use");
        if (id.IsNull)
        {
            throw new PipelineException(use.Mark, $"'{path}.use' is empty; it names a plugin id.");
        }

        MappingNode? with = null;
        if (map["with"] is { } withNode && !(withNode is ScalarNode { IsNull: true }))
        {
            with = withNode as MappingNode ?? throw new PipelineException(withNode.Mark, $"'{path}.with' is a mapping of option: value; found {withNode.ShapeName}.");
        }

        string label = componentName ?? (map["name"] is { } nameNode ? Scalar(nameNode, $"{path}.name").Value : id.Value);
        var when = map["when"] is { } whenNode && !(whenNode is ScalarNode { IsNull: true }) ? StageCondition.Read(whenNode, $"{path}.when") : null;
        return new PluginUse(id.Value, id.Mark, with, label, path, when);
    }

    private static ScalarNode Scalar(PipelineNode node, string what) =>
        node as ScalarNode ?? throw new PipelineException(node.Mark, $"'{what}' must be a single value; found {node.ShapeName}.");

    private static int Int(PipelineNode node, string what)
    {
        var scalar = Scalar(node, what);
        return int.TryParse(scalar.Value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new PipelineException(node.Mark, $"'{what}' must be an integer; found '{scalar.Value}'.");
    }
}
