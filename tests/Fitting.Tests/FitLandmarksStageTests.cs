using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Plugins.Fit.Landmarks;
using Facebench.Testing;

namespace Facebench.Fitting.Tests;

public sealed class FitLandmarksStageTests
{
    private static readonly SmoothTestModel Model = new();

    private static FitLandmarksStage Create(FitLandmarksOptions options)
    {
        var stage = new FitLandmarksStage();
        stage.Initialize(options, new TestPluginContext().WithComponent("model", Model));
        return stage;
    }

    [Fact]
    public void Stage_writes_the_fit_facet_using_the_sample_camera()
    {
        var basis = new LandmarkBasis(Model);
        SyntheticFace face = SyntheticFace.Draw(basis, new Random(41));
        FitLandmarksStage stage = Create(new FitLandmarksOptions { PriorIdentity = 1e-3, PriorExpression = 1e-3 });
        Sample sample = new Sample("synthetic-000001")
            .With(CoreFacets.Landmarks, face.Observed)
            .With(MorphableFacets.Camera, face.Camera);

        Sample fitted = stage.Process(sample, CancellationToken.None);

        LandmarkFitResult result = fitted.Get(FittingFacets.LandmarkFit);
        Assert.True(result.RmsePx < 0.1, $"RMSE {result.RmsePx:F4} px");
        Assert.Equal(face.Camera, result.Camera);
        Assert.Equal(Model.IdentityCount, result.Parameters.Identity.Length);
        Assert.Equal(Model.ExpressionCount, result.Parameters.Expression.Length);
        Assert.True(result.FitTimeMs > 0);
        Assert.InRange(result.Parameters.Angles.Yaw, face.Angles.Yaw - 1, face.Angles.Yaw + 1);
    }

    [Fact]
    public void Stage_falls_back_to_the_image_size_and_field_of_view()
    {
        var basis = new LandmarkBasis(Model);
        SyntheticFace face = SyntheticFace.Draw(basis, new Random(42), noisePx: 1);
        FitLandmarksStage stage = Create(new FitLandmarksOptions { Shape = 10, Expression = 0, Huber = 3 });
        Sample sample = new Sample("photo-1").With(CoreFacets.Landmarks, face.Observed).With(CoreFacets.ImageSize, new ImageSize(640, 480));

        LandmarkFitResult result = stage.Process(sample, CancellationToken.None).Get(FittingFacets.LandmarkFit);

        Assert.Equal(CameraIntrinsics.FromFieldOfView(640, 480, 40), result.Camera);
        Assert.Equal(10, result.Parameters.Identity.Length);
        Assert.Empty(result.Parameters.Expression);
        Assert.True(result.RmsePx < 3);
    }

    [Fact]
    public void Too_few_landmarks_fail_the_sample_with_the_reason()
    {
        FitLandmarksStage stage = Create(new FitLandmarksOptions());
        Point2[] few = [.. Enumerable.Repeat(Point2.Missing, 68)];
        few[30] = new Point2(300, 200);
        few[36] = new Point2(280, 180);
        Sample sample = new Sample("bad").With(CoreFacets.Landmarks, few).With(CoreFacets.ImageSize, new ImageSize(640, 480));

        var e = Assert.Throws<InsufficientLandmarksException>(() => stage.Process(sample, CancellationToken.None));
        Assert.Contains("only 2 of 68", e.Message);
    }

    [Fact]
    public void Bad_options_are_reported_by_name()
    {
        var e = Assert.Throws<PluginInputException>(() => Create(new FitLandmarksOptions { Huber = -1 }));
        Assert.Contains("'huber'", e.Message);
        e = Assert.Throws<PluginInputException>(() => Create(new FitLandmarksOptions { Model = "nope" }));
        Assert.Contains("nope", e.Message);
    }
}
