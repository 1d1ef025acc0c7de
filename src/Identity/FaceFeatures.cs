namespace Facebench.Identity;

/// <summary>A face crop's features: the recogniser's embedding and the chosen intermediate activations.</summary>
/// <param name="Embedding">The embedding as the network outputs it (not normalised).</param>
/// <param name="Activations">One array per content layer, in the settings' order.</param>
public sealed record FaceFeatures(float[] Embedding, IReadOnlyList<float[]> Activations)
{
    /// <summary>The cosine similarity of two embeddings.</summary>
    /// <exception cref="ArgumentException">Different lengths, or an embedding of length zero.</exception>
    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"embeddings of different lengths ({a.Length} and {b.Length}).");
        }

        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }

        return na > 0 && nb > 0 ? dot / Math.Sqrt(na * nb) : throw new ArgumentException("an embedding has length zero; its cosine is undefined.");
    }
}
