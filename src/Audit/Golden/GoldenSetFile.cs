using System.Globalization;
using Facebench.Contracts;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Facebench.Audit.Golden;

/// <summary>
/// Reads and writes golden-set files. Two forms:
/// <list type="bullet">
/// <item>CSV, a hand-curatable list: a header <c>id,&lt;attribute&gt;</c> then one sample per line, e.g.
/// <c>id,group</c> / <c>synthetic-000012,B</c>. Blank lines and lines starting with <c>#</c> are skipped; further
/// columns are kept for the curator and ignored.</item>
/// <item>YAML, a target distribution: <c>attribute: group</c>, <c>size: 40</c>, <c>target: { A: 0.5, B: 0.5 }</c>
/// (shares are normalised).</item>
/// </list>
/// Errors name the file and line.
/// </summary>
public static class GoldenSetFile
{
    /// <summary>Reads a golden-set file (.csv, .yaml or .yml).</summary>
    /// <exception cref="PluginInputException">Missing, malformed or incomplete file.</exception>
    public static GoldenSetSpec Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new PluginInputException("golden-set file not found.", path);
        }

        string extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".csv" => ReadCsv(path),
            ".yaml" or ".yml" => ReadYaml(path),
            _ => throw new PluginInputException($"unknown golden-set format '{extension}'; use .csv (a list of samples) or .yaml (a target distribution).", path),
        };
    }

    /// <summary>Writes a listed golden set as CSV (what a run derives, for a curator to inspect and edit).</summary>
    public static string ToCsv(string attribute, IEnumerable<GoldenEntry> entries, string comment)
    {
        var lines = new List<string> { $"# {comment}", $"id,{attribute}" };
        lines.AddRange(entries.Select(e => $"{e.Id},{e.Label}"));
        return string.Join('\n', lines) + "\n";
    }

    private static GoldenSetSpec ReadCsv(string path)
    {
        string[] lines = File.ReadAllLines(path);
        string[]? header = null;
        var entries = new List<GoldenEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int n = 0; n < lines.Length; n++)
        {
            string line = lines[n].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            string[] cells = [.. line.Split(',').Select(c => c.Trim())];
            if (header is null)
            {
                header = cells;
                if (cells.Length < 2 || cells[0] != "id" || cells[1].Length == 0)
                {
                    throw new PluginInputException($"line {n + 1}: the header must be 'id,<attribute>' (e.g. id,group); found '{line}'.", path);
                }

                continue;
            }

            if (cells.Length < 2 || cells[0].Length == 0 || cells[1].Length == 0)
            {
                throw new PluginInputException($"line {n + 1}: expected '<sample id>,<{header[1]}>'; found '{line}'.", path);
            }

            if (!seen.Add(cells[0]))
            {
                throw new PluginInputException($"line {n + 1}: sample '{cells[0]}' is listed twice.", path);
            }

            entries.Add(new GoldenEntry(cells[0], cells[1]));
        }

        if (header is null || entries.Count == 0)
        {
            throw new PluginInputException("the golden set lists no samples (expected a header 'id,<attribute>' and one line per sample).", path);
        }

        return new GoldenSetSpec { Attribute = header[1], Samples = entries, Size = entries.Count, Origin = path };
    }

    private static GoldenSetSpec ReadYaml(string path)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new PluginInputException($"line {e.Start.Line}: not valid YAML: {e.Message}", path, e);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new PluginInputException("expected a mapping with 'attribute', 'size' and 'target'.", path);
        }

        string attribute = Scalar(root, "attribute", path);
        int size = int.TryParse(Scalar(root, "size", path), NumberStyles.Integer, CultureInfo.InvariantCulture, out int s) && s > 0
            ? s
            : throw new PluginInputException("'size' must be a positive integer (the number of golden samples to derive).", path);
        if (!root.Children.TryGetValue(new YamlScalarNode("target"), out YamlNode? targetNode) || targetNode is not YamlMappingNode targetMap || targetMap.Children.Count == 0)
        {
            throw new PluginInputException("'target' must map each attribute value to its share, e.g. target: { A: 0.5, B: 0.5 }.", path);
        }

        var target = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach ((YamlNode key, YamlNode value) in targetMap.Children)
        {
            string name = ((YamlScalarNode)key).Value ?? "";
            if (value is not YamlScalarNode { Value: { } text } || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double share) || !(share >= 0))
            {
                throw new PluginInputException($"line {value.Start.Line}: the share of '{name}' must be a non-negative number.", path);
            }

            target[name] = share;
        }

        if (target.Values.Sum() <= 0)
        {
            throw new PluginInputException("the target shares are all zero.", path);
        }

        return new GoldenSetSpec { Attribute = attribute, Target = target, Size = size, Origin = path };
    }

    private static string Scalar(YamlMappingNode root, string key, string path) =>
        root.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? node) && node is YamlScalarNode { Value: { Length: > 0 } value }
            ? value
            : throw new PluginInputException($"'{key}' is missing or empty.", path);
}
