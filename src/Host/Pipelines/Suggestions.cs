namespace Facebench.Host.Pipelines;

/// <summary>"Did you mean" hints from Levenshtein edit distance.</summary>
public static class Suggestions
{
    /// <summary>The candidates closest to <paramref name="word"/>, best first (at most three).</summary>
    public static IReadOnlyList<string> Closest(string word, IEnumerable<string> candidates)
    {
        var scored = candidates
            .Select(c => (c, d: Distance(word.ToLowerInvariant(), c.ToLowerInvariant())))
            .Where(x => x.d <= Math.Max(2, x.c.Length / 3) || x.c.Contains(word, StringComparison.OrdinalIgnoreCase))
            .OrderBy(x => x.d).ThenBy(x => x.c, StringComparer.Ordinal)
            .Take(3)
            .Select(x => x.c)
            .ToList();
        return scored;
    }

    /// <summary>Ends a sentence: "; did you mean 'x'?" when a candidate is close, else ".".</summary>
    public static string DidYouMean(string word, IEnumerable<string> candidates)
    {
        var closest = Closest(word, candidates);
        return closest.Count == 0 ? "." : $"; did you mean {string.Join(" or ", closest.Select(c => $"'{c}'"))}?";
    }

    /// <summary>Levenshtein distance (Wagner–Fischer, two rows).</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
