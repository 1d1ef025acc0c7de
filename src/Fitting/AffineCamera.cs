using Facebench.Geometry;

namespace Facebench.Fitting;

/// <summary>
/// An affine camera <c>(u, v) = (r₀·X + u₀, r₁·X + v₀)</c>: the 2×4 matrix of Hartley &amp; Zisserman 2004, §6.3.4,
/// stored as its two rows and offsets.
/// </summary>
/// <param name="Row0">First row of the 2×3 part (image u).</param>
/// <param name="Row1">Second row of the 2×3 part (image v).</param>
/// <param name="U0">u offset, pixels.</param>
/// <param name="V0">v offset, pixels.</param>
public readonly record struct AffineCamera(Vec3 Row0, Vec3 Row1, double U0, double V0)
{
    /// <summary>Image of a model point.</summary>
    public (double U, double V) Project(Vec3 x) => (Vec3.Dot(Row0, x) + U0, Vec3.Dot(Row1, x) + V0);

    /// <summary>
    /// The Gold Standard algorithm for an affine camera from n ≥ 4 2D–3D correspondences (Hartley &amp; Zisserman
    /// 2004, Algorithm 7.2; eos's <c>estimate_affine_camera</c>): normalise both point sets (centroid at the origin,
    /// mean distance √2 in 2D and √3 in 3D), solve the linear least-squares problem for the 2×4 camera, and undo
    /// the normalisation. With centred points the normal equations split into one 3×3 system shared by both rows,
    /// and the offset is the image centroid minus the camera applied to the model centroid.
    /// </summary>
    /// <param name="model">Model points, interleaved xyz (3n values).</param>
    /// <param name="image">Image points, interleaved uv (2n values).</param>
    /// <exception cref="ArgumentException">Fewer than 4 points, or the model points are (nearly) coplanar.</exception>
    public static AffineCamera Estimate(ReadOnlySpan<double> model, ReadOnlySpan<double> image)
    {
        int n = model.Length / 3;
        if (n < 4 || image.Length != 2 * n)
        {
            throw new ArgumentException($"An affine camera needs at least 4 correspondences with matching lengths; got {n} model and {image.Length / 2} image points.");
        }

        // Centroids and mean distances for the similarity normalisation (H&Z §4.4.4).
        Vec3 c3 = Vec3.Zero;
        double cu = 0, cv = 0;
        for (int i = 0; i < n; i++)
        {
            c3 += Vec3.Read(model.Slice(3 * i, 3));
            cu += image[2 * i];
            cv += image[(2 * i) + 1];
        }

        c3 /= n;
        cu /= n;
        cv /= n;
        double d3 = 0, d2 = 0;
        for (int i = 0; i < n; i++)
        {
            d3 += (Vec3.Read(model.Slice(3 * i, 3)) - c3).Length;
            d2 += Math.Sqrt(Sq(image[2 * i] - cu) + Sq(image[(2 * i) + 1] - cv));
        }

        double k3 = Math.Sqrt(3) * n / d3;
        double k2 = Math.Sqrt(2) * n / d2;

        // Normal equations N·a = b for each row of the normalised 2×3 block.
        Mat3 normal = default;
        Vec3 b0 = Vec3.Zero, b1 = Vec3.Zero;
        for (int i = 0; i < n; i++)
        {
            Vec3 x = k3 * (Vec3.Read(model.Slice(3 * i, 3)) - c3);
            double u = k2 * (image[2 * i] - cu), v = k2 * (image[(2 * i) + 1] - cv);
            normal += Mat3.Outer(x, x);
            b0 += u * x;
            b1 += v * x;
        }

        double det = normal.Determinant;
        if (!(Math.Abs(det) > 1e-9 * Math.Pow(normal.Trace / 3, 3)))
        {
            throw new ArgumentException("The model points are coplanar or collinear: the affine camera is not determined.");
        }

        Mat3 inverse = Inverse(normal, det);
        double back = k3 / k2; // undo the normalisations: A = (k3/k2)·Ã
        Vec3 row0 = back * (inverse * b0);
        Vec3 row1 = back * (inverse * b1);
        return new AffineCamera(row0, row1, cu - Vec3.Dot(row0, c3), cv - Vec3.Dot(row1, c3));
    }

    /// <summary>
    /// Decomposes the affine camera into a scaled orthographic one, <c>σ·R₂ₓ₃·X + (u₀, v₀)</c>: σ is the mean
    /// norm of the two rows and R the rotation nearest to <c>[r₀/|r₀|; r₁/|r₁|; r₀×r₁/|r₀×r₁|]</c>
    /// (as eos's <c>estimate_orthographic_projection_linear</c>, which uses an SVD; here a polar decomposition).
    /// R maps the model into a frame with x along image u, y along image v and z = x × y away from the camera
    /// (the OpenCV camera frame).
    /// </summary>
    public (Mat3 Rotation, double Scale) ToScaledOrthographic()
    {
        double n0 = Row0.Length, n1 = Row1.Length;
        Vec3 a = Row0 / n0, b = Row1 / n1;
        Vec3 c = Vec3.Cross(a, b).Normalized();
        Mat3 r = Rotations.NearestRotation(Mat3.FromRows(a, b, c));
        return (r, 0.5 * (n0 + n1));
    }

    /// <summary>
    /// A perspective pose <c>X_cam = s·R·X + t</c> that images like this affine camera near the model points: R from
    /// <see cref="ToScaledOrthographic"/>; the depth of the reference point (the model centroid X̄) follows from
    /// σ = f·s/Z̄, i.e. Z̄ = f·s/σ, so <c>t_z = Z̄ − (R·X̄)_z</c>; t_x, t_y put the perspective image of X̄ where the affine
    /// camera puts it: <c>t_x = (u(X̄) − c_x)·Z̄/f − (R·X̄)_x</c>, likewise for y (scaled orthography as the first-order
    /// approximation of perspective about X̄, H&amp;Z §6.3).
    /// </summary>
    /// <param name="focalLength">f in pixels.</param>
    /// <param name="cx">Principal point x.</param>
    /// <param name="cy">Principal point y.</param>
    /// <param name="centroid">X̄, the centroid of the model points the camera was estimated from.</param>
    /// <param name="scale">The model scale s to keep (1 when the model's unit is trusted).</param>
    public (Mat3 Rotation, Vec3 Translation) ToPerspectivePose(double focalLength, double cx, double cy, Vec3 centroid, double scale = 1)
    {
        (Mat3 r, double sigma) = ToScaledOrthographic();
        double depth = focalLength * scale / sigma;
        Vec3 rc = scale * (r * centroid);
        (double u, double v) = Project(centroid);
        var t = new Vec3(
            ((u - cx) * depth / focalLength) - rc.X,
            ((v - cy) * depth / focalLength) - rc.Y,
            depth - rc.Z);
        return (r, t);
    }

    private static double Sq(double x) => x * x;

    private static Mat3 Inverse(in Mat3 m, double det)
    {
        double inv = 1.0 / det;
        return new Mat3(
            inv * ((m.M11 * m.M22) - (m.M12 * m.M21)), inv * ((m.M02 * m.M21) - (m.M01 * m.M22)), inv * ((m.M01 * m.M12) - (m.M02 * m.M11)),
            inv * ((m.M12 * m.M20) - (m.M10 * m.M22)), inv * ((m.M00 * m.M22) - (m.M02 * m.M20)), inv * ((m.M02 * m.M10) - (m.M00 * m.M12)),
            inv * ((m.M10 * m.M21) - (m.M11 * m.M20)), inv * ((m.M01 * m.M20) - (m.M00 * m.M21)), inv * ((m.M00 * m.M11) - (m.M01 * m.M10)));
    }
}
