using ScottPlot;

namespace Facebench.Plotting.Statistics;

/// <summary>One iso-line: its points in data units and whether it closes on itself.</summary>
/// <param name="Points">Vertices in order; a closed contour does not repeat its first point.</param>
/// <param name="IsClosed">True when the last point connects back to the first.</param>
public sealed record Contour(Coordinates[] Points, bool IsClosed);

/// <summary>
/// Iso-lines of a <see cref="Grid2D"/> by the marching squares algorithm (Lorensen &amp; Cline's marching cubes in
/// 2-D) with linear interpolation along cell edges. The grid is treated as surrounded by a ring of values below
/// every level, so every contour is closed and the super-level set {v ≥ level} is exactly the region enclosed by the
/// contours under the even-odd rule. Saddle cells are resolved by the cell-centre average.
/// </summary>
public static class MarchingSquares
{
    /// <summary>Closed contours of <paramref name="grid"/> at <paramref name="level"/> (empty for a NaN level).</summary>
    public static List<Contour> Contours(Grid2D grid, double level)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var result = new List<Contour>();
        if (double.IsNaN(level) || grid.NX < 2 || grid.NY < 2)
        {
            return result;
        }

        var tracer = new Tracer(grid, level);
        tracer.BuildLinks();
        tracer.Walk(result);
        return result;
    }

    /// <summary>
    /// Works on the padded grid of (NX+2)×(NY+2) nodes, node (p, q) being grid node (p-1, q-1). Every cell edge has
    /// an integer id; a crossed edge is linked to the two crossed edges it shares a segment with, so contours are
    /// traced by following links and the crossing points are computed once per edge when emitted.
    /// </summary>
    private sealed class Tracer
    {
        private readonly Grid2D _grid;
        private readonly double _level;
        private readonly int _p; // padded columns
        private readonly int _q; // padded rows
        private readonly int _horizontalCount;
        private readonly int[] _link0;
        private readonly int[] _link1;

        public Tracer(Grid2D grid, double level)
        {
            _grid = grid;
            _level = level;
            _p = grid.NX + 2;
            _q = grid.NY + 2;
            _horizontalCount = (_p - 1) * _q;
            int edgeCount = _horizontalCount + (_p * (_q - 1));
            _link0 = new int[edgeCount];
            _link1 = new int[edgeCount];
            Array.Fill(_link0, -1);
            Array.Fill(_link1, -1);
        }

        public void BuildLinks()
        {
            for (int q = 0; q < _q - 1; q++)
            {
                for (int p = 0; p < _p - 1; p++)
                {
                    double bl = Value(p, q);
                    double br = Value(p + 1, q);
                    double tr = Value(p + 1, q + 1);
                    double tl = Value(p, q + 1);
                    int index = (bl >= _level ? 1 : 0) | (br >= _level ? 2 : 0) | (tr >= _level ? 4 : 0) | (tl >= _level ? 8 : 0);
                    if (index is 0 or 15)
                    {
                        continue;
                    }

                    int bottom = HorizontalEdge(p, q);
                    int top = HorizontalEdge(p, q + 1);
                    int left = VerticalEdge(p, q);
                    int right = VerticalEdge(p + 1, q);
                    switch (index)
                    {
                        case 1 or 14: Link(left, bottom); break;
                        case 2 or 13: Link(bottom, right); break;
                        case 3 or 12: Link(left, right); break;
                        case 4 or 11: Link(right, top); break;
                        case 6 or 9: Link(bottom, top); break;
                        case 7 or 8: Link(left, top); break;
                        case 5 or 10:
                            // Saddle: decide from the centre average whether the "above" corners are connected.
                            bool centreAbove = (bl + br + tr + tl) / 4 >= _level;
                            if ((index == 5) == centreAbove)
                            {
                                Link(bottom, right);
                                Link(top, left);
                            }
                            else
                            {
                                Link(left, bottom);
                                Link(top, right);
                            }

                            break;
                    }
                }
            }
        }

        public void Walk(List<Contour> result)
        {
            var visited = new bool[_link0.Length];
            var points = new List<Coordinates>();
            for (int start = 0; start < _link0.Length; start++)
            {
                if (visited[start] || _link0[start] < 0)
                {
                    continue;
                }

                points.Clear();
                int previous = -1;
                int current = start;
                bool closed = false;
                while (true)
                {
                    visited[current] = true;
                    points.Add(Crossing(current));
                    int next = _link0[current] == previous || _link0[current] < 0 ? _link1[current] : _link0[current];
                    if (next < 0)
                    {
                        break;
                    }

                    if (next == start)
                    {
                        closed = true;
                        break;
                    }

                    if (visited[next])
                    {
                        break;
                    }

                    previous = current;
                    current = next;
                }

                result.Add(new Contour([.. points], closed));
            }
        }

        private void Link(int a, int b)
        {
            Attach(a, b);
            Attach(b, a);
        }

        private void Attach(int edge, int other)
        {
            if (_link0[edge] < 0)
            {
                _link0[edge] = other;
            }
            else
            {
                _link1[edge] = other;
            }
        }

        private int HorizontalEdge(int p, int q) => (q * (_p - 1)) + p;

        private int VerticalEdge(int p, int q) => _horizontalCount + (q * _p) + p;

        /// <summary>Padded-grid value: the real grid inside, -∞ on the surrounding ring; NaN counts as below.</summary>
        private double Value(int p, int q)
        {
            if (p == 0 || q == 0 || p == _p - 1 || q == _q - 1)
            {
                return double.NegativeInfinity;
            }

            double v = _grid[p - 1, q - 1];
            return double.IsNaN(v) ? double.NegativeInfinity : v;
        }

        private Coordinates Crossing(int edge)
        {
            int p0;
            int q0;
            int p1;
            int q1;
            if (edge < _horizontalCount)
            {
                q0 = q1 = edge / (_p - 1);
                p0 = edge % (_p - 1);
                p1 = p0 + 1;
            }
            else
            {
                int e = edge - _horizontalCount;
                p0 = p1 = e % _p;
                q0 = e / _p;
                q1 = q0 + 1;
            }

            double a = Value(p0, q0);
            double b = Value(p1, q1);
            // Against the -∞ ring the crossing sits on the real node, so regions are clipped at the grid border.
            double t = double.IsInfinity(a) ? 1 : double.IsInfinity(b) ? 0 : (_level - a) / (b - a);
            return new Coordinates(Lerp(NodeX(p0), NodeX(p1), t), Lerp(NodeY(q0), NodeY(q1), t));
        }

        private static double Lerp(double a, double b, double t) => a + ((b - a) * t);

        private double NodeX(int p) => _grid.Xs[Math.Clamp(p - 1, 0, _grid.NX - 1)];

        private double NodeY(int q) => _grid.Ys[Math.Clamp(q - 1, 0, _grid.NY - 1)];
    }
}
