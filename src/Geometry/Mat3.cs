using System.Runtime.CompilerServices;

namespace Facebench.Geometry;

/// <summary>
/// A 3×3 matrix in double precision, row-major (<c>Mij</c> is row i, column j). A value type so that kernels
/// can keep rotations and their derivatives in registers/stack without allocating.
/// </summary>
public readonly record struct Mat3(
    double M00, double M01, double M02,
    double M10, double M11, double M12,
    double M20, double M21, double M22)
{
    /// <summary>The identity.</summary>
    public static Mat3 Identity => new(1, 0, 0, 0, 1, 0, 0, 0, 1);

    /// <summary>
    /// The rotation by 180° about x, <c>diag(1, −1, −1)</c>: it turns the model frame (y up, face looking
    /// along +z) into the OpenCV camera frame (y down, z forward) for a frontal face.
    /// </summary>
    public static Mat3 Flip180X => new(1, 0, 0, 0, -1, 0, 0, 0, -1);

    /// <summary>Element (row, column).</summary>
    public double this[int row, int column] => (row is < 0 or > 2 || column is < 0 or > 2 ? -1 : (row * 3) + column) switch
    {
        0 => M00,
        1 => M01,
        2 => M02,
        3 => M10,
        4 => M11,
        5 => M12,
        6 => M20,
        7 => M21,
        8 => M22,
        _ => throw new ArgumentOutOfRangeException(nameof(row)),
    };

    /// <summary>Row <paramref name="i"/> as a vector.</summary>
    public Vec3 Row(int i) => i switch
    {
        0 => new Vec3(M00, M01, M02),
        1 => new Vec3(M10, M11, M12),
        2 => new Vec3(M20, M21, M22),
        _ => throw new ArgumentOutOfRangeException(nameof(i)),
    };

    /// <summary>Column <paramref name="j"/> as a vector.</summary>
    public Vec3 Column(int j) => j switch
    {
        0 => new Vec3(M00, M10, M20),
        1 => new Vec3(M01, M11, M21),
        2 => new Vec3(M02, M12, M22),
        _ => throw new ArgumentOutOfRangeException(nameof(j)),
    };

    /// <summary>The matrix whose rows are the given vectors.</summary>
    public static Mat3 FromRows(Vec3 r0, Vec3 r1, Vec3 r2) => new(r0.X, r0.Y, r0.Z, r1.X, r1.Y, r1.Z, r2.X, r2.Y, r2.Z);

    /// <summary>The matrix whose columns are the given vectors.</summary>
    public static Mat3 FromColumns(Vec3 c0, Vec3 c1, Vec3 c2) => new(c0.X, c1.X, c2.X, c0.Y, c1.Y, c2.Y, c0.Z, c1.Z, c2.Z);

    /// <summary>Reads 9 values in row-major order.</summary>
    public static Mat3 Read(ReadOnlySpan<double> m) => new(m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8]);

    /// <summary>Writes the 9 values in row-major order.</summary>
    public void CopyTo(Span<double> m)
    {
        m[0] = M00; m[1] = M01; m[2] = M02;
        m[3] = M10; m[4] = M11; m[5] = M12;
        m[6] = M20; m[7] = M21; m[8] = M22;
    }

    /// <summary>
    /// The cross-product (skew-symmetric) matrix <c>[v]×</c>, so that <c>[v]× · a = v × a</c>.
    /// </summary>
    public static Mat3 Skew(Vec3 v) => new(0, -v.Z, v.Y, v.Z, 0, -v.X, -v.Y, v.X, 0);

    /// <summary>The outer product <c>a · bᵀ</c>.</summary>
    public static Mat3 Outer(Vec3 a, Vec3 b) => new(
        a.X * b.X, a.X * b.Y, a.X * b.Z,
        a.Y * b.X, a.Y * b.Y, a.Y * b.Z,
        a.Z * b.X, a.Z * b.Y, a.Z * b.Z);

    /// <summary>Transpose.</summary>
    public Mat3 Transposed() => new(M00, M10, M20, M01, M11, M21, M02, M12, M22);

    /// <summary>Determinant.</summary>
    public double Determinant =>
        (M00 * ((M11 * M22) - (M12 * M21))) - (M01 * ((M10 * M22) - (M12 * M20))) + (M02 * ((M10 * M21) - (M11 * M20)));

    /// <summary>Trace.</summary>
    public double Trace => M00 + M11 + M22;

    /// <summary>Frobenius inner product <c>Σ aij·bij</c> (= tr(aᵀb)), the chain rule's contraction with a matrix derivative.</summary>
    public static double FrobeniusDot(in Mat3 a, in Mat3 b) =>
        (a.M00 * b.M00) + (a.M01 * b.M01) + (a.M02 * b.M02) +
        (a.M10 * b.M10) + (a.M11 * b.M11) + (a.M12 * b.M12) +
        (a.M20 * b.M20) + (a.M21 * b.M21) + (a.M22 * b.M22);

    /// <summary>Matrix–vector product.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec3 operator *(in Mat3 m, Vec3 v) => new(
        (m.M00 * v.X) + (m.M01 * v.Y) + (m.M02 * v.Z),
        (m.M10 * v.X) + (m.M11 * v.Y) + (m.M12 * v.Z),
        (m.M20 * v.X) + (m.M21 * v.Y) + (m.M22 * v.Z));

    /// <summary>Matrix product.</summary>
    public static Mat3 operator *(in Mat3 a, in Mat3 b) => new(
        (a.M00 * b.M00) + (a.M01 * b.M10) + (a.M02 * b.M20),
        (a.M00 * b.M01) + (a.M01 * b.M11) + (a.M02 * b.M21),
        (a.M00 * b.M02) + (a.M01 * b.M12) + (a.M02 * b.M22),
        (a.M10 * b.M00) + (a.M11 * b.M10) + (a.M12 * b.M20),
        (a.M10 * b.M01) + (a.M11 * b.M11) + (a.M12 * b.M21),
        (a.M10 * b.M02) + (a.M11 * b.M12) + (a.M12 * b.M22),
        (a.M20 * b.M00) + (a.M21 * b.M10) + (a.M22 * b.M20),
        (a.M20 * b.M01) + (a.M21 * b.M11) + (a.M22 * b.M21),
        (a.M20 * b.M02) + (a.M21 * b.M12) + (a.M22 * b.M22));

    /// <summary>Scaling.</summary>
    public static Mat3 operator *(double s, in Mat3 m) => new(
        s * m.M00, s * m.M01, s * m.M02, s * m.M10, s * m.M11, s * m.M12, s * m.M20, s * m.M21, s * m.M22);

    /// <summary>Sum.</summary>
    public static Mat3 operator +(in Mat3 a, in Mat3 b) => new(
        a.M00 + b.M00, a.M01 + b.M01, a.M02 + b.M02,
        a.M10 + b.M10, a.M11 + b.M11, a.M12 + b.M12,
        a.M20 + b.M20, a.M21 + b.M21, a.M22 + b.M22);

    /// <summary>Difference.</summary>
    public static Mat3 operator -(in Mat3 a, in Mat3 b) => new(
        a.M00 - b.M00, a.M01 - b.M01, a.M02 - b.M02,
        a.M10 - b.M10, a.M11 - b.M11, a.M12 - b.M12,
        a.M20 - b.M20, a.M21 - b.M21, a.M22 - b.M22);
}
