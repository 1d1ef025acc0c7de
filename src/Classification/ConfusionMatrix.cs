namespace Facebench.Classification;

/// <summary>
/// Counts of (true class, predicted class) pairs. Classes are the union of both sides in ordinal order, so a class a
/// classifier never predicts, or one the data never has, still gets its row and column.
/// </summary>
public sealed record ConfusionMatrix(IReadOnlyList<string> Classes, int[][] Counts)
{
    /// <summary>Tallies predictions against the truth.</summary>
    public static ConfusionMatrix Of(IReadOnlyList<string> truth, IReadOnlyList<string> predicted, IEnumerable<string>? classes = null)
    {
        if (truth.Count != predicted.Count)
        {
            throw new ArgumentException($"{truth.Count} true classes but {predicted.Count} predictions.", nameof(predicted));
        }

        string[] all = [.. truth.Concat(predicted).Concat(classes ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        var index = all.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        int[][] counts = [.. all.Select(_ => new int[all.Length])];
        for (int i = 0; i < truth.Count; i++)
        {
            counts[index[truth[i]]][index[predicted[i]]]++;
        }

        return new ConfusionMatrix(all, counts);
    }
}
