using System.Collections.Immutable;

namespace Facebench.Contracts;

/// <summary>
/// One unit of work flowing through a pipeline: an image or a synthetic face, its labels, and the typed
/// facets that stages add. Immutable: stages return a new sample with <see cref="With{T}"/>.
/// </summary>
public sealed record Sample
{
    /// <summary>Creates a sample.</summary>
    /// <param name="id">Unique and stable across runs; sharding and resuming are keyed on it.</param>
    public Sample(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        Id = id;
    }

    /// <summary>Unique, stable id (e.g. a relative image path, or <c>synthetic-000123</c>).</summary>
    public string Id { get; }

    /// <summary>Position in the source's order; reports sort by it so that every run orders alike.</summary>
    public long Index { get; init; }

    /// <summary>Absolute path of the sample's image, when it has one.</summary>
    public string? ImagePath { get; init; }

    /// <summary>Attribute labels such as <c>group</c>, <c>gender</c>, <c>age</c> (ground truth, for audits).</summary>
    public ImmutableSortedDictionary<string, string> Labels { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    /// <summary>The facets stages have added.</summary>
    public FacetSet Facets { get; init; } = FacetSet.Empty;

    /// <summary>Set by the runner when a stage threw for this sample.</summary>
    public SampleError? Error { get; init; }

    /// <summary>Wall time per stage, milliseconds; set by the runner.</summary>
    public ImmutableSortedDictionary<string, double> TimingsMs { get; init; } = ImmutableSortedDictionary<string, double>.Empty;

    /// <summary>True when a stage failed on this sample.</summary>
    public bool Failed => Error is not null;

    /// <summary>Returns the facet.</summary>
    /// <exception cref="KeyNotFoundException">The sample has no such facet.</exception>
    public T Get<T>(FacetKey<T> key) =>
        Facets.TryGet(key, out T value) ? value : throw new KeyNotFoundException($"Sample '{Id}' has no facet '{key.Name}'.");

    /// <summary>Gets the facet if present.</summary>
    public bool TryGet<T>(FacetKey<T> key, out T value) => Facets.TryGet(key, out value);

    /// <summary>True when the sample has the facet.</summary>
    public bool Has<T>(FacetKey<T> key) => Facets.Contains(key);

    /// <summary>Returns a copy with the facet added or replaced.</summary>
    public Sample With<T>(FacetKey<T> key, T value) => this with { Facets = Facets.Set(key, value) };

    /// <summary>Returns a copy with a label added or replaced.</summary>
    public Sample WithLabel(string name, string value) => this with { Labels = Labels.SetItem(name, value) };
}

/// <summary>Why a sample failed: the stage, the exception type and its message.</summary>
/// <param name="Stage">Id of the stage that threw.</param>
/// <param name="Type">Exception type name.</param>
/// <param name="Message">Exception message.</param>
public sealed record SampleError(string Stage, string Type, string Message);
