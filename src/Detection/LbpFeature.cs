namespace Facebench.Detection;

/// <summary>
/// A multi-block LBP feature: a 3×3 grid of <see cref="BlockWidth"/> × <see cref="BlockHeight"/> blocks whose
/// top-left corner is at (<see cref="X"/>, <see cref="Y"/>) in the window; the code compares the eight outer
/// block sums with the centre one.
/// </summary>
/// <param name="X">Left of the grid.</param>
/// <param name="Y">Top of the grid.</param>
/// <param name="BlockWidth">Width of one block.</param>
/// <param name="BlockHeight">Height of one block.</param>
public readonly record struct LbpFeature(int X, int Y, int BlockWidth, int BlockHeight);
