using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Fitting.Photometric;
using Facebench.Geometry;
using Facebench.Morphable;
using Facebench.Rendering;
using Facebench.TextureGenerators;

namespace Facebench.Fitting.Generative.Tests;

/// <summary>
/// A synthetic photo with known geometry for the joint last stage: the reference head under a known pose, shape and
/// expression, textured by the test generator at a known latent code and lit by a known SH light, rendered through the
/// same <see cref="GeometryChain"/> the fit uses; the observed landmarks are the truth's projections.
/// </summary>
/// <param name="Model">The reference head.</param>
/// <param name="Linear">Its procedural albedo (the generator imitates it).</param>
/// <param name="Generator">The test generator.</param>
/// <param name="Chain">The geometry chain (renderer, basis, camera, observed landmarks, reference rotation).</param>
/// <param name="Truth">The true geometry g = [ω = 0, t, α, β] (ω on the chain's reference rotation).</param>
/// <param name="Photo">The photo: the truth's render, RGB in [0, 1].</param>
/// <param name="Landmarks">The truth's 68 landmarks in pixels (NaN for those the chain leaves out).</param>
/// <param name="Lighting">The true SH light.</param>
internal sealed record JointScene(IMorphableModel Model, ITextureModel Linear, OnnxTextureGenerator Generator, GeometryChain Chain, double[] Truth, double[] Photo, Point2[] Landmarks, double[] Lighting) : IDisposable
{
    public int Size => Chain.Renderer.Width;

    /// <summary>
    /// Builds the scene: the face region's width is <paramref name="fraction"/> of the image's (above 1 the face fills
    /// the image), head turned by <paramref name="yaw"/> degrees, seen through a horizontal field of view of
    /// <paramref name="fieldOfView"/> degrees.
    /// </summary>
    public static JointScene Create(int size, double fraction, double yaw, double fieldOfView = 30, int identityCount = 10, int expressionCount = 4)
    {
        IMorphableModel model = ReferenceModelBuilder.Build();
        ITextureModel linear = ReferenceAlbedoBuilder.Build(ReferenceAlbedoBuilder.MaxComponents);
        OnnxTextureGenerator generator = TestTextureDecoder.Create(linear, hidden: 8, samples: 32);
        (PhotometricBasis basis, LandmarkBasis landmarkRows) = PhotometricFitter.Gather(model, linear, new PhotometricFitterOptions { IdentityCount = identityCount, ExpressionCount = expressionCount, ImageSize = size, Contours = false });
        var renderer = new DifferentiableRenderer(basis.Mesh, size, size);
        var chain = new GeometryChain(basis, landmarkRows, renderer);

        // Depth from the face region's width in the mean shape.
        ReadOnlySpan<float> mean = model.Mean, region = linear.FaceRegion;
        double minX = double.PositiveInfinity, maxX = double.NegativeInfinity;
        for (int v = 0; v < model.VertexCount; v++)
        {
            if (region.IsEmpty || region[v] > 0.5f)
            {
                minX = Math.Min(minX, mean[3 * v]);
                maxX = Math.Max(maxX, mean[3 * v]);
            }
        }

        var intrinsics = CameraIntrinsics.FromFieldOfView(size, size, fieldOfView);
        RenderCamera camera = RenderCamera.Perspective(intrinsics);
        double depth = intrinsics.FocalLength * (maxX - minX) / (fraction * size);
        var random = new StableRandom(17);
        var truth = new double[chain.Count];
        truth[3] = 0.01 * depth;
        truth[4] = -0.02 * depth;
        truth[5] = depth;
        for (int k = 6; k < truth.Length; k++)
        {
            truth[k] = k < 6 + basis.IdentityCount ? 0.8 * random.NextGaussian() : 0.4 * Math.Abs(random.NextGaussian());
        }

        var lighting = new double[SphericalHarmonics.CoefficientCount];
        SphericalHarmonics.AmbientAndDirectional(0.75, 0.45, (0.4, -0.3, -1), (1, 0.97, 0.93), lighting);
        Mat3 rotation = HeadPose.CameraFromModel(new HeadAngles(yaw, 5, 2));

        // The truth's landmarks: every static landmark is projected, then observed.
        chain.SetObservations(camera, [.. Enumerable.Repeat(new Point2(0, 0), LandmarkEmbedding.IbugCount)], contours: false);
        chain.Start(rotation, truth);
        var landmarks = new Point2[LandmarkEmbedding.IbugCount];
        chain.ProjectLandmarks(truth, landmarks);
        chain.SetObservations(camera, landmarks, contours: false);
        chain.Start(rotation, truth);

        // The truth's render with the generator at a known latent code.
        float[] latent = [.. Enumerable.Range(0, generator.LatentCount).Select(_ => (float)(0.8 * random.NextGaussian()))];
        var texture = new float[generator.ValueCount];
        generator.Evaluate(latent, texture);
        var albedo = new double[3 * basis.Mesh.VertexCount];
        for (int j = 0; j < basis.VertexMap.Length; j++)
        {
            for (int c = 0; c < 3; c++)
            {
                albedo[(3 * j) + c] = texture[(3 * basis.VertexMap[j]) + c];
            }
        }

        if (!chain.Update(truth))
        {
            throw new InvalidOperationException("the scene's geometry is not finite");
        }

        renderer.Shade(lighting, albedo);
        double[] photo = renderer.Image.ToArray();
        chain.Invalidate();
        return new JointScene(model, linear, generator, chain, truth, photo, landmarks, lighting);
    }

    /// <summary>The truth with pose and shape moved: ω by <paramref name="rotation"/> rad, t by <paramref name="translation"/> mm, each coefficient by <paramref name="coefficient"/> σ (random signs).</summary>
    public double[] Perturbed(double rotation, double translation, double coefficient, int seed)
    {
        var random = new StableRandom((ulong)seed);
        var g = (double[])Truth.Clone();
        for (int k = 0; k < g.Length; k++)
        {
            double sign = random.NextDouble() < 0.5 ? -1 : 1;
            g[k] += sign * (k < 3 ? rotation : k < 6 ? translation : coefficient);
        }

        return g;
    }

    /// <summary>RMS camera-frame distance (model units) over the rendered vertices between geometries a and b.</summary>
    public double CameraFrameError(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double[] pa = CameraPositions(a), pb = CameraPositions(b);
        double sum = 0;
        for (int i = 0; i < pa.Length; i++)
        {
            sum += (pa[i] - pb[i]) * (pa[i] - pb[i]);
        }

        return Math.Sqrt(sum / (pa.Length / 3));
    }

    private double[] CameraPositions(ReadOnlySpan<double> g)
    {
        PhotometricBasis basis = Chain.Basis;
        var positions = new double[3 * basis.Mesh.VertexCount];
        basis.EvaluateShape(g[6..], positions);
        Mat3 r = Rotations.FromAxisAngle(new Vec3(g[0], g[1], g[2])) * Chain.ReferenceRotation;
        for (int v = 0; v < positions.Length / 3; v++)
        {
            Vec3 x = (r * new Vec3(positions[3 * v], positions[(3 * v) + 1], positions[(3 * v) + 2])) + new Vec3(g[3], g[4], g[5]);
            positions[3 * v] = x.X;
            positions[(3 * v) + 1] = x.Y;
            positions[(3 * v) + 2] = x.Z;
        }

        return positions;
    }

    public void Dispose() => Generator.Dispose();
}
