namespace Facebench.Annotations.Labels;

/// <summary>
/// FairFace's nine age groups (0-2, 3-9, 10-19, ..., 60-69, "more than 70"), so that a dataset that records ages in
/// years (UTKFace) is grouped with the same bins as one that records only the bin.
/// </summary>
public static class AgeGroups
{
    private static readonly (int Upper, string Name)[] Bins =
        [(2, "0-2"), (9, "3-9"), (19, "10-19"), (29, "20-29"), (39, "30-39"), (49, "40-49"), (59, "50-59"), (69, "60-69")];

    /// <summary>The bin names, youngest first.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Bins.Select(b => b.Name), "more than 70"];

    /// <summary>The FairFace bin of an age in whole years.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative age.</exception>
    public static string Of(int years)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(years);
        foreach (var (upper, name) in Bins)
        {
            if (years <= upper)
            {
                return name;
            }
        }

        return Names[^1];
    }
}
