namespace Facebench.Contracts.Morphable;

/// <summary>
/// Jaw-line landmarks whose surface position depends on head yaw, as FLAME's dynamic landmark embedding gives them
/// (RingNet, Sanyal et al. 2019; DECA, Feng et al. 2021): for each integer yaw angle a row of bindings, one per
/// contour landmark, so that the landmark follows the visible outline as the head turns. Rows follow FLAME's
/// indexing: row y for yaw y = 0..39 degrees, row 39 − y for y = −1..−39, row 78 below −39, where the yaw is the
/// negated y-Euler angle of the head rotation relative to the camera-facing pose (clamped to at most 39).
/// </summary>
public sealed class YawContourTable
{
    private readonly LandmarkBinding[] _bindings;

    /// <summary>Creates a table.</summary>
    /// <param name="landmarks">iBUG indices (0-based) of the contour landmarks, e.g. 0..16.</param>
    /// <param name="bindings">Row-major [rows × landmarks] bindings.</param>
    public YawContourTable(IReadOnlyList<int> landmarks, IReadOnlyList<LandmarkBinding> bindings)
    {
        if (landmarks.Count == 0 || bindings.Count == 0 || bindings.Count % landmarks.Count != 0)
        {
            throw new ArgumentException($"{bindings.Count} bindings do not fill rows of {landmarks.Count} landmarks.", nameof(bindings));
        }

        Landmarks = [.. landmarks];
        _bindings = [.. bindings];
        RowCount = bindings.Count / landmarks.Count;
    }

    /// <summary>iBUG indices of the contour landmarks.</summary>
    public IReadOnlyList<int> Landmarks { get; }

    /// <summary>Number of yaw rows (79 in FLAME's file).</summary>
    public int RowCount { get; }

    /// <summary>Binding of contour landmark <paramref name="index"/> (position in <see cref="Landmarks"/>) in a row.</summary>
    public LandmarkBinding Binding(int row, int index) => _bindings[(row * Landmarks.Count) + index];

    /// <summary>
    /// FLAME's row for a yaw in degrees (its sign as in the class remarks): round, clamp to at most 39; non-negative
    /// y gives row y, y in −39..−1 gives row 39 − y, below −39 row 78; then clamped to the table.
    /// </summary>
    public int RowForYaw(double yawDegrees)
    {
        double y = Math.Round(Math.Min(yawDegrees, 39), MidpointRounding.ToEven);
        int row = y >= 0 ? (int)y : y < -39 ? 78 : 39 - (int)y;
        return Math.Clamp(row, 0, RowCount - 1);
    }
}
