namespace Facebench.Detection;

/// <summary>
/// OpenCV's <c>groupRectangles</c>: clusters raw detections with the "similar rectangles" predicate, averages
/// each cluster, drops clusters with too few members, and drops a cluster that sits inside a stronger one.
/// Results are in the order of each cluster's first member, as OpenCV's <c>partition</c> numbers them.
/// </summary>
public static class RectangleGrouping
{
    /// <summary>The relative tolerance <c>detectMultiScale</c> groups with (OpenCV's <c>GROUP_EPS</c>).</summary>
    public const double DefaultEps = 0.2;

    /// <summary>
    /// True when every edge of <paramref name="a"/> is within <c>δ = eps · (min(w) + min(h)) / 2</c> of the same
    /// edge of <paramref name="b"/>.
    /// </summary>
    public static bool AreSimilar(PixelRect a, PixelRect b, double eps)
    {
        double delta = eps * (Math.Min(a.Width, b.Width) + Math.Min(a.Height, b.Height)) * 0.5;
        return Math.Abs(a.X - b.X) <= delta
            && Math.Abs(a.Y - b.Y) <= delta
            && Math.Abs(a.X + a.Width - b.X - b.Width) <= delta
            && Math.Abs(a.Y + a.Height - b.Y - b.Height) <= delta;
    }

    /// <summary>
    /// Labels the connected components of the similarity graph; classes are numbered in the order of their first
    /// member. Returns the number of classes.
    /// </summary>
    /// <param name="rects">The rectangles.</param>
    /// <param name="eps">Similarity tolerance.</param>
    /// <param name="labels">Receives one class per rectangle (length at least <c>rects.Count</c>).</param>
    public static int Partition(IReadOnlyList<PixelRect> rects, double eps, Span<int> labels)
    {
        int n = rects.Count;
        int[] parent = new int[n];
        for (int i = 0; i < n; i++)
        {
            parent[i] = i;
        }

        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                if (AreSimilar(rects[i], rects[j], eps))
                {
                    int ri = Root(parent, i);
                    int rj = Root(parent, j);
                    if (ri != rj)
                    {
                        // Keep the smaller index as root: any union-find gives the same components.
                        parent[Math.Max(ri, rj)] = Math.Min(ri, rj);
                    }
                }
            }
        }

        int[] classOfRoot = new int[n];
        Array.Fill(classOfRoot, -1);
        int classes = 0;
        for (int i = 0; i < n; i++)
        {
            int root = Root(parent, i);
            if (classOfRoot[root] < 0)
            {
                classOfRoot[root] = classes++;
            }

            labels[i] = classOfRoot[root];
        }

        return classes;
    }

    /// <summary>Groups raw detections as <c>cv::groupRectangles(rects, groupThreshold, eps)</c> does.</summary>
    /// <param name="rects">Raw detections, in detection order.</param>
    /// <param name="groupThreshold">A cluster needs more than this many members; 0 or less returns the input unchanged.</param>
    /// <param name="eps">Similarity tolerance (<see cref="DefaultEps"/> in <c>detectMultiScale</c>).</param>
    /// <param name="neighbours">When given, receives the member count of each returned rectangle.</param>
    public static List<PixelRect> Group(IReadOnlyList<PixelRect> rects, int groupThreshold, double eps = DefaultEps, List<int>? neighbours = null)
    {
        neighbours?.Clear();
        if (groupThreshold <= 0 || rects.Count == 0)
        {
            neighbours?.AddRange(Enumerable.Repeat(1, rects.Count));
            return [.. rects];
        }

        int[] labels = new int[rects.Count];
        int classes = Partition(rects, eps, labels);
        long[] sx = new long[classes], sy = new long[classes], sw = new long[classes], sh = new long[classes];
        int[] count = new int[classes];
        for (int i = 0; i < rects.Count; i++)
        {
            int c = labels[i];
            sx[c] += rects[i].X;
            sy[c] += rects[i].Y;
            sw[c] += rects[i].Width;
            sh[c] += rects[i].Height;
            count[c]++;
        }

        var averaged = new PixelRect[classes];
        for (int c = 0; c < classes; c++)
        {
            // OpenCV multiplies the int sums by a float reciprocal and rounds the float product half to even.
            float s = 1f / count[c];
            averaged[c] = new PixelRect(RoundFloat((int)sx[c] * s), RoundFloat((int)sy[c] * s), RoundFloat((int)sw[c] * s), RoundFloat((int)sh[c] * s));
        }

        var result = new List<PixelRect>();
        for (int i = 0; i < classes; i++)
        {
            PixelRect r1 = averaged[i];
            int n1 = count[i];
            if (n1 <= groupThreshold)
            {
                continue;
            }

            bool inside = false;
            for (int j = 0; j < classes && !inside; j++)
            {
                int n2 = count[j];
                if (j == i || n2 <= groupThreshold)
                {
                    continue;
                }

                PixelRect r2 = averaged[j];
                int dx = (int)Math.Round(r2.Width * eps, MidpointRounding.ToEven);
                int dy = (int)Math.Round(r2.Height * eps, MidpointRounding.ToEven);
                inside = r1.X >= r2.X - dx
                    && r1.Y >= r2.Y - dy
                    && r1.X + r1.Width <= r2.X + r2.Width + dx
                    && r1.Y + r1.Height <= r2.Y + r2.Height + dy
                    && (n2 > Math.Max(3, n1) || n1 < 3);
            }

            if (!inside)
            {
                result.Add(r1);
                neighbours?.Add(n1);
            }
        }

        return result;
    }

    private static int RoundFloat(float value) => (int)MathF.Round(value, MidpointRounding.ToEven);

    private static int Root(int[] parent, int i)
    {
        int root = i;
        while (parent[root] != root)
        {
            root = parent[root];
        }

        while (parent[i] != root)
        {
            (parent[i], i) = (root, parent[i]);
        }

        return root;
    }
}
