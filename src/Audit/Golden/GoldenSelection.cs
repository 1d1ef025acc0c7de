using Facebench.Contracts;
using Facebench.Distributions;

namespace Facebench.Audit.Golden;

/// <summary>A candidate for the golden set: a sample id and its value of the attribute (null when unlabelled).</summary>
/// <param name="Id">Sample id.</param>
/// <param name="Label">Value of the golden set's attribute, or null.</param>
public sealed record GoldenCandidate(string Id, string? Label);

/// <summary>One chosen golden sample.</summary>
/// <param name="Index">Position in the candidate list.</param>
/// <param name="Id">Sample id.</param>
/// <param name="Label">Attribute value.</param>
/// <param name="Duplicate">Drawn again because its stratum was too small (derived sets only).</param>
public sealed record GoldenMember(int Index, string Id, string Label, bool Duplicate);

/// <summary>The golden set resolved against a run's samples, with its make-up and how it was obtained.</summary>
/// <param name="Attribute">The attribute.</param>
/// <param name="Members">The chosen samples.</param>
/// <param name="Target">Target shares (the listed set's own make-up when it came as a list).</param>
/// <param name="Derived">True when derived by resampling; false for a listed set.</param>
/// <param name="Notes">Things the reader should know (e.g. strata drawn with replacement).</param>
public sealed record GoldenSelection(string Attribute, IReadOnlyList<GoldenMember> Members, IReadOnlyDictionary<string, double> Target, bool Derived, IReadOnlyList<string> Notes)
{
    /// <summary>Members per attribute value.</summary>
    public IReadOnlyDictionary<string, int> Counts => Members.GroupBy(m => m.Label).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}

/// <summary>
/// Resolves a <see cref="GoldenSetSpec"/> against the samples of a run: a listed set is checked sample by sample
/// (every id must exist, its label must agree with the run's); a target distribution is met by stratified resampling
/// (<see cref="StratifiedResampling.Resample"/>) of the labelled candidates, i.e. the semi-automatic derivation of a
/// golden set from a biased one. Bad input (an attribute no sample carries, values that do not occur, unknown ids,
/// contradicting labels) is reported with what is present instead.
/// </summary>
public static class GoldenSelector
{
    /// <summary>Selects the golden set.</summary>
    /// <exception cref="PluginInputException">The spec does not match the candidates (the message says how).</exception>
    public static GoldenSelection Select(GoldenSetSpec spec, IReadOnlyList<GoldenCandidate> candidates, int seed)
    {
        string where = spec.Origin == "options" ? "the golden set" : $"golden set {spec.Origin}";
        var present = candidates.Where(c => c.Label is not null).Select(c => c.Label!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (present.Count == 0)
        {
            throw new PluginInputException($"{where} is over attribute '{spec.Attribute}', but no sample of the run has that label; label the samples (e.g. dataset.synthetic groups) or choose another attribute.");
        }

        return spec.Samples is { } listed ? SelectListed(spec, listed, candidates, present, where) : Derive(spec, candidates, present, where, seed);
    }

    private static GoldenSelection SelectListed(GoldenSetSpec spec, IReadOnlyList<GoldenEntry> listed, IReadOnlyList<GoldenCandidate> candidates, List<string> present, string where)
    {
        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < candidates.Count; i++)
        {
            byId[candidates[i].Id] = i;
        }

        string? unknownValue = listed.Select(e => e.Label).FirstOrDefault(l => !present.Contains(l, StringComparer.Ordinal));
        if (unknownValue is not null)
        {
            throw new PluginInputException($"{where} has {spec.Attribute} = '{unknownValue}', a value no sample of the run carries; values present: {string.Join(", ", present)}.");
        }

        var members = new List<GoldenMember>();
        foreach (GoldenEntry entry in listed)
        {
            if (!byId.TryGetValue(entry.Id, out int index))
            {
                throw new PluginInputException($"{where} lists sample '{entry.Id}', which the run does not have (ids look like '{candidates.FirstOrDefault()?.Id}').");
            }

            string? actual = candidates[index].Label;
            if (actual != entry.Label)
            {
                throw new PluginInputException($"{where} says sample '{entry.Id}' has {spec.Attribute} = '{entry.Label}', but the run labels it '{actual ?? "(no label)"}'; correct the file or the labels.");
            }

            members.Add(new GoldenMember(index, entry.Id, entry.Label, Duplicate: false));
        }

        Dictionary<string, double> makeup = CategoricalDistance.Empirical(members.Select(m => m.Label));
        return new GoldenSelection(spec.Attribute, members, makeup, Derived: false, []);
    }

    private static GoldenSelection Derive(GoldenSetSpec spec, IReadOnlyList<GoldenCandidate> candidates, List<string> present, string where, int seed)
    {
        IReadOnlyDictionary<string, double> target = spec.Target ?? throw new PluginInputException($"{where} has neither samples nor a target distribution.");
        string[] missing = [.. target.Where(kv => kv.Value > 0 && !present.Contains(kv.Key, StringComparer.Ordinal)).Select(kv => kv.Key)];
        if (missing.Length > 0)
        {
            throw new PluginInputException($"{where} asks for {spec.Attribute} = {string.Join(", ", missing.Select(m => $"'{m}'"))}, which no sample of the run carries; values present: {string.Join(", ", present)}.");
        }

        var labelled = Enumerable.Range(0, candidates.Count).Where(i => candidates[i].Label is not null).ToList();
        List<ResampledItem> drawn = StratifiedResampling.Resample([.. labelled.Select(i => candidates[i].Label!)], target, spec.Size, seed);
        var members = drawn.Select(d => labelled[d.Index]).Zip(drawn, (i, d) => new GoldenMember(i, candidates[i].Id, candidates[i].Label!, d.Duplicate)).ToList();
        var notes = new List<string>();
        foreach (var group in members.GroupBy(m => m.Label).Where(g => g.Any(m => m.Duplicate)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            notes.Add($"{spec.Attribute} = '{group.Key}' has only {group.Count(m => !m.Duplicate)} distinct samples in the run; {group.Count(m => m.Duplicate)} of its {group.Count()} golden slots repeat them (drawn with replacement).");
        }

        return new GoldenSelection(spec.Attribute, members, CategoricalDistance.Normalize(target), Derived: true, notes);
    }
}
