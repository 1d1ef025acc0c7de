using System.Text.RegularExpressions;

namespace Facebench.Host.Pipelines;

/// <summary>
/// Applies <c>--set path=value</c> overrides to a pipeline tree before it is bound. A path is dotted keys with
/// optional list indices (<c>stages[0].with.shape=40</c>); missing mapping keys are created. A bare name
/// that is a component (<c>--set model=model.sfm</c>) replaces that component's plugin. The value is
/// read as YAML, so <c>[a, b]</c> is a list and <c>{k: v}</c> a mapping.
/// </summary>
public static partial class PipelineOverrides
{
    /// <summary>Applies the overrides in order.</summary>
    /// <exception cref="PipelineException">An override is malformed or its path does not fit the tree.</exception>
    public static void Apply(MappingNode root, IEnumerable<string> overrides)
    {
        foreach (string text in overrides)
        {
            Apply(root, text);
        }
    }

    private static void Apply(MappingNode root, string text)
    {
        var mark = new SourceMark(SourceMark.CommandLine, 0, 0);
        int eq = text.IndexOf('=');
        if (eq <= 0)
        {
            throw new PipelineException(mark, $"'{text}' is not key=value (e.g. --set stages[0].with.shape=40).");
        }

        string path = text[..eq].Trim();
        var value = ParseValue(text[(eq + 1)..], mark);
        var segments = ParsePath(path, mark);

        if (segments is [{ Key: { } only }] && !PipelineSchema.TopLevelKeys.Contains(only)
            && root["components"] is MappingNode components && components[only] is not null)
        {
            segments = [new("components", null), new(only, null), new("use", null)];
        }

        PipelineNode current = root;
        for (int i = 0; i < segments.Count; i++)
        {
            bool last = i == segments.Count - 1;
            var segment = segments[i];
            if (segment.Key is { } key)
            {
                if (current is not MappingNode map)
                {
                    throw new PipelineException(mark, $"'{path}': '{key}' is applied to {current.ShapeName} at {current.Mark}, which has no keys.");
                }

                if (last)
                {
                    map.Set(key, value);
                    return;
                }

                var next = map[key];
                if (next is null || (next is ScalarNode s && s.IsNull))
                {
                    next = segments[i + 1].Index is null ? new MappingNode(mark) : new SequenceNode(mark);
                    map.Set(key, next);
                }

                current = next;
            }
            else
            {
                int index = segment.Index!.Value;
                if (current is not SequenceNode seq)
                {
                    throw new PipelineException(mark, $"'{path}': [{index}] is applied to {current.ShapeName} at {current.Mark}, not a list.");
                }

                if (index >= seq.Items.Count)
                {
                    throw new PipelineException(mark, $"'{path}': index {index} is out of range; the list at {seq.Mark} has {seq.Items.Count} item(s).");
                }

                if (last)
                {
                    seq.Items[index] = value;
                    return;
                }

                current = seq.Items[index];
            }
        }
    }

    private static PipelineNode ParseValue(string text, SourceMark mark)
    {
        if (text.Trim().Length == 0)
        {
            return new ScalarNode("", mark, isQuoted: true);
        }

        try
        {
            var node = PipelineYamlReader.Parse(text, SourceMark.CommandLine);
            Remark(node, mark);
            return node;
        }
        catch (PipelineException)
        {
            // Not YAML (e.g. a path with a colon): take the text as it is.
            return new ScalarNode(text, mark, isQuoted: true);
        }
    }

    private static void Remark(PipelineNode node, SourceMark mark)
    {
        node.Mark = mark;
        switch (node)
        {
            case SequenceNode seq:
                seq.Items.ForEach(i => Remark(i, mark));
                break;
            case MappingNode map:
                map.Entries.ForEach(e => { e.Key.Mark = mark; Remark(e.Value, mark); });
                break;
        }
    }

    private static List<Segment> ParsePath(string path, SourceMark mark)
    {
        if (!PathPattern().IsMatch(path))
        {
            throw new PipelineException(mark, $"'{path}' is not a path like stages[0].with.shape or source.with.count.");
        }

        var segments = new List<Segment>();
        foreach (Match m in SegmentPattern().Matches(path))
        {
            segments.Add(m.Groups["index"].Success ? new(null, int.Parse(m.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture)) : new(m.Groups["key"].Value, null));
        }

        return segments;
    }

    private sealed record Segment(string? Key, int? Index);

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_\-]*(\[\d+\])*(\.[A-Za-z_][A-Za-z0-9_\-]*(\[\d+\])*)*$")]
    private static partial Regex PathPattern();

    [GeneratedRegex(@"(?<key>[A-Za-z_][A-Za-z0-9_\-]*)|\[(?<index>\d+)\]")]
    private static partial Regex SegmentPattern();
}
