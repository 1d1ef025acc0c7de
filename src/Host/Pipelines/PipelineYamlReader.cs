using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Facebench.Host.Pipelines;

/// <summary>Reads YAML text into a <see cref="PipelineNode"/> tree that keeps file positions.</summary>
public static class PipelineYamlReader
{
    /// <summary>Reads a pipeline file.</summary>
    /// <exception cref="PipelineException">The file is missing, empty or not well-formed YAML.</exception>
    public static PipelineNode ReadFile(string path)
    {
        string fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new PipelineException(new SourceMark(path, 0, 0), "pipeline file not found.");
        }

        return Parse(File.ReadAllText(fullPath), path);
    }

    /// <summary>Parses YAML text; <paramref name="origin"/> names it in positions.</summary>
    public static PipelineNode Parse(string text, string origin)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet 16 throws this, without a position, for some unclosed flow collections.
            throw new PipelineException(LastGoodPosition(text, origin), "not valid YAML: a '{' or '[' is not closed, or the structure breaks off here.", e);
        }
        catch (YamlException e)
        {
            // YamlDotNet prefixes its own "(Line: …)" position; we give ours instead.
            string detail = e.InnerException is YamlException inner ? inner.Message : e.Message;
            var mark = new SourceMark(origin, (int)e.Start.Line, (int)e.Start.Column);
            throw new PipelineException(mark, $"not valid YAML: {StripPosition(detail)}", e);
        }

        if (stream.Documents.Count == 0)
        {
            throw new PipelineException(new SourceMark(origin, 1, 1), "the pipeline file is empty.");
        }

        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode.Start;
            throw new PipelineException(new SourceMark(origin, (int)second.Line, (int)second.Column), "a pipeline file holds one YAML document, not several.");
        }

        return Convert(stream.Documents[0].RootNode, origin);
    }

    /// <summary>Replays the parser to find the end of the last well-formed event: where the structure broke.</summary>
    private static SourceMark LastGoodPosition(string text, string origin)
    {
        var parser = new Parser(new StringReader(text));
        Mark last = Mark.Empty;
        try
        {
            while (parser.MoveNext())
            {
                last = parser.Current!.End;
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
        }

        return new SourceMark(origin, Math.Max(1, (int)last.Line), Math.Max(1, (int)last.Column));
    }

    private static PipelineNode Convert(YamlNode node, string origin)
    {
        var mark = new SourceMark(origin, (int)node.Start.Line, (int)node.Start.Column);
        switch (node)
        {
            case YamlScalarNode scalar:
                bool quoted = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded;
                return new ScalarNode(scalar.Value ?? "", mark, quoted);
            case YamlSequenceNode sequence:
                var seq = new SequenceNode(mark);
                seq.Items.AddRange(sequence.Children.Select(c => Convert(c, origin)));
                return seq;
            case YamlMappingNode mapping:
                var map = new MappingNode(mark);
                foreach (var (key, value) in mapping.Children)
                {
                    if (Convert(key, origin) is not ScalarNode keyNode)
                    {
                        throw new PipelineException(mark, "mapping keys must be plain names.");
                    }

                    map.Entries.Add(new(keyNode, Convert(value, origin)));
                }

                return map;
            default:
                throw new PipelineException(mark, $"unsupported YAML node '{node.NodeType}'.");
        }
    }

    private static string StripPosition(string message)
    {
        // "(Line: 3, Col: 5, Idx: 20) - (Line: 3, Col: 6, Idx: 21): While scanning ..." -> "While scanning ..."
        int i = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && i > 0 ? message[(i + 3)..] : message;
    }
}
