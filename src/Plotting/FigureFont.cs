using ScottPlot;
using ScottPlot.FontResolvers;
using SkiaSharp;

namespace Facebench.Plotting;

/// <summary>
/// The one font every figure is drawn with, loaded from its file rather than looked up among the system's fonts, so
/// that a machine with other fonts installed (or none) draws the same glyphs and measures the same text: same results,
/// same bytes. The file comes from the Debian package fonts-dejavu-core (declared in <c>build/assets/fonts.txt</c>);
/// <c>FACEBENCH_FONT_DIR</c> points elsewhere on machines that keep fonts in another folder.
/// </summary>
public static class FigureFont
{
    /// <summary>The family name written into SVG text, so browsers that have the font show the same glyphs.</summary>
    public const string Family = "DejaVu Sans";

    /// <summary>Where fonts-dejavu-core installs its files.</summary>
    public const string DefaultDirectory = "/usr/share/fonts/truetype/dejavu";

    private const string RegularFile = "DejaVuSans.ttf";
    private const string BoldFile = "DejaVuSans-Bold.ttf";
    private static readonly Lazy<(SKTypeface Regular, SKTypeface Bold)> Typefaces = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The folder the font files are read from.</summary>
    public static string Directory => Environment.GetEnvironmentVariable("FACEBENCH_FONT_DIR") is { Length: > 0 } dir ? dir : DefaultDirectory;

    /// <summary>The regular face (tick labels, axis labels, legends).</summary>
    public static SKTypeface Regular => Typefaces.Value.Regular;

    /// <summary>The bold face (titles).</summary>
    public static SKTypeface Bold => Typefaces.Value.Bold;

    /// <summary>
    /// Loads the font files (once per process) and makes them ScottPlot's default, ahead of its system-font resolver.
    /// </summary>
    /// <exception cref="FileNotFoundException">A font file is missing; the message names it and how to install it.</exception>
    public static void EnsureLoaded() => _ = Typefaces.Value;

    private static (SKTypeface, SKTypeface) Load()
    {
        string regular = Path.Combine(Directory, RegularFile);
        string bold = Path.Combine(Directory, BoldFile);
        SKTypeface regularFace = Open(regular);
        SKTypeface boldFace = Open(bold);

        // Resolvers are asked in order: put the files first, so "DejaVu Sans" never resolves to some other installed copy.
        Fonts.FontResolvers.Insert(0, new FileFontResolver(Family, regular, FontWeight.Normal, FontSlant.Upright, FontSpacing.Normal));
        Fonts.FontResolvers.Insert(0, new FileFontResolver(Family, bold, FontWeight.Bold, FontSlant.Upright, FontSpacing.Normal));

        // Labels created from now on carry this typeface itself (it wins over a font name), and unnamed fonts mean it.
        Fonts.Default = Family;
        Fonts.Sans = Family;
        Fonts.DefaultFontStyle = regularFace;
        return (regularFace, boldFace);
    }

    internal static SKTypeface Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Figure font {path} is missing: figures are drawn with DejaVu Sans from that file so that they are the same on every machine. " +
                "Install it with ./build.sh --target=assets (Debian package fonts-dejavu-core), or set FACEBENCH_FONT_DIR to a folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf.",
                path);
        }

        SKTypeface? face = SKTypeface.FromFile(path);
        if (face is null || face.FamilyName != Family)
        {
            throw new InvalidDataException($"Figure font {path} could not be read as {Family} (found '{face?.FamilyName ?? "no font"}').");
        }

        return face;
    }
}
