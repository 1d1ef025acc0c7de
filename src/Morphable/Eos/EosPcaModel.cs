namespace Facebench.Morphable.Eos;

/// <summary>
/// eos's <c>PcaModel</c> as stored: the mean, the orthonormal PCA basis (eigenvectors of the sample covariance, one per
/// column) and the eigenvalues (variances), plus the triangle list. eos never stores the "rescaled" basis
/// <c>U·diag(√λ)</c>; it recomputes it on load (<c>rescale_pca_basis</c>), so σ = √λ is ours to take.
/// </summary>
/// <param name="Mean">3N floats, interleaved xyz (empty for an absent model).</param>
/// <param name="OrthonormalBasis">[3N × K], column-major as Eigen stores it.</param>
/// <param name="Eigenvalues">K variances, decreasing.</param>
/// <param name="Triangles">Vertex-index triples, 0-based.</param>
internal sealed record EosPcaModel(float[] Mean, EigenMatrix OrthonormalBasis, float[] Eigenvalues, int[] Triangles)
{
    /// <summary>True when the archive holds no such model (eos writes an empty colour model for shape-only files).</summary>
    public bool IsEmpty => Mean.Length == 0;
}
