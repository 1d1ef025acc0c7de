using System.Globalization;
using Facebench.Contracts;
using Facebench.Plotting;
using ScottPlot;

namespace Facebench.Plugins.Fit.TextureGan;

/// <summary>Options of <c>report.texture-gan</c>.</summary>
public sealed class TextureGanReportOptions
{
    [Option("Photos whose side-by-side renders are shown (the first N).")]
    public int Images { get; set; } = 4;
}

/// <summary>
/// Linear texture against the generator per photo: identity cosine of render and photo (the recogniser's embeddings of
/// the photo and of the render composited over it), photometric error, landmark NME and time; the schedule stage by
/// stage (NME and photometric error after each, how far the last stage moved the shape, its loss), so that a reader
/// sees whether the geometry moved in the last stage; and the renders side by side (photo crop | linear texture | generator).
/// </summary>
[Plugin("report.texture-gan", PluginKind.Report, "1.1.0", "Linear vs generator texture: identity cosine, photometric error, NME and loss per stage, time, renders side by side")]
public sealed class TextureGanReport : Plugin<TextureGanReportOptions>, IReportSection
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        if (Options.Images < 0)
        {
            throw new PluginInputException($"report.texture-gan: images must be 0 or more, not {Options.Images}.");
        }
    }

    /// <inheritdoc />
    public ReportSection Build(ReportContext context)
    {
        var rows = context.Succeeded.Where(s => s.Has(TextureGanFacets.Result)).Select(s => (Sample: s, Result: s.Get(TextureGanFacets.Result))).ToList();
        var section = new ReportSection("Texture: linear model vs generator (GANFIT texture stage)");
        if (rows.Count == 0)
        {
            return section.Paragraph("No sample carries a texture_gan result (did fit.texture-gan run and succeed?).");
        }

        section
            .Metric("linear_identity_cosine", rows.Average(r => r.Result.LinearIdentityCosine))
            .Metric("generator_identity_cosine", rows.Average(r => r.Result.GeneratorIdentityCosine))
            .Metric("linear_photometric_mae", rows.Average(r => r.Result.LinearPhotometricMae), "grey levels")
            .Metric("generator_photometric_mae", rows.Average(r => r.Result.GeneratorPhotometricMae), "grey levels")
            .Metric("photometric_landmark_nme", rows.Average(r => r.Result.LandmarkNme))
            .Metric("generator_landmark_nme", rows.Average(r => r.Result.GeneratorLandmarkNme))
            .Metric("generator_shape_change", rows.Average(r => r.Result.ShapeChange), "model units (RMS over vertices)")
            .Paragraph($"{rows.Count} photos. Identity cosine: the recogniser's embeddings of the photo and of the render composited over it "
                + "(1 = same identity). The linear texture is rendered on the photometric fit's geometry. The generator's stages: its latent code and the "
                + "lighting against the photometric term on that geometry, then all terms (photometric, identity, content, landmarks, priors) on it, then "
                + (rows.All(r => r.Result.JointGeometry) ? "all terms over shape, expression and pose as well (joint_geometry), so its NME and shape differ from the photometric fit's."
                    : rows.Any(r => r.Result.JointGeometry) ? "for some photos all terms over shape, expression and pose as well (joint_geometry)." : "nothing more: joint_geometry is off, the geometry stays the photometric fit's."))
            .Table(new ReportTable(
                "Per photo",
                ["photo", "identity cos (linear)", "identity cos (generator)", "identity cos (generator, identity loss off)", "photometric MAE (linear)", "photometric MAE (generator)", "NME", "time linear (ms)", "time generator (ms)"],
                [.. rows.Select(r => (IReadOnlyList<string>)[
                    r.Sample.Id, F(r.Result.LinearIdentityCosine, "0.000"), F(r.Result.GeneratorIdentityCosine, "0.000"), double.IsNaN(r.Result.GeneratorIdentityCosineWithoutIdentity) ? "not run" : F(r.Result.GeneratorIdentityCosineWithoutIdentity, "0.000"),
                    F(r.Result.LinearPhotometricMae, "0.00"), F(r.Result.GeneratorPhotometricMae, "0.00"), F(r.Result.LandmarkNme, "0.0000"),
                    F(r.Result.LinearFitMs, "0"), F(r.Result.GeneratorFitMs, "0")])]))
            .Table(new ReportTable(
                "Stage by stage (NME: mean landmark distance over the outer-eye-corner distance; MAE in grey levels over the face mask)",
                ["photo", "NME landmarks", "NME photometric", "MAE photometric (linear)", "MAE generator, photometric term", "all-terms loss: start → geometry frozen → geometry fitted", "MAE generator, all terms", "NME generator, all terms", "shape moved (RMS, model units)"],
                [.. rows.Select(r => (IReadOnlyList<string>)[
                    r.Sample.Id, F(r.Result.LandmarkStageNme, "0.0000"), F(r.Result.LandmarkNme, "0.0000"), F(r.Result.LinearPhotometricMae, "0.00"),
                    F(r.Result.GeneratorPhotometricStageMae, "0.00"), $"{F(r.Result.AllTermsLossStart, "0.0000")} → {F(r.Result.AllTermsLossFrozen, "0.0000")} → {F(r.Result.AllTermsLossEnd, "0.0000")}",
                    F(r.Result.GeneratorPhotometricMae, "0.00"), F(r.Result.GeneratorLandmarkNme, "0.0000"), F(r.Result.ShapeChange, "0.000")])]));

        foreach (var (sample, result) in rows.Take(Options.Images))
        {
            string path = Path.Combine(context.RunDirectory, result.Comparison);
            if (!File.Exists(path))
            {
                section.Paragraph($"{sample.Id}: the side-by-side image {path} is missing.");
                continue;
            }

            byte[] png = File.ReadAllBytes(path);
            var picture = new ScottPlot.Image(png);
            Plot plot = HouseStyle.NewPlot();
            plot.Add.ImageRect(picture, new CoordinateRect(0, picture.Width, picture.Height, 0));
            plot.Axes.SetLimits(0, picture.Width, picture.Height, 0);
            plot.Axes.SquareUnits();
            plot.Grid.IsVisible = false;
            plot.Title($"{sample.Id}: photo | linear (cos {result.LinearIdentityCosine:0.000}) | generator (cos {result.GeneratorIdentityCosine:0.000})");
            section.Figure($"texture-gan-{sample.Index}", FigureRenderer.Render(plot, new FigureSize(900, 400)), $"{sample.Id}: the photo crop, the linear texture's render over it and the generator's render over it.");
        }

        return section;
    }

    private static string F(double value, string format) => value.ToString(format, Invariant);
}
