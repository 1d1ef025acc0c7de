namespace Facebench.Morphable.Formats.Flame;

/// <summary>How to read a FLAME file.</summary>
public sealed record FlameReadOptions
{
    /// <summary>FLAME's published split of <c>shapedirs</c>: 300 identity (shape) components, then 100 expression components.</summary>
    public const int PublishedIdentityComponents = 300;

    /// <summary>
    /// How many leading columns of <c>shapedirs</c> are identity components; the rest are expression components.
    /// Null: 300 (FLAME 2020 and 2023) when the file has more than 300, otherwise all identity.
    /// </summary>
    public int? FileIdentityComponents { get; init; }

    /// <summary>
    /// The landmark embedding: DECA's combined <c>landmark_embedding.npy</c> (static, dynamic and full tables), or
    /// RingNet's <c>flame_static_embedding.pkl</c>; null for none.
    /// </summary>
    public string? LandmarkEmbeddingPath { get; init; }

    /// <summary>RingNet's <c>flame_dynamic_embedding.npy</c> (yaw-indexed jaw-line tables) to go with a static .pkl; null for none.</summary>
    public string? DynamicEmbeddingPath { get; init; }
}
