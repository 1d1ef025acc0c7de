using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;

namespace Facebench.Contracts;

/// <summary>
/// The immutable set of facets of a sample. A value is held either as the typed object a stage produced or,
/// for samples read back from <c>results.jsonl</c>, as JSON that is deserialised on first access.
/// </summary>
public sealed class FacetSet
{
    /// <summary>The set with no facets.</summary>
    public static readonly FacetSet Empty = new(ImmutableSortedDictionary<string, object>.Empty.WithComparers(StringComparer.Ordinal));

    private readonly ImmutableSortedDictionary<string, object> _values;
    private readonly ImmutableHashSet<string> _transient;
    private readonly ConcurrentDictionary<string, object> _decoded = new(StringComparer.Ordinal);

    private FacetSet(ImmutableSortedDictionary<string, object> values, ImmutableHashSet<string>? transient = null)
    {
        _values = values;
        _transient = transient ?? ImmutableHashSet<string>.Empty.WithComparer(StringComparer.Ordinal);
    }

    /// <summary>Facet names present, in ordinal order.</summary>
    public IEnumerable<string> Names => _values.Keys;

    /// <summary>Number of facets.</summary>
    public int Count => _values.Count;

    /// <summary>True when the facet is present.</summary>
    public bool Contains<T>(FacetKey<T> key) => _values.ContainsKey(key.Name);

    /// <summary>Returns a set with the facet added or replaced.</summary>
    public FacetSet Set<T>(FacetKey<T> key, T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new FacetSet(_values.SetItem(key.Name, value), key.IsPersisted ? _transient.Remove(key.Name) : _transient.Add(key.Name));
    }

    /// <summary>Returns a set with a facet whose value is raw JSON (used when reading stored results).</summary>
    public FacetSet SetJson(string name, JsonElement json) => new(_values.SetItem(name, json.Clone()), _transient.Remove(name));

    /// <summary>Gets a facet if present.</summary>
    /// <exception cref="InvalidDataException">The stored JSON does not match <typeparamref name="T"/>.</exception>
    public bool TryGet<T>(FacetKey<T> key, out T value)
    {
        if (!_values.TryGetValue(key.Name, out object? raw))
        {
            value = default!;
            return false;
        }

        if (raw is T typed)
        {
            value = typed;
            return true;
        }

        if (raw is JsonElement json)
        {
            value = (T)_decoded.GetOrAdd(key.Name, static (_, state) => Decode<T>(state.json, state.name), (json, name: key.Name));
            return true;
        }

        throw new InvalidCastException($"Facet '{key.Name}' holds a {raw.GetType().Name}, not a {typeof(T).Name}.");
    }

    /// <summary>Enumerates each persisted facet as it should be stored: name and the value (typed object or JSON).</summary>
    public IEnumerable<KeyValuePair<string, object>> Entries => _values.Where(kv => !_transient.Contains(kv.Key));

    private static object Decode<T>(JsonElement json, string name)
    {
        try
        {
            return json.Deserialize<T>(FacebenchJson.Options)
                ?? throw new InvalidDataException($"Facet '{name}' is null in the stored results.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Facet '{name}' in the stored results is not a {typeof(T).Name}: {e.Message}", e);
        }
    }
}
