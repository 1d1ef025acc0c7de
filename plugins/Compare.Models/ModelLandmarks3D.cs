using Facebench.Contracts;
using Facebench.Contracts.Morphable;

namespace Facebench.Plugins.Compare.Models;

/// <summary>
/// The 68 iBUG landmarks of a model instance in the model's frame: each mapped binding's barycentric combination of
/// its triangle's vertices, NaN where the model has no correspondence. Joint rotations of articulated models are not
/// applied (the linear part only), which is what a landmark comparison after similarity alignment needs.
/// </summary>
internal static class ModelLandmarks3D
{
    /// <summary>68 × 3 interleaved positions for the given coefficients (padded with zeros or cut to the model's counts).</summary>
    public static float[] Evaluate(IMorphableModel model, IReadOnlyList<float> identity, IReadOnlyList<float> expression)
    {
        var alpha = new float[model.IdentityCount];
        var beta = new float[model.ExpressionCount];
        for (int i = 0; i < Math.Min(alpha.Length, identity.Count); i++)
        {
            alpha[i] = identity[i];
        }

        for (int i = 0; i < Math.Min(beta.Length, expression.Count); i++)
        {
            beta[i] = expression[i];
        }

        var points = new float[3 * LandmarkEmbedding.IbugCount];
        Span<float> vertex = stackalloc float[3];
        for (int i = 0; i < LandmarkEmbedding.IbugCount; i++)
        {
            LandmarkBinding b = model.Landmarks.Points[i];
            if (!b.IsMapped)
            {
                points[3 * i] = points[(3 * i) + 1] = points[(3 * i) + 2] = float.NaN;
                continue;
            }

            foreach ((int v, float w) in new[] { (b.V0, b.W0), (b.V1, b.W1), (b.V2, b.W2) })
            {
                if (w == 0)
                {
                    continue;
                }

                model.EvaluateVertices([v], alpha, beta, vertex);
                for (int k = 0; k < 3; k++)
                {
                    points[(3 * i) + k] += w * vertex[k];
                }
            }
        }

        return points;
    }
}
