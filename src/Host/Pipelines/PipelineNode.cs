namespace Facebench.Host.Pipelines;

/// <summary>
/// A pipeline file as a tree that remembers where every value came from, so that errors found while
/// binding options can still point at file:line:column. Mutable only while overrides are applied.
/// </summary>
public abstract class PipelineNode(SourceMark mark)
{
    /// <summary>Where this node was written.</summary>
    public SourceMark Mark { get; set; } = mark;

    /// <summary>Human name of the node's shape, for error messages.</summary>
    public abstract string ShapeName { get; }

    /// <summary>A deep copy.</summary>
    public abstract PipelineNode Clone();
}

/// <summary>A scalar: YAML keeps every scalar as text; the option binder converts it.</summary>
public sealed class ScalarNode(string value, SourceMark mark, bool isQuoted = false) : PipelineNode(mark)
{
    /// <summary>The text of the scalar (after <c>${ENV}</c> expansion).</summary>
    public string Value { get; set; } = value;

    /// <summary>True when written in quotes: never null, never a number for a string option.</summary>
    public bool IsQuoted { get; } = isQuoted;

    /// <summary>True for an unquoted <c>~</c>, <c>null</c> or empty value.</summary>
    public bool IsNull => !IsQuoted && (Value.Length == 0 || Value is "~" or "null" or "Null" or "NULL");

    /// <inheritdoc />
    public override string ShapeName => "a value";

    /// <inheritdoc />
    public override PipelineNode Clone() => new ScalarNode(Value, Mark, IsQuoted);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>A sequence of nodes.</summary>
public sealed class SequenceNode(SourceMark mark) : PipelineNode(mark)
{
    /// <summary>The items in order.</summary>
    public List<PipelineNode> Items { get; } = [];

    /// <inheritdoc />
    public override string ShapeName => "a list";

    /// <inheritdoc />
    public override PipelineNode Clone()
    {
        var copy = new SequenceNode(Mark);
        copy.Items.AddRange(Items.Select(i => i.Clone()));
        return copy;
    }
}

/// <summary>A mapping with keys in file order; keys are unique.</summary>
public sealed class MappingNode(SourceMark mark) : PipelineNode(mark)
{
    /// <summary>Entries in file order.</summary>
    public List<KeyValuePair<ScalarNode, PipelineNode>> Entries { get; } = [];

    /// <inheritdoc />
    public override string ShapeName => "a mapping";

    /// <summary>The keys in file order.</summary>
    public IEnumerable<string> Keys => Entries.Select(e => e.Key.Value);

    /// <summary>The value under <paramref name="key"/>, or null.</summary>
    public PipelineNode? this[string key] => Entries.FirstOrDefault(e => e.Key.Value == key).Value;

    /// <summary>The key node of <paramref name="key"/>, or null.</summary>
    public ScalarNode? KeyNode(string key) => Entries.FirstOrDefault(e => e.Key.Value == key).Key;

    /// <summary>Adds or replaces the value under <paramref name="key"/>.</summary>
    public void Set(string key, PipelineNode value)
    {
        int i = Entries.FindIndex(e => e.Key.Value == key);
        if (i >= 0)
        {
            Entries[i] = new(Entries[i].Key, value);
        }
        else
        {
            Entries.Add(new(new ScalarNode(key, value.Mark), value));
        }
    }

    /// <inheritdoc />
    public override PipelineNode Clone()
    {
        var copy = new MappingNode(Mark);
        copy.Entries.AddRange(Entries.Select(e => new KeyValuePair<ScalarNode, PipelineNode>((ScalarNode)e.Key.Clone(), e.Value.Clone())));
        return copy;
    }
}
