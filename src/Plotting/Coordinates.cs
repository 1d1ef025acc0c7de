namespace Facebench.Plotting;

/// <summary>A point in data (axis) units.</summary>
/// <param name="X">Horizontal data coordinate.</param>
/// <param name="Y">Vertical data coordinate.</param>
public readonly record struct Coordinates(double X, double Y)
{
    /// <summary>True when both coordinates are finite (neither NaN nor infinite).</summary>
    public bool IsFinite => double.IsFinite(X) && double.IsFinite(Y);
}

/// <summary>A straight segment between two points in data units.</summary>
/// <param name="Start">First end point.</param>
/// <param name="End">Second end point.</param>
public readonly record struct CoordinateLine(Coordinates Start, Coordinates End)
{
    /// <summary>Creates a segment from its four coordinates.</summary>
    public CoordinateLine(double x1, double y1, double x2, double y2)
        : this(new Coordinates(x1, y1), new Coordinates(x2, y2))
    {
    }

    /// <summary>True when both end points are finite.</summary>
    public bool IsFinite => Start.IsFinite && End.IsFinite;
}
