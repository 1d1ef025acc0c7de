using System.Globalization;

namespace Facebench.Audit.Models;

/// <summary>
/// Who a model was built from: the count of training shapes per value of a demographic attribute. Popular 3DMMs do
/// not publish this; models built here carry it, and reports print it next to every finding about the model.
/// </summary>
/// <param name="Attribute">The attribute the counts are over (e.g. <c>group</c>).</param>
/// <param name="Counts">Training shapes per attribute value.</param>
/// <param name="Source">Where the shapes came from (e.g. "200 meshes drawn from the synthetic reference head").</param>
public sealed record TrainingMakeup(string Attribute, IReadOnlyDictionary<string, int> Counts, string Source)
{
    /// <summary>Total training shapes.</summary>
    public int Total => Counts.Values.Sum();

    /// <summary>One line: "group: A 160 (80%), B 40 (20%) of 200 meshes drawn from …".</summary>
    public override string ToString()
    {
        string parts = string.Join(", ", Counts.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value} ({100.0 * kv.Value / Math.Max(1, Total):F0}%)")));
        return $"{Attribute}: {parts}; {Source}";
    }
}

/// <summary>A model that discloses its training make-up (models of unknown provenance do not implement it).</summary>
public interface IDisclosesTrainingMakeup
{
    /// <summary>The make-up of the shapes the model was built from.</summary>
    TrainingMakeup TrainingMakeup { get; }
}
