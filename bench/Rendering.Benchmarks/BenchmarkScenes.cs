using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Fitting;
using Facebench.Geometry;
using Facebench.Morphable;
using Facebench.Morphable.Texture;

namespace Facebench.Rendering.Benchmarks;

/// <summary>The scenes the benchmarks draw and fit, built from the embedded reference head and its procedural albedo.</summary>
internal static class BenchmarkScenes
{
    public static readonly LinearMorphableModel Head = ReferenceModelBuilder.Build();
    public static readonly LinearTextureModel Albedo = ReferenceAlbedoBuilder.Build();

    /// <summary>
    /// A 5,000-vertex face mesh: the 5,000 front-most vertices of the reference head (largest z: the face and the front
    /// of the skull) with the triangles among them, as positions, per-vertex albedo and a mesh.
    /// </summary>
    public static (RenderMesh Mesh, double[] Positions, double[] Albedo) FaceMesh(int vertices = 5000)
    {
        ReadOnlySpan<float> mean = Head.Mean;
        int[] kept = [.. Enumerable.Range(0, Head.VertexCount).OrderByDescending(v => Head.Mean[(3 * v) + 2]).ThenBy(v => v).Take(vertices).Order()];
        var index = new int[Head.VertexCount];
        Array.Fill(index, -1);
        for (int i = 0; i < kept.Length; i++)
        {
            index[kept[i]] = i;
        }

        var triangles = new List<int>();
        ReadOnlySpan<int> all = Head.Triangles;
        for (int f = 0; f < all.Length; f += 3)
        {
            if (index[all[f]] >= 0 && index[all[f + 1]] >= 0 && index[all[f + 2]] >= 0)
            {
                triangles.AddRange([index[all[f]], index[all[f + 1]], index[all[f + 2]]]);
            }
        }

        var positions = new double[3 * kept.Length];
        var albedo = new double[3 * kept.Length];
        for (int i = 0; i < kept.Length; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                positions[(3 * i) + c] = mean[(3 * kept[i]) + c];
                albedo[(3 * i) + c] = Albedo.Mean[(3 * kept[i]) + c];
            }
        }

        return (new RenderMesh(kept.Length, [.. triangles]), positions, albedo);
    }

    /// <summary>A 224 × 224 camera and a pose that fills it with the face, turned a little.</summary>
    public static (Mat3 Rotation, Vec3 Translation, RenderCamera Camera) View() =>
        (HeadPose.CameraFromModel(0.3, 0.1, -0.05), new Vec3(3, -8, 560), new RenderCamera(ProjectionKind.Perspective, 540, 111.5, 111.5, 224, 224));

    /// <summary>
    /// A synthetic photo of the reference head (random identity, expression, albedo and light, seeded) at 320 × 320
    /// with its exact landmarks, and the landmark fit a photometric fit starts from.
    /// </summary>
    public static Photo RenderedPhoto(int seed)
    {
        var random = new Random(seed);
        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        int n = Head.VertexCount;
        float[] identity = [.. Enumerable.Range(0, Head.IdentityCount).Select(_ => (float)(0.8 * Gaussian()))];
        float[] expression = [.. Enumerable.Range(0, Head.ExpressionCount).Select(_ => (float)Math.Abs(0.4 * Gaussian()))];
        float[] texture = [.. Enumerable.Range(0, Albedo.ComponentCount).Select(_ => (float)Gaussian())];
        var vertices = new float[3 * n];
        Head.Evaluate(identity, expression, vertices);
        var colours = new float[3 * n];
        Albedo.Evaluate(texture, colours);
        var camera = CameraIntrinsics.FromFieldOfView(320, 320, 30);
        Mat3 rotation = HeadPose.CameraFromModel((random.NextDouble() - 0.5) * Math.PI / 3, (random.NextDouble() - 0.5) * 0.35, 0.05);
        var translation = new Vec3(4, -6, 560 + (80 * random.NextDouble()));
        var lighting = new double[SphericalHarmonics.CoefficientCount];
        SphericalHarmonics.AmbientAndDirectional(0.55 + (0.1 * random.NextDouble()), 0.3, (random.NextDouble() - 0.5, -0.5, -1), (1, 0.95, 0.9), lighting);
        var renderer = new DifferentiableRenderer(new RenderMesh(n, Head.Triangles.ToArray()), 320, 320) { Background = (0.43f, 0.43f, 0.43f) };
        renderer.SetGeometry([.. vertices.Select(v => (double)v)], rotation, translation, 1, RenderCamera.Perspective(camera));
        renderer.Shade(lighting, [.. colours.Select(v => (double)v)]);
        var landmarks = new Point2[LandmarkEmbedding.IbugCount];
        for (int i = 0; i < landmarks.Length; i++)
        {
            LandmarkBinding b = Head.Landmarks.Points[i];
            Vec3 p = (b.W0 * Vec3.Read(vertices.AsSpan(3 * b.V0, 3))) + (b.W1 * Vec3.Read(vertices.AsSpan(3 * b.V1, 3))) + (b.W2 * Vec3.Read(vertices.AsSpan(3 * b.V2, 3)));
            landmarks[i] = Pinhole.Project(camera, rotation, 1, translation, p);
        }

        var fitter = new LandmarkFitter(Head, new LandmarkFitterOptions { Contours = false });
        fitter.Fit(landmarks, camera.FocalLength, camera.Cx, camera.Cy);
        return new Photo(ImageConversion.ToRgb24(renderer.Image, 320, 320), camera, landmarks, fitter.ToResult(camera), vertices);
    }

    /// <summary>A rendered photo, its camera and landmarks, the landmark fit, and the true mesh.</summary>
    public sealed record Photo(Contracts.Imaging.ImageBuffer Image, CameraIntrinsics Camera, Point2[] Landmarks, LandmarkFitResult Start, float[] TrueVertices);
}
