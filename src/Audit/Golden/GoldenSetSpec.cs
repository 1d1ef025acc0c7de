namespace Facebench.Audit.Golden;

/// <summary>One sample a golden-set file lists: the run's sample id and the attribute value the curator asserts.</summary>
/// <param name="Id">Sample id, as in the run's results.</param>
/// <param name="Label">The attribute's value for that sample.</param>
public sealed record GoldenEntry(string Id, string Label);

/// <summary>
/// What a golden-set file says: either an explicit list of samples (hand-curated) or a target distribution over an
/// attribute from which a set of <see cref="Size"/> samples is derived by stratified resampling of a (biased) set.
/// </summary>
public sealed record GoldenSetSpec
{
    /// <summary>The attribute (sample label) the set is balanced over.</summary>
    public required string Attribute { get; init; }

    /// <summary>Listed samples, or null when the set is derived from <see cref="Target"/>.</summary>
    public IReadOnlyList<GoldenEntry>? Samples { get; init; }

    /// <summary>Target share of each attribute value, or null for a listed set (whose make-up is then the target).</summary>
    public IReadOnlyDictionary<string, double>? Target { get; init; }

    /// <summary>Samples to derive (target form).</summary>
    public int Size { get; init; } = 40;

    /// <summary>Where the spec came from (a file path, or "options").</summary>
    public string Origin { get; init; } = "options";
}
