using System.Runtime.CompilerServices;

namespace Facebench.Geometry;

/// <summary>A 3-vector in double precision (a point or a direction). Plain value type: no allocation.</summary>
/// <param name="X">First coordinate.</param>
/// <param name="Y">Second coordinate.</param>
/// <param name="Z">Third coordinate.</param>
public readonly record struct Vec3(double X, double Y, double Z)
{
    /// <summary>The zero vector.</summary>
    public static Vec3 Zero => default;

    /// <summary>Unit vector along x.</summary>
    public static Vec3 UnitX => new(1, 0, 0);

    /// <summary>Unit vector along y.</summary>
    public static Vec3 UnitY => new(0, 1, 0);

    /// <summary>Unit vector along z.</summary>
    public static Vec3 UnitZ => new(0, 0, 1);

    /// <summary>Euclidean length.</summary>
    public double Length => Math.Sqrt(LengthSquared);

    /// <summary>Squared Euclidean length.</summary>
    public double LengthSquared => (X * X) + (Y * Y) + (Z * Z);

    /// <summary>Component <paramref name="i"/> (0, 1 or 2).</summary>
    public double this[int i] => i switch
    {
        0 => X,
        1 => Y,
        2 => Z,
        _ => throw new ArgumentOutOfRangeException(nameof(i)),
    };

    /// <summary>Reads three consecutive values (x, y, z) from a span.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec3 Read(ReadOnlySpan<double> xyz) => new(xyz[0], xyz[1], xyz[2]);

    /// <summary>Reads three consecutive single-precision values (x, y, z), e.g. one vertex of an interleaved mesh.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec3 Read(ReadOnlySpan<float> xyz) => new(xyz[0], xyz[1], xyz[2]);

    /// <summary>Writes x, y, z to the first three elements of <paramref name="destination"/>.</summary>
    public void CopyTo(Span<double> destination)
    {
        destination[0] = X;
        destination[1] = Y;
        destination[2] = Z;
    }

    /// <summary>Dot product.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Dot(Vec3 a, Vec3 b) => (a.X * b.X) + (a.Y * b.Y) + (a.Z * b.Z);

    /// <summary>Cross product <c>a × b</c> (right-handed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec3 Cross(Vec3 a, Vec3 b) => new((a.Y * b.Z) - (a.Z * b.Y), (a.Z * b.X) - (a.X * b.Z), (a.X * b.Y) - (a.Y * b.X));

    /// <summary>The vector scaled to unit length (the zero vector stays zero).</summary>
    public Vec3 Normalized()
    {
        double n = Length;
        return n > 0 ? this / n : this;
    }

    /// <summary>Sum.</summary>
    public static Vec3 operator +(Vec3 a, Vec3 b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

    /// <summary>Difference.</summary>
    public static Vec3 operator -(Vec3 a, Vec3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    /// <summary>Negation.</summary>
    public static Vec3 operator -(Vec3 a) => new(-a.X, -a.Y, -a.Z);

    /// <summary>Scaling.</summary>
    public static Vec3 operator *(double s, Vec3 a) => new(s * a.X, s * a.Y, s * a.Z);

    /// <summary>Scaling.</summary>
    public static Vec3 operator *(Vec3 a, double s) => new(s * a.X, s * a.Y, s * a.Z);

    /// <summary>Division by a scalar.</summary>
    public static Vec3 operator /(Vec3 a, double s) => new(a.X / s, a.Y / s, a.Z / s);
}
