using Facebench.Contracts;

namespace Facebench.Plugins.Dataset.Synthetic;

/// <summary>
/// Where a landmark detector puts the jaw-line points of one side of a posed face: on the visible outline, spread
/// from the top of the jaw down to the chin. The outline of a side is the outer chain of the convex hull of that
/// side's projected contour candidates (their outermost points in the image: the silhouette, since an occluded
/// candidate always projects inside it) closed by the chin. The landmarks are placed at their nominal fractions of
/// that chain's length and snapped to the nearest candidate on it, so each one is a real model vertex, exactly on
/// the silhouette for the pose: on the side turned away it moves forward onto the cheek's occluding contour, on
/// the side turned towards the camera back towards the ear, as annotators and detectors mark it (cf. the landmark
/// "marching" of Zhu et al. 2016, "Face Alignment Across Large Poses: A 3D Solution").
/// </summary>
internal static class SilhouetteContour
{
    /// <summary>Chooses a candidate for each requested fraction along the outline.</summary>
    /// <param name="candidates">Projected candidates of the side.</param>
    /// <param name="chin">Projected chin (the outline's lower end).</param>
    /// <param name="up">Image direction of the head's up axis (unit).</param>
    /// <param name="outward">Image direction from the face centre towards this side (unit).</param>
    /// <param name="fractions">Positions along the outline, 0 = top, 1 = chin.</param>
    /// <param name="chosen">Receives the index into <paramref name="candidates"/> for each fraction.</param>
    public static void Select(IReadOnlyList<Point2> candidates, Point2 chin, Point2 up, Point2 outward, ReadOnlySpan<double> fractions, Span<int> chosen)
    {
        int chinIndex = candidates.Count;
        Point2 At(int i) => i == chinIndex ? chin : candidates[i];

        List<int> hull = ConvexHull(candidates.Count + 1, At);
        static double Dot(Point2 a, Point2 d) => (a.X * d.X) + (a.Y * d.Y);

        // Ends of the outline: the candidate furthest up-and-out (the top of the jaw line at the edge of the face,
        // not the highest point of the band, which can lie on the cheek when the head looks up), and the hull
        // point nearest the chin.
        var corner = new Point2(up.X + outward.X, up.Y + outward.Y);
        int top = -1, bottom = 0;
        for (int h = 0; h < hull.Count; h++)
        {
            if (hull[h] != chinIndex && (top < 0 || Dot(At(hull[h]), corner) > Dot(At(hull[top]), corner)))
            {
                top = h;
            }

            if (At(hull[h]).DistanceTo(chin) < At(hull[bottom]).DistanceTo(chin))
            {
                bottom = h;
            }
        }

        if (top < 0)
        {
            // Degenerate (all candidates coincide with the chin): any candidate will do.
            chosen.Fill(0);
            return;
        }

        // Of the two hull chains from top to bottom, the outline is the one that bulges out of the chord top–bottom
        // on this side (the other runs inside the face, along the band's inner edge).
        Point2 a = At(hull[top]), b = At(hull[bottom]);
        var normal = new Point2(b.Y - a.Y, a.X - b.X);
        if (Dot(normal, outward) < 0)
        {
            normal = new Point2(-normal.X, -normal.Y);
        }

        List<int> forward = Chain(hull, top, bottom, +1), backward = Chain(hull, top, bottom, -1);
        List<int> path = Bulge(forward, At, a, normal) >= Bulge(backward, At, a, normal) ? forward : backward;

        var cumulative = new double[path.Count];
        for (int p = 1; p < path.Count; p++)
        {
            cumulative[p] = cumulative[p - 1] + At(path[p]).DistanceTo(At(path[p - 1]));
        }

        double total = cumulative[^1];
        for (int k = 0; k < fractions.Length; k++)
        {
            double target = fractions[k] * total;
            int best = -1;
            for (int p = 0; p < path.Count; p++)
            {
                if (path[p] != chinIndex && (best < 0 || Math.Abs(cumulative[p] - target) < Math.Abs(cumulative[best] - target)))
                {
                    best = p;
                }
            }

            chosen[k] = best < 0 ? NearestCandidate(candidates, chin) : path[best];
        }
    }

    /// <summary>Hull vertices from position <paramref name="from"/> to <paramref name="to"/> walking in one direction.</summary>
    private static List<int> Chain(List<int> hull, int from, int to, int step)
    {
        var chain = new List<int> { hull[from] };
        for (int h = from; h != to;)
        {
            h = (h + step + hull.Count) % hull.Count;
            chain.Add(hull[h]);
        }

        return chain;
    }

    /// <summary>How far a chain reaches beyond the chord through <paramref name="origin"/>, along <paramref name="normal"/>.</summary>
    private static double Bulge(List<int> chain, Func<int, Point2> at, Point2 origin, Point2 normal)
    {
        double max = double.MinValue;
        foreach (int i in chain)
        {
            Point2 p = at(i);
            max = Math.Max(max, ((p.X - origin.X) * normal.X) + ((p.Y - origin.Y) * normal.Y));
        }

        return max;
    }

    private static int NearestCandidate(IReadOnlyList<Point2> candidates, Point2 p)
    {
        int best = 0;
        for (int i = 1; i < candidates.Count; i++)
        {
            best = candidates[i].DistanceTo(p) < candidates[best].DistanceTo(p) ? i : best;
        }

        return best;
    }

    /// <summary>Convex hull by Andrew's monotone chain (Andrew 1979); returns point indices in cyclic order, collinear points dropped.</summary>
    private static List<int> ConvexHull(int count, Func<int, Point2> at)
    {
        int[] order = [.. Enumerable.Range(0, count).OrderBy(i => at(i).X).ThenBy(i => at(i).Y)];
        var hull = new List<int>(2 * count);
        double Cross(int o, int a, int b)
        {
            Point2 po = at(o), pa = at(a), pb = at(b);
            return ((pa.X - po.X) * (pb.Y - po.Y)) - ((pa.Y - po.Y) * (pb.X - po.X));
        }

        foreach (int i in order)
        {
            while (hull.Count >= 2 && Cross(hull[^2], hull[^1], i) <= 0)
            {
                hull.RemoveAt(hull.Count - 1);
            }

            hull.Add(i);
        }

        int lower = hull.Count + 1;
        for (int k = order.Length - 2; k >= 0; k--)
        {
            int i = order[k];
            while (hull.Count >= lower && Cross(hull[^2], hull[^1], i) <= 0)
            {
                hull.RemoveAt(hull.Count - 1);
            }

            hull.Add(i);
        }

        hull.RemoveAt(hull.Count - 1);
        return hull;
    }
}
