using System.Collections.Immutable;
using System.Globalization;

namespace Facebench.Annotations.Labels;

/// <summary>
/// Labels from a UTKFace file name, <c>[age]_[gender]_[race]_[date&amp;time].jpg</c>: <c>age</c> in years,
/// <c>age_group</c> in FairFace's bins (<see cref="AgeGroups"/>), <c>gender</c> Male/Female (0/1) and <c>race</c>
/// White, Black, Asian, Indian or Others (0–4). A handful of published files miss a field; those are reported, not
/// guessed.
/// </summary>
public static class UtkFaceName
{
    private static readonly string[] Races = ["White", "Black", "Asian", "Indian", "Others"];
    private static readonly string[] Genders = ["Male", "Female"];

    /// <summary>Parses a file name (no folder).</summary>
    /// <param name="fileName">The file name.</param>
    /// <param name="labels">The labels when the name is well formed.</param>
    /// <param name="problem">What is wrong with the name otherwise.</param>
    /// <returns>True when the name is well formed.</returns>
    public static bool TryParse(string fileName, out ImmutableSortedDictionary<string, string> labels, out string? problem)
    {
        labels = ImmutableSortedDictionary<string, string>.Empty;
        string[] parts = fileName.Split('_');
        if (parts.Length < 4)
        {
            problem = $"'{fileName}' is not a UTKFace name [age]_[gender]_[race]_[date&time].jpg: {parts.Length} of the 4 fields.";
            return false;
        }

        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int age) || age > 130)
        {
            problem = $"'{fileName}': age '{parts[0]}' is not a whole number of years.";
            return false;
        }

        if (!TryCode(parts[1], Genders, out string? gender))
        {
            problem = $"'{fileName}': gender '{parts[1]}' is not 0 (male) or 1 (female).";
            return false;
        }

        if (!TryCode(parts[2], Races, out string? race))
        {
            problem = $"'{fileName}': race '{parts[2]}' is not 0-4 (White, Black, Asian, Indian, Others).";
            return false;
        }

        labels = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
        {
            ["age"] = age.ToString(CultureInfo.InvariantCulture),
            ["age_group"] = AgeGroups.Of(age),
            ["gender"] = gender!,
            ["race"] = race!,
        });
        problem = null;
        return true;
    }

    private static bool TryCode(string field, string[] names, out string? name)
    {
        name = int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out int code) && code < names.Length ? names[code] : null;
        return name is not null;
    }
}
