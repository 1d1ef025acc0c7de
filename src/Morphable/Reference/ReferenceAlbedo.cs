using static Facebench.Morphable.Reference.FaceFeatures;

namespace Facebench.Morphable.Reference;

/// <summary>
/// The procedural albedo of the synthetic reference head: a mean skin colour with hair on the scalp, darker brows,
/// redder lips, eyes with sclera and iris, nostrils, and variation along eight named colour fields (each at one
/// standard deviation of a plausible population): skin darkness (melanin), redness (blood), yellowness, lip colour,
/// brow darkness, cheek flush, hair lightness and under-eye shadow. <b>Synthetic</b>: chosen by hand so that the
/// embedded default renders a plausible face with enough texture for photometric alignment; it says nothing about
/// real skin. Colours are sRGB reflectances in [0, 1], written in <see cref="FaceFeatures"/> coordinates (mm).
/// </summary>
internal static class ReferenceAlbedo
{
    /// <summary>Base skin colour (a light-to-medium tone).</summary>
    private static readonly (double R, double G, double B) Skin = (0.78, 0.58, 0.48);

    private static readonly (double R, double G, double B) Hair = (0.22, 0.16, 0.12);

    private static readonly (double R, double G, double B) Lips = (0.68, 0.36, 0.36);

    private static readonly (double R, double G, double B) Brows = (0.32, 0.24, 0.19);

    /// <summary>The eight variation fields: name and (x, y, z, face weight) → RGB change at one standard deviation.</summary>
    public static IReadOnlyList<(string Name, Func<double, double, double, double, (double, double, double)> Field)> Variations { get; } =
    [
        ("skin darkness", (x, y, z, f) => Scale(SkinWeight(x, y, z, f), -0.16, -0.15, -0.12)),
        ("redness", (x, y, z, f) => Scale(SkinWeight(x, y, z, f), 0.04, -0.015, -0.01)),
        ("yellowness", (x, y, z, f) => Scale(SkinWeight(x, y, z, f), 0.015, 0.02, -0.045)),
        ("lip colour", (x, y, z, f) => Scale(LipWeight(x, y) * f, 0.07, -0.06, -0.03)),
        ("brow darkness", (x, y, z, f) => Scale(BrowWeight(x, y) * f, -0.08, -0.07, -0.06)),
        ("cheek flush", (x, y, z, f) => Scale(Pair(x, y, 42, -20, 14, 12) * f, 0.06, -0.01, -0.005)),
        ("hair lightness", (x, y, z, f) => Scale(HairWeight(x, y, z, f), 0.12, 0.09, 0.06)),
        ("under-eye shadow", (x, y, z, f) => Scale(Pair(x, y, EyeX, EyeY - 9, 13, 4) * f, -0.05, -0.05, -0.03)),
    ];

    /// <summary>The mean albedo at a neutral vertex.</summary>
    public static (double R, double G, double B) Mean(double x, double y, double z, double f)
    {
        (double r, double g, double b) = Skin;
        double hair = HairWeight(x, y, z, f);
        (r, g, b) = Mix((r, g, b), Hair, hair);
        (r, g, b) = Mix((r, g, b), Lips, LipWeight(x, y) * f);
        (r, g, b) = Mix((r, g, b), Brows, 0.85 * BrowWeight(x, y) * f);

        // Eyes: white sclera across the fissure, a dark iris in its middle, a darker lash line above.
        double sclera = f * Math.Max(Ellipse(x - EyeX, y - EyeY - 0.5, 11, 3.2), Ellipse(x + EyeX, y - EyeY - 0.5, 11, 3.2));
        (r, g, b) = Mix((r, g, b), (0.86, 0.84, 0.80), sclera);
        double iris = f * Math.Max(Ellipse(x - EyeX, y - EyeY - 0.5, 4.5, 3.2), Ellipse(x + EyeX, y - EyeY - 0.5, 4.5, 3.2));
        (r, g, b) = Mix((r, g, b), (0.25, 0.18, 0.13), iris);
        (r, g, b) = Mix((r, g, b), (0.35, 0.25, 0.22), 0.6 * f * Pair(x, y, EyeX, EyeY + 4, 10, 1.4));

        // Nostrils and a shaded philtrum-free nose base.
        (r, g, b) = Mix((r, g, b), (0.35, 0.22, 0.2), 0.8 * f * Pair(x, y, 7, NoseBaseY + 2, 3, 1.8));
        return (r, g, b);
    }

    /// <summary>
    /// The face region for photometric fitting: the front of the head from below the chin to the hairline, between
    /// the ears (no hair, ears, neck or back of the head).
    /// </summary>
    public static double Region(double x, double y, double z, double f) =>
        f >= 0.6 && y > ChinY - 4 && y < 62 && Math.Abs(x) < 62 && HairWeight(x, y, z, f) < 0.05 ? 1 : 0;

    /// <summary>Hair covers the scalp above a hairline at about 65 mm in front and lower at the sides and back.</summary>
    private static double HairWeight(double x, double y, double z, double f)
    {
        double hairline = 66 - (40 * (1 - f));
        return SmoothStep(hairline - 3, hairline + 3, y);
    }

    private static double SkinWeight(double x, double y, double z, double f) =>
        (1 - HairWeight(x, y, z, f)) * (1 - (0.9 * f * Math.Max(Ellipse(x - EyeX, y - EyeY - 0.5, 11, 3.2), Ellipse(x + EyeX, y - EyeY - 0.5, 11, 3.2))));

    private static double LipWeight(double x, double y) =>
        Math.Max(Ellipse(x, y - (MouthY + 3.5), MouthX - 1, 3.8), Ellipse(x, y - (MouthY - 4.5), MouthX - 5, 4.8));

    private static double BrowWeight(double x, double y)
    {
        // A band along the brow arch, thicker at the inner end.
        double side = Math.Abs(x);
        if (side < 8 || side > 52)
        {
            return 0;
        }

        double arch = BrowY + 3 - (0.004 * (side - 30) * (side - 30));
        return Math.Exp(-0.5 * Math.Pow((y - arch) / (2.6 - (0.02 * (side - 8))), 2)) * SmoothStep(8, 12, side) * SmoothStep(52, 46, side);
    }

    /// <summary>A soft-edged ellipse: 1 inside, 0 outside, blended over the outer quarter.</summary>
    private static double Ellipse(double dx, double dy, double rx, double ry)
    {
        double d = Math.Sqrt(((dx / rx) * (dx / rx)) + ((dy / ry) * (dy / ry)));
        return SmoothStep(1.0, 0.75, d);
    }

    private static (double, double, double) Mix((double R, double G, double B) a, (double R, double G, double B) b, double t) =>
        (a.R + (t * (b.R - a.R)), a.G + (t * (b.G - a.G)), a.B + (t * (b.B - a.B)));

    private static (double, double, double) Scale(double w, double r, double g, double b) => (w * r, w * g, w * b);
}
