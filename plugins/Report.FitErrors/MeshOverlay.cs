using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Geometry;

namespace Facebench.Plugins.Report.FitErrors;

/// <summary>The fitted mesh as a wireframe in image coordinates: front-facing triangle edges, each once.</summary>
public static class MeshOverlay
{
    /// <summary>Projects the fitted shape with the fit's pose and camera and returns the edges of front-facing triangles.</summary>
    public static List<(Point2 A, Point2 B)> ProjectedEdges(IMorphableModel model, LandmarkFitResult fit)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(fit);
        var vertices = new float[3 * model.VertexCount];
        model.Evaluate(fit.Parameters.Identity, fit.Parameters.Expression, vertices);
        var rotation = Rotations.FromQuaternion(fit.Parameters.Pose.Rotation);
        var translation = Vec3.Read(fit.Parameters.Pose.Translation);
        double scale = fit.Parameters.Pose.Scale;
        var projected = new Point2[model.VertexCount];
        for (int v = 0; v < model.VertexCount; v++)
        {
            var p = Pinhole.Project(fit.Camera, rotation, scale, translation, new Vec3(vertices[3 * v], vertices[(3 * v) + 1], vertices[(3 * v) + 2]));
            projected[v] = new Point2(p.X, p.Y);
        }

        var triangles = model.Triangles;
        var seen = new HashSet<(int, int)>();
        var lines = new List<(Point2, Point2)>();
        for (int t = 0; t + 2 < triangles.Length; t += 3)
        {
            int a = triangles[t], b = triangles[t + 1], c = triangles[t + 2];

            // Image y points down, so a counter-clockwise (outward) face seen from the camera has negative signed area.
            double area = ((projected[b].X - projected[a].X) * (projected[c].Y - projected[a].Y)) - ((projected[c].X - projected[a].X) * (projected[b].Y - projected[a].Y));
            if (area >= 0)
            {
                continue;
            }

            Add(a, b);
            Add(b, c);
            Add(c, a);
        }

        return lines;

        void Add(int i, int j)
        {
            if (seen.Add(i < j ? (i, j) : (j, i)))
            {
                lines.Add((projected[i], projected[j]));
            }
        }
    }
}
