namespace Facebench.Geometry;

/// <summary>
/// Conversions between the rotation representations Facebench uses: unit quaternions <c>[w, x, y, z]</c> in
/// parameters and records (<c>RigidPose.Rotation</c>), axis-angle vectors (exponential coordinates) in
/// optimisers, and 3×3 matrices in kernels. All functions are allocation-free except the ones returning arrays.
/// <para>
/// Conventions: rotations act on column vectors (<c>x' = R·x</c>), are right-handed (positive angle =
/// counter-clockwise looking down the axis towards the origin), and a quaternion <c>q = (cos θ/2, sin θ/2·n)</c>
/// is the rotation by θ about the unit axis n, the same as the axis-angle vector <c>ω = θ·n</c>.
/// </para>
/// </summary>
public static class Rotations
{
    /// <summary>Below this angle (radians) the series expansions replace the closed forms, which lose precision.</summary>
    private const double SmallAngle = 1e-6;

    /// <summary>
    /// Rotation matrix of a quaternion (w, x, y, z); the quaternion is normalised first, so any non-zero
    /// quaternion is accepted. Standard formula, e.g. Shoemake 1985, "Animating rotation with quaternion curves".
    /// </summary>
    public static Mat3 FromQuaternion(double w, double x, double y, double z)
    {
        double n = (w * w) + (x * x) + (y * y) + (z * z);
        if (!(n > 0))
        {
            throw new ArgumentException("A rotation quaternion must be non-zero and finite.");
        }

        double s = 2.0 / n;
        double xx = s * x * x, yy = s * y * y, zz = s * z * z;
        double xy = s * x * y, xz = s * x * z, yz = s * y * z;
        double wx = s * w * x, wy = s * w * y, wz = s * w * z;
        return new Mat3(
            1 - yy - zz, xy - wz, xz + wy,
            xy + wz, 1 - xx - zz, yz - wx,
            xz - wy, yz + wx, 1 - xx - yy);
    }

    /// <summary>Rotation matrix of a quaternion stored as <c>[w, x, y, z]</c> (e.g. <c>RigidPose.Rotation</c>).</summary>
    public static Mat3 FromQuaternion(ReadOnlySpan<double> wxyz)
    {
        if (wxyz.Length != 4)
        {
            throw new ArgumentException($"A quaternion has 4 elements [w, x, y, z], not {wxyz.Length}.", nameof(wxyz));
        }

        return FromQuaternion(wxyz[0], wxyz[1], wxyz[2], wxyz[3]);
    }

    /// <summary>
    /// Unit quaternion <c>[w, x, y, z]</c> of a rotation matrix, with w ≥ 0 (the two quaternions ±q are the same
    /// rotation; the one with w ≥ 0 is the shorter arc). Shepperd's method (Shepperd 1978, "Quaternion from
    /// rotation matrix"): compute the largest of |w|, |x|, |y|, |z| from the diagonal, the others from the
    /// off-diagonal sums/differences, which avoids dividing by a small number.
    /// </summary>
    public static void ToQuaternion(in Mat3 r, Span<double> wxyz)
    {
        double w, x, y, z;
        double trace = r.Trace;
        if (trace >= r.M00 && trace >= r.M11 && trace >= r.M22)
        {
            double s = 2 * Math.Sqrt(1 + trace); // s = 4w
            w = 0.25 * s;
            x = (r.M21 - r.M12) / s;
            y = (r.M02 - r.M20) / s;
            z = (r.M10 - r.M01) / s;
        }
        else if (r.M00 >= r.M11 && r.M00 >= r.M22)
        {
            double s = 2 * Math.Sqrt(1 + r.M00 - r.M11 - r.M22); // s = 4x
            w = (r.M21 - r.M12) / s;
            x = 0.25 * s;
            y = (r.M01 + r.M10) / s;
            z = (r.M02 + r.M20) / s;
        }
        else if (r.M11 >= r.M22)
        {
            double s = 2 * Math.Sqrt(1 + r.M11 - r.M00 - r.M22); // s = 4y
            w = (r.M02 - r.M20) / s;
            x = (r.M01 + r.M10) / s;
            y = 0.25 * s;
            z = (r.M12 + r.M21) / s;
        }
        else
        {
            double s = 2 * Math.Sqrt(1 + r.M22 - r.M00 - r.M11); // s = 4z
            w = (r.M10 - r.M01) / s;
            x = (r.M02 + r.M20) / s;
            y = (r.M12 + r.M21) / s;
            z = 0.25 * s;
        }

        double n = Math.Sqrt((w * w) + (x * x) + (y * y) + (z * z));
        double sign = w < 0 ? -1 : 1;
        wxyz[0] = sign * w / n;
        wxyz[1] = sign * x / n;
        wxyz[2] = sign * y / n;
        wxyz[3] = sign * z / n;
    }

    /// <summary>A new array <c>[w, x, y, z]</c> with the unit quaternion of <paramref name="r"/> (allocates; for records).</summary>
    public static double[] ToQuaternionArray(in Mat3 r)
    {
        double[] q = new double[4];
        ToQuaternion(r, q);
        return q;
    }

    /// <summary>
    /// Rodrigues' rotation formula: the rotation by θ = |ω| about ω/|ω|,
    /// <c>R = I + (sin θ/θ)·[ω]× + ((1 − cos θ)/θ²)·[ω]×²</c> (e.g. Hartley &amp; Zisserman 2004, eq. A4.9),
    /// with Taylor series for the two coefficients when θ is tiny.
    /// </summary>
    public static Mat3 FromAxisAngle(Vec3 omega)
    {
        double theta2 = omega.LengthSquared;
        double a, b;
        if (theta2 < SmallAngle * SmallAngle)
        {
            a = 1 - (theta2 / 6);
            b = 0.5 - (theta2 / 24);
        }
        else
        {
            double theta = Math.Sqrt(theta2);
            a = Math.Sin(theta) / theta;
            b = (1 - Math.Cos(theta)) / theta2;
        }

        Mat3 k = Mat3.Skew(omega);
        return Mat3.Identity + (a * k) + (b * (k * k));
    }

    /// <summary>
    /// The axis-angle vector ω = θ·n (θ in [0, π]) of a rotation matrix, the inverse of
    /// <see cref="FromAxisAngle"/> (the logarithm map). Goes through the quaternion, which is stable near 0
    /// and π: θ = 2·atan2(|v|, w) for q = (w, v).
    /// </summary>
    public static Vec3 ToAxisAngle(in Mat3 r)
    {
        Span<double> q = stackalloc double[4];
        ToQuaternion(r, q);
        return QuaternionToAxisAngle(q[0], q[1], q[2], q[3]);
    }

    /// <summary>Axis-angle vector of a quaternion (normalised first).</summary>
    public static Vec3 QuaternionToAxisAngle(double w, double x, double y, double z)
    {
        double n = Math.Sqrt((w * w) + (x * x) + (y * y) + (z * z));
        if (w < 0)
        {
            n = -n; // q and -q are the same rotation; take the one with w >= 0
        }

        w /= n;
        var v = new Vec3(x / n, y / n, z / n);
        double s = v.Length;
        if (s < SmallAngle)
        {
            return 2 * v; // θ ≈ 2·sin(θ/2) = 2|v|
        }

        double theta = 2 * Math.Atan2(s, w);
        return (theta / s) * v;
    }

    /// <summary>Unit quaternion <c>[w, x, y, z]</c> of an axis-angle vector: <c>(cos θ/2, sin(θ/2)·ω/θ)</c>.</summary>
    public static void AxisAngleToQuaternion(Vec3 omega, Span<double> wxyz)
    {
        double theta = omega.Length;
        double half = 0.5 * theta;
        double k = theta < SmallAngle ? 0.5 - (theta * theta / 48) : Math.Sin(half) / theta;
        wxyz[0] = Math.Cos(half);
        wxyz[1] = k * omega.X;
        wxyz[2] = k * omega.Y;
        wxyz[3] = k * omega.Z;
    }

    /// <summary>
    /// The rotation R(ω) and its three partial derivatives ∂R/∂ω_i, by the compact formula of Gallego &amp; Yezzi
    /// 2015 ("A compact formula for the derivative of a 3-D rotation in exponential coordinates", eq. 9):
    /// <c>∂R/∂ω_i = (ω_i·[ω]× + [ω × (I − R)·e_i]×) · R / |ω|²</c>. It is exact for any ω ≠ 0 (unlike the
    /// small-angle <c>[e_i]×·R</c>), which an optimiser that moves ω far from zero needs. Near ω = 0 the
    /// first-order expansion <c>[e_i]× + ½([e_i]×[ω]× + [ω]×[e_i]×)</c> is used.
    /// </summary>
    public static Mat3 AxisAngleDerivatives(Vec3 omega, out Mat3 dR0, out Mat3 dR1, out Mat3 dR2)
    {
        Mat3 r = FromAxisAngle(omega);
        double theta2 = omega.LengthSquared;
        if (theta2 < SmallAngle * SmallAngle)
        {
            Mat3 w = Mat3.Skew(omega);
            dR0 = SmallAngleDerivative(Mat3.Skew(Vec3.UnitX), w);
            dR1 = SmallAngleDerivative(Mat3.Skew(Vec3.UnitY), w);
            dR2 = SmallAngleDerivative(Mat3.Skew(Vec3.UnitZ), w);
            return r;
        }

        Mat3 skew = Mat3.Skew(omega);
        Mat3 iMinusR = Mat3.Identity - r;
        double inv = 1.0 / theta2;
        dR0 = inv * (((omega.X * skew) + Mat3.Skew(Vec3.Cross(omega, iMinusR.Column(0)))) * r);
        dR1 = inv * (((omega.Y * skew) + Mat3.Skew(Vec3.Cross(omega, iMinusR.Column(1)))) * r);
        dR2 = inv * (((omega.Z * skew) + Mat3.Skew(Vec3.Cross(omega, iMinusR.Column(2)))) * r);
        return r;
    }

    private static Mat3 SmallAngleDerivative(in Mat3 ei, in Mat3 w) => ei + (0.5 * ((ei * w) + (w * ei)));

    /// <summary>Hamilton product <c>a ⊗ b</c> of quaternions [w, x, y, z]: the rotation b followed by a.</summary>
    public static void MultiplyQuaternions(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> result)
    {
        double w = (a[0] * b[0]) - (a[1] * b[1]) - (a[2] * b[2]) - (a[3] * b[3]);
        double x = (a[0] * b[1]) + (a[1] * b[0]) + (a[2] * b[3]) - (a[3] * b[2]);
        double y = (a[0] * b[2]) - (a[1] * b[3]) + (a[2] * b[0]) + (a[3] * b[1]);
        double z = (a[0] * b[3]) + (a[1] * b[2]) - (a[2] * b[1]) + (a[3] * b[0]);
        result[0] = w;
        result[1] = x;
        result[2] = y;
        result[3] = z;
    }

    /// <summary>Rotation about x by <paramref name="angle"/> radians.</summary>
    public static Mat3 AboutX(double angle)
    {
        double c = Math.Cos(angle), s = Math.Sin(angle);
        return new Mat3(1, 0, 0, 0, c, -s, 0, s, c);
    }

    /// <summary>Rotation about y by <paramref name="angle"/> radians.</summary>
    public static Mat3 AboutY(double angle)
    {
        double c = Math.Cos(angle), s = Math.Sin(angle);
        return new Mat3(c, 0, s, 0, 1, 0, -s, 0, c);
    }

    /// <summary>Rotation about z by <paramref name="angle"/> radians.</summary>
    public static Mat3 AboutZ(double angle)
    {
        double c = Math.Cos(angle), s = Math.Sin(angle);
        return new Mat3(c, -s, 0, s, c, 0, 0, 0, 1);
    }

    /// <summary>
    /// The rotation nearest to <paramref name="m"/> in the Frobenius norm, by polar decomposition computed with
    /// Higham's iteration <c>X ← ½(X + X⁻ᵀ)</c> (Higham 1986, "Computing the polar decomposition"). The polar
    /// factor of a matrix with positive determinant is a proper rotation; a matrix with det ≤ 0 is rejected (its
    /// nearest rotation needs an SVD sign fix, and no caller here produces one). Used to turn an estimated 3×3
    /// (e.g. <c>[r1; r2; r1 × r2]</c> from an affine camera, whose determinant is |r1 × r2|² &gt; 0) into a
    /// rotation without an SVD.
    /// </summary>
    /// <exception cref="ArgumentException">det(m) ≤ 0.</exception>
    public static Mat3 NearestRotation(in Mat3 m)
    {
        if (!(m.Determinant > 0))
        {
            throw new ArgumentException("NearestRotation needs a matrix with a positive determinant.", nameof(m));
        }

        Mat3 x = m;
        for (int i = 0; i < 50; i++)
        {
            Mat3 inverseTransposed = InverseTransposed(x);
            Mat3 next = 0.5 * (x + inverseTransposed);
            double change = Mat3.FrobeniusDot(next - x, next - x);
            x = next;
            if (change < 1e-30)
            {
                break;
            }
        }

        return x;
    }

    private static Mat3 InverseTransposed(in Mat3 m)
    {
        // (M⁻¹)ᵀ = cofactor(M) / det(M)
        double det = m.Determinant;
        if (Math.Abs(det) < 1e-300)
        {
            throw new ArgumentException("The matrix is singular: it has no nearest rotation by polar decomposition.");
        }

        double inv = 1.0 / det;
        return new Mat3(
            inv * ((m.M11 * m.M22) - (m.M12 * m.M21)), inv * ((m.M12 * m.M20) - (m.M10 * m.M22)), inv * ((m.M10 * m.M21) - (m.M11 * m.M20)),
            inv * ((m.M02 * m.M21) - (m.M01 * m.M22)), inv * ((m.M00 * m.M22) - (m.M02 * m.M20)), inv * ((m.M01 * m.M20) - (m.M00 * m.M21)),
            inv * ((m.M01 * m.M12) - (m.M02 * m.M11)), inv * ((m.M02 * m.M10) - (m.M00 * m.M12)), inv * ((m.M00 * m.M11) - (m.M01 * m.M10)));
    }
}
