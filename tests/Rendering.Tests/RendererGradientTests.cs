using Facebench.Geometry;
using Facebench.Rendering;

namespace Facebench.Rendering.Tests;

/// <summary>
/// Every gradient of <see cref="DifferentiableRenderer.Backward"/> against central finite differences on a small mesh.
/// Steps are small (10⁻⁶ mm, 10⁻⁸ rad) because a pixel centre that crosses an interior edge during the step sees the
/// colour's kink there; with such steps that does not happen and the analytic gradients agree to about 10⁻⁸.
/// </summary>
public sealed class RendererGradientTests
{
    private const double Tolerance = 1e-5;

    [Theory]
    [InlineData(ProjectionKind.Perspective, false)]
    [InlineData(ProjectionKind.Orthographic, false)]
    [InlineData(ProjectionKind.Perspective, true)]
    public void Vertex_position_gradients_match_finite_differences(ProjectionKind kind, bool textured)
    {
        TestScene scene = TestScene.Hemisphere(textured: textured, kind: kind);
        var renderer = new DifferentiableRenderer(scene.Mesh, scene.Camera.Width, scene.Camera.Height);
        scene.Render(renderer);
        var check = new GradientCheck(renderer, seed: 3);
        Assert.True(check.PixelCount > 500, $"the test scene should cover a good part of the image; mask has {check.PixelCount} pixels");
        var gradients = Backward(scene, renderer, check);

        double largest = gradients.Positions.Max(Math.Abs);
        Assert.True(largest > 0);
        for (int index = 0; index < scene.Positions.Length; index++)
        {
            double original = scene.Positions[index];
            double fd = check.Central(renderer, h => { scene.Positions[index] = original + h; scene.Render(renderer); }, 1e-6);
            // Position steps are 10⁻⁶ mm, so rounding in the loss shows at about 10⁻⁵ of the smaller entries.
            GradientCheck.Close(fd, gradients.Positions[index], 5 * Tolerance, 1e-3 * largest, $"∂L/∂x[{index}]");
        }
    }

    [Fact]
    public void Albedo_and_lighting_gradients_match_finite_differences()
    {
        TestScene scene = TestScene.Hemisphere();
        var renderer = new DifferentiableRenderer(scene.Mesh, scene.Camera.Width, scene.Camera.Height);
        scene.Render(renderer);
        var check = new GradientCheck(renderer, seed: 5);
        var gradients = Backward(scene, renderer, check);

        double largestAlbedo = gradients.VertexAlbedo.Max(Math.Abs);
        for (int index = 0; index < scene.Albedo.Length; index++)
        {
            double original = scene.Albedo[index];
            double fd = check.Central(renderer, h => { scene.Albedo[index] = original + h; renderer.Shade(scene.Lighting, scene.Albedo); }, 1e-4);
            GradientCheck.Close(fd, gradients.VertexAlbedo[index], Tolerance, 1e-3 * largestAlbedo, $"∂L/∂albedo[{index}]");
        }

        for (int j = 0; j < SphericalHarmonics.CoefficientCount; j++)
        {
            double original = scene.Lighting[j];
            double fd = check.Central(renderer, h => { scene.Lighting[j] = original + h; renderer.Shade(scene.Lighting, scene.Albedo); }, 1e-4);
            GradientCheck.Close(fd, gradients.Lighting[j], Tolerance, 1e-6, $"∂L/∂ℓ[{j}]");
        }
    }

    [Fact]
    public void Texel_gradients_match_finite_differences()
    {
        TestScene scene = TestScene.Hemisphere(textured: true);
        var renderer = new DifferentiableRenderer(scene.Mesh, scene.Camera.Width, scene.Camera.Height);
        scene.Render(renderer);
        var check = new GradientCheck(renderer, seed: 7);
        var gradients = Backward(scene, renderer, check);
        float[] texels = scene.Texture!.Texels;
        double largest = gradients.Texture.Max(x => Math.Abs((double)x));
        Assert.True(largest > 0);
        for (int index = 0; index < texels.Length; index += 5)
        {
            float original = texels[index];
            // Texels are float: use a step that float represents exactly relative to the value.
            double fd = check.Central(renderer, h => { texels[index] = original + (float)h; renderer.Shade(scene.Lighting, scene.Texture); }, 1.0 / 1024);
            GradientCheck.Close(fd, gradients.Texture[index], 1e-4, 1e-3 * largest, $"∂L/∂texel[{index}]");
        }
    }

    [Theory]
    [InlineData(ProjectionKind.Perspective)]
    [InlineData(ProjectionKind.Orthographic)]
    public void Pose_and_camera_gradients_match_finite_differences(ProjectionKind kind)
    {
        TestScene scene = TestScene.Hemisphere(kind: kind);
        scene.Rotation = HeadPose.CameraFromModel(0.3, -0.15, 0.1);
        var renderer = new DifferentiableRenderer(scene.Mesh, scene.Camera.Width, scene.Camera.Height);
        scene.Render(renderer);
        var check = new GradientCheck(renderer, seed: 11);
        var gradients = Backward(scene, renderer, check);

        // Rotation: R(ω) = exp([ω]×)·R₀, so ∂L/∂ω_k = ⟨∂L/∂R, ∂R/∂ω_k⟩ at ω = 0.
        Mat3 r0 = scene.Rotation;
        Rotations.AxisAngleDerivatives(Vec3.Zero, out Mat3 d0, out Mat3 d1, out Mat3 d2);
        Mat3[] dR = [d0 * r0, d1 * r0, d2 * r0];
        for (int k = 0; k < 3; k++)
        {
            Vec3 axis = k == 0 ? Vec3.UnitX : k == 1 ? Vec3.UnitY : Vec3.UnitZ;
            double fd = check.Central(renderer, h => { scene.Rotation = Rotations.FromAxisAngle(h * axis) * r0; scene.Render(renderer); }, 1e-8);
            GradientCheck.Close(fd, Mat3.FrobeniusDot(gradients.Rotation, dR[k]), Tolerance, 1e-6, $"∂L/∂ω[{k}]");
        }

        Vec3 t0 = scene.Translation;
        for (int k = 0; k < 3; k++)
        {
            Vec3 axis = k == 0 ? Vec3.UnitX : k == 1 ? Vec3.UnitY : Vec3.UnitZ;
            double fd = check.Central(renderer, h => { scene.Translation = t0 + (h * axis); scene.Render(renderer); }, 1e-6);
            GradientCheck.Close(fd, gradients.Translation[k], Tolerance, 1e-6, $"∂L/∂t[{k}]");
        }

        double fdScale = check.Central(renderer, h => { scene.Scale = 1 + h; scene.Render(renderer); }, 1e-8);
        GradientCheck.Close(fdScale, gradients.Scale, Tolerance, 1e-6, "∂L/∂s");

        RenderCamera c0 = scene.Camera;
        double focalStep = 1e-8 * c0.Focal;
        double fdFocal = check.Central(renderer, h => { scene.Camera = c0 with { Focal = c0.Focal + h }; scene.Render(renderer); }, focalStep);
        GradientCheck.Close(fdFocal, gradients.Focal, Tolerance, 1e-6, "∂L/∂f");
        double fdCx = check.Central(renderer, h => { scene.Camera = c0 with { Cx = c0.Cx + h }; scene.Render(renderer); }, 1e-6);
        GradientCheck.Close(fdCx, gradients.Cx, Tolerance, 1e-6, "∂L/∂cx");
        double fdCy = check.Central(renderer, h => { scene.Camera = c0 with { Cy = c0.Cy + h }; scene.Render(renderer); }, 1e-6);
        GradientCheck.Close(fdCy, gradients.Cy, Tolerance, 1e-6, "∂L/∂cy");
    }

    private static RenderGradients Backward(TestScene scene, DifferentiableRenderer renderer, GradientCheck check)
    {
        var gradients = new RenderGradients(scene.Mesh.VertexCount, scene.Texture?.Width ?? 0, scene.Texture?.Height ?? 0);
        renderer.Backward(check.PixelGradient, gradients);
        return gradients;
    }
}
