using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Fitting;
using Facebench.Fitting.Photometric;
using Facebench.Geometry;
using Facebench.Morphable;
using Facebench.Rendering;

namespace Facebench.Photometric.Tests;

/// <summary>
/// The photometric objective's analytic gradient (renderer reverse pass, chain rule through pose, shape and texture
/// bases, landmark term, priors) against central finite differences, for per-vertex and UV albedo and every penalty.
/// </summary>
public sealed class PhotometricObjectiveTests
{
    private const int Size = 96;

    public static TheoryData<bool, PhotometricLossKind> Cases() => new()
    {
        { false, PhotometricLossKind.L2 },
        { false, PhotometricLossKind.L1 },
        { false, PhotometricLossKind.Huber },
        { true, PhotometricLossKind.L2 },
        { true, PhotometricLossKind.Huber },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_gradient_matches_finite_differences(bool uv, PhotometricLossKind loss)
    {
        (PhotometricObjective objective, double[] x) = Scene(uv, loss);
        var gradient = new double[x.Length];
        objective.EvaluateNatural(x, gradient);
        Assert.True(objective.Renderer.MaskPixels.Length > 1000, $"mask of {objective.Renderer.MaskPixels.Length} pixels");

        var scratch = new double[x.Length];
        for (int j = 0; j < x.Length; j++)
        {
            // UV texels are floats: a texture step must move them by far more than their rounding (the loss is
            // quadratic in γ, so a large central step is still exact).
            bool texel = uv && j >= objective.TextureOffset && j < objective.LightingOffset;
            double step = j < 3 ? 1e-7 : j < 6 ? 1e-5 : texel ? 1e-2 : 1e-6;
            double fd = double.NaN;
            for (int attempt = 0; attempt < 6 && double.IsNaN(fd); attempt++, step /= 4)
            {
                // A pixel entering or leaving the mask changes the mean's normaliser: retry with a smaller step then.
                double original = x[j];
                x[j] = original + step;
                double plus = objective.EvaluateNatural(x, scratch);
                int maskPlus = objective.Renderer.MaskPixels.Length;
                x[j] = original - step;
                double minus = objective.EvaluateNatural(x, scratch);
                int maskMinus = objective.Renderer.MaskPixels.Length;
                x[j] = original;
                fd = maskPlus == maskMinus ? (plus - minus) / (2 * step) : double.NaN;
            }

            Assert.False(double.IsNaN(fd), $"variable {j}: the mask changed under every step tried");
            double scale = Math.Max(Math.Max(Math.Abs(fd), Math.Abs(gradient[j])), 1e-4);
            Assert.True(Math.Abs(fd - gradient[j]) <= 2e-4 * scale, $"variable {j} ({Name(objective, j)}): analytic {gradient[j]:G8}, finite difference {fd:G8}");
        }
    }

    [Fact]
    public void The_appearance_solve_and_a_joint_round_lower_the_objective()
    {
        (PhotometricObjective objective, double[] x) = Scene(uv: false, PhotometricLossKind.L2);
        var gradient = new double[x.Length];
        double start = objective.EvaluateNatural(x, gradient);
        Mat3 rotation = objective.ReferenceRotation;
        var z = new double[x.Length];
        var prior = new double[SphericalHarmonics.CoefficientCount];
        x.AsSpan(objective.LightingOffset, prior.Length).CopyTo(prior);
        objective.Start(rotation, x, prior, geometryActive: false, z);
        objective.SolveAppearance(3);
        double appearance = objective.EvaluateNatural(objective.Natural.ToArray(), gradient);
        Assert.True(appearance < start, $"appearance solve: {start:G5} → {appearance:G5}");

        x = objective.Natural.ToArray();
        objective.Start(rotation, x, prior, geometryActive: true, z);
        var lbfgs = new Lbfgs(objective.VariableCount);
        LbfgsReport report = lbfgs.Minimize(objective, z.AsSpan(0, objective.Dimension), 30);
        Assert.True(report.Value < appearance, $"joint round: {appearance:G5} → {report.Value:G5} ({report.Status})");
    }

    /// <summary>
    /// An objective on the test hemisphere: the "photo" is the render of a true state with a ripple added, the
    /// landmarks its projections moved by up to a pixel, and the point x a perturbed state (so that every term has a
    /// gradient).
    /// </summary>
    internal static (PhotometricObjective Objective, double[] X) Scene(bool uv, PhotometricLossKind loss)
    {
        LinearMorphableModel model = TestModels.Hemisphere();
        ITextureModel texture = uv ? TestModels.UvTexture(model) : TestModels.VertexTexture(model);
        var basis = new PhotometricBasis(model, texture);
        var objective = new PhotometricObjective(basis, new LandmarkBasis(model), Size, Size)
        {
            Weights = new PhotometricWeights { Loss = loss, HuberDelta = 8, Landmark = 0.05, PriorIdentity = 1e-3, PriorExpression = 1e-3, PriorTexture = 1e-3, PriorLighting = 1e-4 },
        };

        (Mat3 rotation, Vec3 translation, RenderCamera camera) = TestModels.View(Size);
        var truth = new double[objective.VariableCount];
        truth[3] = translation.X;
        truth[4] = translation.Y;
        truth[5] = translation.Z;
        truth[6] = 0.8;
        truth[7] = -0.5;
        truth[8] = 0.3;
        truth[9] = 0.6;
        truth[objective.TextureOffset] = 0.7;
        truth[objective.TextureOffset + 1] = -0.4;
        var lighting = new double[SphericalHarmonics.CoefficientCount];
        SphericalHarmonics.AmbientAndDirectional(0.6, 0.35, (0.4, -0.3, -1), (1, 0.9, 0.8), lighting);
        lighting.CopyTo(truth.AsSpan(objective.LightingOffset));

        var landmarks = new Point2[LandmarkEmbedding.IbugCount];
        var vertices = new float[3 * model.VertexCount];
        model.Evaluate([0.8f, -0.5f, 0.3f], [0.6f], vertices);
        for (int i = 0; i < landmarks.Length; i++)
        {
            Vec3 p = HeadPose.Transform(rotation, 1, translation, Vec3.Read(vertices.AsSpan(3 * model.Landmarks.Points[i].V0, 3)));
            landmarks[i] = new Point2((camera.Focal * p.X / p.Z) + camera.Cx + Math.Sin(i), (camera.Focal * p.Y / p.Z) + camera.Cy + Math.Cos(i));
        }

        var photo = new double[Size * Size * 3];
        objective.SetPhoto(photo, camera, landmarks, contours: false);
        objective.Start(rotation, truth, lighting, geometryActive: false, new double[objective.VariableCount]);
        objective.Render(truth);
        objective.Renderer.Image.CopyTo(photo);
        for (int i = 0; i < photo.Length; i++)
        {
            photo[i] += 0.03 * Math.Sin(i * 0.37);
        }

        objective.SetPhoto(photo, camera, landmarks, contours: false);
        double[] x = [.. truth];
        x[0] = 0.01;
        x[1] = -0.02;
        x[2] = 0.015;
        x[3] += 1.5;
        x[5] -= 8;
        x[6] -= 0.4;
        x[9] -= 0.3;
        x[objective.TextureOffset] -= 0.5;
        x[objective.LightingOffset] *= 0.9;
        x[objective.LightingOffset + 11] += 0.1;
        return (objective, x);
    }

    private static string Name(PhotometricObjective objective, int j) =>
        j < 3 ? "rotation" : j < 6 ? "translation" : j < objective.TextureOffset ? "shape" : j < objective.LightingOffset ? "texture" : "lighting";
}
