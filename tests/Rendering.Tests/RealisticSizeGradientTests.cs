using Facebench.Geometry;
using Facebench.Morphable;
using Facebench.Rendering;

namespace Facebench.Rendering.Tests;

/// <summary>
/// The gradients at a realistic size: the whole 12,674-vertex reference head with its procedural albedo at 224 × 224,
/// checked along random directions in position, albedo and lighting space and for the pose (directional derivatives
/// against central differences, the way a fitter consumes them).
/// </summary>
public sealed class RealisticSizeGradientTests
{
    [Fact]
    public void Directional_derivatives_of_a_reference_head_render_match_finite_differences()
    {
        LinearMorphableModel head = ReferenceModelBuilder.Build();
        var albedoModel = ReferenceAlbedoBuilder.Build();
        int n = head.VertexCount;
        double[] positions = [.. head.Mean.ToArray().Select(v => (double)v)];
        double[] albedo = [.. albedoModel.Mean.ToArray().Select(v => (double)v)];
        var lighting = new double[SphericalHarmonics.CoefficientCount];
        SphericalHarmonics.AmbientAndDirectional(0.6, 0.35, (0.4, -0.5, -1), (1, 0.95, 0.9), lighting);
        var mesh = new RenderMesh(n, head.Triangles.ToArray(), inRegion: RenderMesh.RegionFromVertices(head.Triangles, albedoModel.FaceRegion));
        var renderer = new DifferentiableRenderer(mesh, 224, 224);
        Mat3 rotation = HeadPose.CameraFromModel(0.35, 0.1, -0.05);
        var translation = new Vec3(3, -6, 620);
        var camera = new RenderCamera(ProjectionKind.Perspective, 560, 111.5, 111.5, 224, 224);
        void Render()
        {
            renderer.SetGeometry(positions, rotation, translation, 1, camera);
            renderer.Shade(lighting, albedo);
        }

        Render();
        var check = new GradientCheck(renderer, seed: 13);
        Assert.True(check.PixelCount > 8000, $"mask of {check.PixelCount} pixels");
        var gradients = new RenderGradients(n);
        renderer.Backward(check.PixelGradient, gradients);

        var random = new Random(17);
        for (int trial = 0; trial < 4; trial++)
        {
            double[] direction = [.. Enumerable.Range(0, 3 * n).Select(_ => random.NextDouble() - 0.5)];
            double[] p0 = [.. positions], a0 = [.. albedo];
            double analyticPositions = direction.Zip(gradients.Positions, (d, g) => d * g).Sum();
            double fdPositions = check.Central(renderer, h => { for (int i = 0; i < positions.Length; i++) { positions[i] = p0[i] + (h * direction[i]); } Render(); }, 1e-6);
            GradientCheck.Close(fdPositions, analyticPositions, 1e-4, 1e-6, $"positions, direction {trial}");

            double analyticAlbedo = direction.Zip(gradients.VertexAlbedo, (d, g) => d * g).Sum();
            double fdAlbedo = check.Central(renderer, h => { for (int i = 0; i < albedo.Length; i++) { albedo[i] = a0[i] + (h * direction[i]); } renderer.Shade(lighting, albedo); }, 1e-4);
            GradientCheck.Close(fdAlbedo, analyticAlbedo, 1e-6, 1e-6, $"albedo, direction {trial}");
        }

        double[] l0 = [.. lighting];
        double[] lightDirection = [.. Enumerable.Range(0, lighting.Length).Select(_ => random.NextDouble() - 0.5)];
        double analyticLight = lightDirection.Zip(gradients.Lighting, (d, g) => d * g).Sum();
        double fdLight = check.Central(renderer, h => { for (int j = 0; j < lighting.Length; j++) { lighting[j] = l0[j] + (h * lightDirection[j]); } renderer.Shade(lighting, albedo); }, 1e-4);
        GradientCheck.Close(fdLight, analyticLight, 1e-6, 1e-6, "lighting");

        Mat3 r0 = rotation;
        var axis = new Vec3(0.3, -0.8, 0.5).Normalized();
        Rotations.AxisAngleDerivatives(Vec3.Zero, out Mat3 d0, out Mat3 d1, out Mat3 d2);
        Mat3 dR = ((axis.X * d0) + (axis.Y * d1) + (axis.Z * d2)) * r0;
        double fdRotation = check.Central(renderer, h => { rotation = Rotations.FromAxisAngle(h * axis) * r0; Render(); }, 1e-8);
        GradientCheck.Close(fdRotation, Mat3.FrobeniusDot(gradients.Rotation, dR), 1e-4, 1e-6, "rotation");

        Vec3 t0 = translation;
        var shift = new Vec3(0.2, 0.7, -0.4);
        double analyticTranslation = Vec3.Dot(shift, gradients.Translation);
        double fdTranslation = check.Central(renderer, h => { translation = t0 + (h * shift); Render(); }, 1e-6);
        GradientCheck.Close(fdTranslation, analyticTranslation, 1e-4, 1e-6, "translation");
    }
}
