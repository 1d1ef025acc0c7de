using Facebench.Contracts;

namespace Facebench.Host.Pipelines;

/// <summary>
/// A stage's <c>when: { label: value, other: [v1, v2] }</c>: the stage runs only on samples whose
/// <see cref="Sample.Labels"/> match every entry (a list matches any of its values); the others pass through it
/// unchanged. It lets one pipeline hold samples that need different stages, e.g. photos that need a face detector
/// beside renders that carry their landmarks (<c>when: { source: photos }</c>).
/// </summary>
public sealed class StageCondition
{
    private readonly IReadOnlyList<KeyValuePair<string, IReadOnlySet<string>>> _entries;

    private StageCondition(IReadOnlyList<KeyValuePair<string, IReadOnlySet<string>>> entries) => _entries = entries;

    /// <summary>True when every label named has one of its values on the sample.</summary>
    public bool Matches(Sample sample)
    {
        foreach (var (label, values) in _entries)
        {
            if (!sample.Labels.TryGetValue(label, out var value) || !values.Contains(value))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", _entries.Select(e => $"{e.Key} in [{string.Join(", ", e.Value)}]"));

    /// <summary>Reads a <c>when:</c> mapping of label → value or list of values.</summary>
    /// <exception cref="PipelineException">Not a mapping, or a value that is not a scalar or a list of scalars.</exception>
    internal static StageCondition Read(PipelineNode node, string path)
    {
        if (node is not MappingNode map || map.Entries.Count == 0)
        {
            throw new PipelineException(node.Mark, $"'{path}' is a mapping of label: value (or label: [values]), e.g. when: {{ source: photos }}; found {node.ShapeName}.");
        }

        var entries = new List<KeyValuePair<string, IReadOnlySet<string>>>();
        foreach (var (key, value) in map.Entries)
        {
            IEnumerable<PipelineNode> items = value is SequenceNode seq ? seq.Items : [value];
            var values = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in items)
            {
                if (item is not ScalarNode { IsNull: false } scalar)
                {
                    throw new PipelineException(item.Mark, $"'{path}.{key.Value}' must be a label value or a list of them; found {item.ShapeName}.");
                }

                values.Add(scalar.Value);
            }

            if (values.Count == 0)
            {
                throw new PipelineException(value.Mark, $"'{path}.{key.Value}' is an empty list: the stage would never run.");
            }

            entries.Add(new(key.Value, values));
        }

        return new StageCondition(entries);
    }
}
