using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Plugins.Compare.Models;
using Facebench.Plugins.Fit.Landmarks;
using Facebench.Plugins.Models.Published;
using Facebench.Testing;

namespace Facebench.ModelFormats.Tests;

public sealed class PluginTests
{
    [Fact]
    public void ModelFlameFindsTheEmbeddingBesideTheFileAndIsArticulated()
    {
        string folder = Fixture.TempFolder();
        File.Copy(Fixture.Path("flame", "flame2020_small.pkl"), Path.Combine(folder, "generic_model.pkl"));
        File.Copy(Fixture.Path("flame", "landmark_embedding_small.npy"), Path.Combine(folder, "landmark_embedding.npy"));
        var plugin = new FlameModelPlugin();
        var context = new TestPluginContext(pipelineDirectory: folder);
        plugin.Initialize(new FlameModelOptions { Path = "generic_model.pkl", FileIdentityComponents = 8, IdentityComponents = 6 }, context);
        var model = Assert.IsAssignableFrom<IArticulatedModel>(plugin.Instance);
        Assert.Equal(6, model.IdentityCount);
        Assert.Equal(4, model.ExpressionCount);
        Assert.Equal(68, model.Landmarks.MappedCount);
        Assert.NotNull(model.DynamicContour);
        Assert.True(plugin.IsAvailable);
    }

    [Fact]
    public void OptionalModelsWithoutAFileAreUnavailableAndRequiredOnesFail()
    {
        var optional = new BfmModelPlugin();
        optional.Initialize(new BfmModelOptions { Path = "", Optional = true }, new TestPluginContext());
        Assert.False(optional.IsAvailable);
        Assert.Contains("no 'path' given", optional.UnavailableReason);
        Assert.Throws<PluginInputException>(() => optional.Instance);

        var required = new FaceVerseModelPlugin();
        var e = Assert.Throws<PluginInputException>(() => required.Initialize(new FaceVerseModelOptions(), new TestPluginContext()));
        Assert.Contains("model.faceverse", e.Message);

        var missing = new FlameModelPlugin();
        var f = Assert.ThrowsAny<PluginInputException>(() => missing.Initialize(new FlameModelOptions { Path = "/nonexistent/flame.pkl" }, new TestPluginContext()));
        Assert.Contains("/nonexistent/flame.pkl", f.Message);
    }

    [Fact]
    public void FitLandmarksFitsTheJawOfAnArticulatedModel()
    {
        var model = FlameTests.Load();
        ArticulatedFaces.Face face = ArticulatedFaces.Draw(model, 8, 4, [2], 1, seed: 21)[0];
        var stage = new FitLandmarksStage();
        stage.Initialize(new FitLandmarksOptions { Model = "flame", Joints = ["jaw"] }, new TestPluginContext().WithComponent("flame", model));
        var sample = new Sample("s0")
            .With(CoreFacets.Landmarks, face.Landmarks)
            .With(MorphableFacets.Camera, new CameraIntrinsics(face.Focal, face.Cx, face.Cy, 640, 480));
        Sample fitted = stage.Process(sample, CancellationToken.None);
        Assert.True(fitted.Get(FittingFacets.LandmarkFit).RmsePx < 1.5);
        double[] joints = fitted.Get(ArticulatedFacets.FittedJointRotations);
        Assert.Equal(15, joints.Length);
        Assert.True(Math.Abs(joints[6] - face.Rotations[0]) < 0.1, $"jaw {joints[6]:F3} rad, true {face.Rotations[0]:F3}");

        var e = Assert.Throws<PluginInputException>(() => new FitLandmarksStage().Initialize(new FitLandmarksOptions { Model = "flame", Joints = ["elbow"] }, new TestPluginContext().WithComponent("flame", model)));
        Assert.Contains("elbow", e.Message);
    }

    [Fact]
    public void TheComparisonDrawsPosesInTheConfiguredDegreeRangesAndTheFitRecoversThem()
    {
        // The ranges are degrees; once they were read as radians, which drew faces turned away (fitted yaws of 149°).
        var context = new TestPluginContext().WithComponent("flame", FlameTests.Load());
        var options = new ModelComparisonOptions { Models = ["flame"], Count = 12, NoiseSigma = 0.5, Yaw = [-30, 30], Pitch = [-10, 10], Roll = [-8, 8] };
        var source = new ModelComparisonSource();
        source.Initialize(options, context);
        var stage = new ModelComparisonFitStage();
        stage.Initialize(new ModelComparisonFitOptions { Models = ["flame"] }, context);
        foreach (Sample sample in source.Read(CancellationToken.None))
        {
            HeadAngles truth = sample.Get(MorphableFacets.TrueParameters).Angles;
            Assert.InRange(truth.Yaw, -30.0001, 30.0001);
            Assert.InRange(truth.Pitch, -10.0001, 10.0001);
            Assert.InRange(truth.Roll, -8.0001, 8.0001);
            HeadAngles fitted = stage.Process(sample, CancellationToken.None).Get(FittingFacets.LandmarkFit).Parameters.Angles;
            Assert.True(Math.Abs(fitted.Yaw - truth.Yaw) < 5, $"{sample.Id}: fitted yaw {fitted.Yaw:F1}°, true {truth.Yaw:F1}°");
        }
    }

    [Fact]
    public void TheComparisonRunsTheConfiguredModelsAndNotesTheOthers()
    {
        var context = new TestPluginContext()
            .WithComponent("flame", FlameTests.Load())
            .WithComponent("faceverse", Facebench.Morphable.Formats.FaceVerse.FaceVerseReader.Read(Fixture.Path("faceverse", "faceverse_v2_small.npy")));
        var bfm = new BfmModelPlugin();
        bfm.Initialize(new BfmModelOptions { Optional = true }, context);
        context.WithComponent("bfm", bfm);
        string[] models = ["flame", "faceverse", "bfm"];
        var source = new ModelComparisonSource();
        source.Initialize(new ModelComparisonOptions { Models = models, Count = 6, NoiseSigma = 0.5 }, context);
        List<Sample> samples = [.. source.Read(CancellationToken.None)];
        Assert.Equal(12, samples.Count);
        Assert.Contains(context.Warnings, w => w.Contains("'bfm'"));
        var stage = new ModelComparisonFitStage();
        stage.Initialize(new ModelComparisonFitOptions { Models = models }, context);
        List<Sample> fitted = [.. samples.Select(s => stage.Process(s, CancellationToken.None))];
        var report = new ModelComparisonReport();
        report.Initialize(new ModelComparisonReportOptions { Models = models }, context);
        ReportSection section = report.Build(new ReportContext("compare", "run", Fixture.TempFolder(), fitted));
        ReportTable table = section.Blocks.OfType<ReportTable>().Single();
        Assert.Equal(2, table.Rows.Count);
        Assert.Equal("6 / 6", table.Rows[0][5]);
        Assert.Contains(section.Blocks.OfType<ReportParagraph>(), p => p.Text.StartsWith("Skipped 'bfm'", StringComparison.Ordinal));
        Assert.Contains(section.Metrics, m => m.Name == "nme_median.flame" && m.Value < 0.05);
    }
}
