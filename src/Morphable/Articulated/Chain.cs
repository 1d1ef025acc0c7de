using Facebench.Geometry;

namespace Facebench.Morphable.Articulated;

/// <summary>
/// The kinematic chain of linear blend skinning (Li et al. 2017, eq. 2; Loper et al. 2015, eq. 3-4): global
/// transforms <c>G_k = G_parent(k)·[R_k | J_k − J_parent(k)]</c> (<c>G_root = [R_root | J_root]</c>), then with the
/// rest pose removed, <c>G'_k = G_k·[I | −J_k] = [Rg_k | t_k − Rg_k·J_k]</c>.
/// </summary>
internal static class Chain
{
    /// <summary>Sets the global rotation and translation of joint k from its parent's (parents come first).</summary>
    public static void Step(int k, int parent, in Mat3 rotation, ReadOnlySpan<Vec3> joints, Span<Mat3> global, Span<Vec3> translation)
    {
        if (parent < 0)
        {
            global[k] = rotation;
            translation[k] = joints[k];
        }
        else
        {
            global[k] = global[parent] * rotation;
            translation[k] = (global[parent] * (joints[k] - joints[parent])) + translation[parent];
        }
    }

    /// <summary>Replaces each translation t_k by <c>t_k − Rg_k·J_k</c> (the rest pose removed).</summary>
    public static void RemoveRest(ReadOnlySpan<Vec3> joints, ReadOnlySpan<Mat3> global, Span<Vec3> translation)
    {
        for (int k = 0; k < joints.Length; k++)
        {
            translation[k] -= global[k] * joints[k];
        }
    }
}
