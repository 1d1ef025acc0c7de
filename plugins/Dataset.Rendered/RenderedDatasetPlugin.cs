using Facebench.Audit.Populations;
using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Contracts.Morphable;
using Facebench.Geometry;
using Facebench.Rendering;

namespace Facebench.Plugins.Dataset.Rendered;

/// <summary>
/// Synthetic photos with exact ground truth for analysis-by-synthesis fitting: each face is drawn from a morphable
/// model (identity, expression), coloured by a texture model, lit by second-order SH light (ambient plus a directional
/// term from the front hemisphere, slightly tinted), posed, and rendered with the <see cref="DifferentiableRenderer"/>
/// (the whole mesh, every triangle drawn) into an 8-bit RGB photo, optionally with pixel noise. Samples carry the
/// decoded photo (not persisted), the projected landmarks (observed, optionally noisy, and true), the camera, and the
/// true shape, pose, texture and lighting. Landmarks are the model's fixed bindings, jaw line included: fit them with
/// <c>contours: false</c>. To keep the photo faithful to the model, the light is dimmed where needed so that the
/// brightest face pixels stay below 250 (a clipped photo is not a render). With <c>groups</c>, the faces form labelled
/// sub-populations that differ in shape and albedo: sample i belongs to the i-th entry of
/// <see cref="Population.Sequence"/> (exact group counts, interleaved), its prior draws are moved to the group's prior
/// on the group's identity and texture components (<see cref="PopulationGroup.ShiftIdentity"/>, on top of
/// <c>identity_scale</c> / <c>texture_scale</c>), and Labels[<c>label</c>] holds the group's name; the true
/// coefficients are in the truth facets as always. With <c>priors</c>, further populations follow, each drawn from
/// one model's prior and labelled Labels[<c>prior_label</c>] = its name (<see cref="RenderedPrior"/>), so that image
/// classifiers read several priors side by side in one run. A sample depends only on the pipeline seed, its id and
/// its population's count.
/// </summary>
[Plugin("dataset.rendered", PluginKind.Source, "1.0.0", "Rendered synthetic photos from any model + texture model + SH light + pose, with exact parameters, mesh and landmarks")]
public sealed class RenderedDatasetPlugin : Plugin<RenderedDatasetOptions>, ISource
{
    private readonly List<RenderedPopulation> _populations = [];

    /// <inheritdoc />
    public long? CountHint => Options.Count + Options.Priors.Sum(p => (long)p.Count);

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        RenderedDatasetOptions o = Options;
        Validate(o);
        _populations.Clear();
        (IMorphableModel model, ITextureModel texture, double jaw) = Resolve(o.Model, o.Texture);
        PopulationGroup[] groups = [];
        if (o.Groups.Count > 0)
        {
            if (string.IsNullOrWhiteSpace(o.Label))
            {
                throw new PluginInputException("dataset.rendered: option 'label' is empty; name the label key the groups are stored under (e.g. group).");
            }

            Population.Validate(o.Groups, model.IdentityCount, "dataset.rendered", texture.ComponentCount);
            groups = Population.Sequence(o.Groups, o.Count);
        }

        _populations.Add(new RenderedPopulation("rendered-", o.Model, model, o.Texture, texture, jaw, o.Count, o.IdentityScale, o.TextureScale, groups, o.Label, null));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (RenderedPrior prior in o.Priors)
        {
            if (string.IsNullOrWhiteSpace(prior.Name) || !names.Add(prior.Name) || prior.Name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            {
                throw new PluginInputException($"dataset.rendered: priors need unique names of letters, digits, '-', '_' or '.' ('{prior.Name}'); they label the faces and name the sample ids.");
            }

            if (prior.Count < 0 || !(prior.IdentityScale >= 0) || !double.IsFinite(prior.IdentityScale) || !(prior.TextureScale >= 0) || !double.IsFinite(prior.TextureScale))
            {
                throw new PluginInputException($"dataset.rendered: prior '{prior.Name}': 'count', 'identity_scale' and 'texture_scale' must be finite and non-negative.");
            }

            if (string.IsNullOrWhiteSpace(o.PriorLabel))
            {
                throw new PluginInputException("dataset.rendered: option 'prior_label' is empty; name the label key the priors' names are stored under (e.g. prior).");
            }

            (IMorphableModel m, ITextureModel t, double j) = Resolve(prior.Model, prior.Texture);
            _populations.Add(new RenderedPopulation($"rendered-{prior.Name}-", prior.Model, m, prior.Texture, t, j, prior.Count, prior.IdentityScale, prior.TextureScale, [], o.PriorLabel, prior.Name));
        }
    }

    /// <inheritdoc />
    public IEnumerable<Sample> Read(CancellationToken cancellationToken)
    {
        if (_populations.Count == 0)
        {
            throw new InvalidOperationException("dataset.rendered was used before Initialize.");
        }

        return ReadLazily(cancellationToken);
    }

    private IEnumerable<Sample> ReadLazily(CancellationToken cancellationToken)
    {
        long index = 0;
        foreach (RenderedPopulation population in _populations)
        {
            foreach (Sample sample in Render(population, index, cancellationToken))
            {
                yield return sample;
            }

            index += population.Count;
        }
    }

    /// <summary>The model and texture model a population names, checked against each other, and the mean face's jaw width.</summary>
    private (IMorphableModel Model, ITextureModel Texture, double JawWidth) Resolve(string modelId, string textureId)
    {
        IMorphableModel model = Context.GetComponent<IMorphableModel>(modelId);
        ITextureModel texture = Context.GetComponent<ITextureModel>(textureId);
        if (texture.VertexCount != model.VertexCount)
        {
            throw new PluginInputException($"dataset.rendered: texture '{textureId}' ({texture.Name}) is for {texture.VertexCount} vertices; model '{modelId}' ({model.Name}) has {model.VertexCount}.");
        }

        if (texture.Layout == TextureLayout.UvMap && texture.CornerUvs.Length != 2 * model.Triangles.Length)
        {
            throw new PluginInputException($"dataset.rendered: texture '{textureId}' has texture coordinates for {texture.CornerUvs.Length / 6} triangles; model '{modelId}' has {model.Triangles.Length / 3}.");
        }

        LandmarkBinding left = model.Landmarks.Points[16], right = model.Landmarks.Points[0];
        if (!left.IsMapped || !right.IsMapped)
        {
            throw new PluginInputException($"dataset.rendered: model '{modelId}' does not map the outer jaw landmarks (0 and 16), which set the face's size in the image.");
        }

        ReadOnlySpan<float> mean = model.Mean;
        return (model, texture, (Point(mean, left) - Point(mean, right)).Length);
    }

    private IEnumerable<Sample> Render(RenderedPopulation population, long firstIndex, CancellationToken cancellationToken)
    {
        RenderedDatasetOptions o = Options;
        IMorphableModel model = population.Model;
        ITextureModel texture = population.Texture;
        int n = model.VertexCount, w = o.ImageWidth, h = o.ImageHeight;
        float[] uvs = texture.Layout == TextureLayout.UvMap ? texture.CornerUvs.ToArray() : [];
        var renderer = new DifferentiableRenderer(new RenderMesh(n, model.Triangles.ToArray(), uvs), w, h)
        {
            Background = ((float)(o.Background / 255), (float)(o.Background / 255), (float)(o.Background / 255)),
        };
        TextureImage? map = texture.Layout == TextureLayout.UvMap ? new TextureImage(texture.Width, texture.Height) : null;
        var camera = CameraIntrinsics.FromFieldOfView(w, h, o.FieldOfView);
        var vertices = new float[3 * n];
        var positions = new double[3 * n];
        var values = new float[texture.ValueCount];
        var albedo = new double[3 * n];
        var lighting = new double[SphericalHarmonics.CoefficientCount];
        for (int i = 0; i < population.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string id = $"{population.IdPrefix}{i:D6}";
            StableRandom random = Context.Random("dataset.rendered", id);
            float[] identity = [.. Enumerable.Range(0, model.IdentityCount).Select(_ => (float)(population.IdentityScale * random.NextGaussian()))];
            float[] expression = [.. Enumerable.Range(0, model.ExpressionCount).Select(_ => (float)Math.Abs(o.ExpressionScale * random.NextGaussian()))];
            float[] textureCoefficients = [.. Enumerable.Range(0, texture.ComponentCount).Select(_ => (float)(population.TextureScale * random.NextGaussian()))];
            PopulationGroup? group = population.Groups.Length > 0 ? population.Groups[i] : null;
            group?.ShiftIdentity(identity);
            group?.ShiftTexture(textureCoefficients);
            var angles = new HeadAngles(random.Uniform(o.Yaw[0], o.Yaw[1]), random.Uniform(o.Pitch[0], o.Pitch[1]), random.Uniform(o.Roll[0], o.Roll[1]));
            Mat3 rotation = HeadPose.CameraFromModel(angles);
            double fraction = random.Uniform(o.FaceFraction[0], o.FaceFraction[1]);
            double depth = camera.FocalLength * population.JawWidth / (fraction * w);
            var translation = new Vec3(depth * random.Uniform(-0.03, 0.03), depth * random.Uniform(-0.03, 0.03), depth);

            // Light: ambient plus a directional term from the front hemisphere (towards the camera, −z), slightly tinted.
            double ambient = random.Uniform(o.Ambient[0], o.Ambient[1]), directional = random.Uniform(o.Directional[0], o.Directional[1]);
            (double X, double Y, double Z) direction = (random.Uniform(-0.7, 0.7), random.Uniform(-0.7, 0.4), -1);
            (double R, double G, double B) tint = (1 + (o.LightColour * random.NextGaussian()), 1 + (o.LightColour * random.NextGaussian()), 1 + (o.LightColour * random.NextGaussian()));
            SphericalHarmonics.AmbientAndDirectional(ambient, directional, direction, tint, lighting);

            model.Evaluate(identity, expression, vertices);
            for (int k = 0; k < vertices.Length; k++)
            {
                positions[k] = vertices[k];
            }

            texture.Evaluate(textureCoefficients, values);
            renderer.SetGeometry(positions, rotation, translation, 1, RenderCamera.Perspective(camera));
            Shade(renderer, texture, values, albedo, map, lighting);
            double peak = Peak(renderer);
            if (peak > 250.0 / 255)
            {
                // Dim the light so that the brightest face pixels stay below 250: a clipped photo is not a render.
                for (int k = 0; k < lighting.Length; k++)
                {
                    lighting[k] *= 245.0 / 255 / peak;
                }

                Shade(renderer, texture, values, albedo, map, lighting);
            }

            ImageBuffer photo = Photo(renderer, o.NoiseSigma, random, w, h);
            (Point2[] truth, Point2[] observed, float[] landmarks3D) = Landmarks(model, vertices, rotation, translation, camera, o.LandmarkNoise, random);
            var parameters = new FaceParameters(identity, expression, HeadPose.ToRigidPose(rotation, translation), angles);
            var sample = new Sample(id) { Index = firstIndex + i }
                .With(CoreFacets.Image, photo)
                .With(CoreFacets.ImageSize, new ImageSize(w, h))
                .With(CoreFacets.Landmarks, observed)
                .With(CoreFacets.TrueLandmarks, truth)
                .With(MorphableFacets.Camera, camera)
                .With(MorphableFacets.TrueParameters, parameters)
                .With(MorphableFacets.TrueLandmarks3D, landmarks3D)
                .With(MorphableFacets.ModelId, population.ModelId)
                .With(TextureFacets.TrueAppearance, new FaceAppearance(textureCoefficients, [.. lighting]))
                .With(TextureFacets.TextureModelId, population.TextureId);
            string? label = group?.Name ?? population.LabelValue;
            yield return label is null ? sample : sample.WithLabel(population.LabelKey, label);
        }
    }

    private static void Shade(DifferentiableRenderer renderer, ITextureModel texture, float[] values, double[] albedo, TextureImage? map, double[] lighting)
    {
        if (map is not null)
        {
            values.CopyTo(map.Texels, 0);
            renderer.Shade(lighting, map);
            return;
        }

        for (int k = 0; k < albedo.Length; k++)
        {
            albedo[k] = values[k];
        }

        renderer.Shade(lighting, albedo);
    }

    /// <summary>The 99.9th percentile of the covered pixels' channel values.</summary>
    private static double Peak(DifferentiableRenderer renderer)
    {
        ReadOnlySpan<double> image = renderer.Image;
        ReadOnlySpan<int> covered = renderer.CoveredPixels;
        if (covered.IsEmpty)
        {
            return 0;
        }

        var values = new double[covered.Length];
        for (int k = 0; k < covered.Length; k++)
        {
            int p = covered[k];
            values[k] = Math.Max(image[3 * p], Math.Max(image[(3 * p) + 1], image[(3 * p) + 2]));
        }

        Array.Sort(values);
        return values[Math.Min(values.Length - 1, (int)(0.999 * values.Length))];
    }

    private static ImageBuffer Photo(DifferentiableRenderer renderer, double noise, StableRandom random, int w, int h)
    {
        ReadOnlySpan<double> image = renderer.Image;
        var pixels = new byte[image.Length];
        for (int k = 0; k < image.Length; k++)
        {
            double v = (255 * image[k]) + (noise > 0 ? noise * random.NextGaussian() : 0);
            pixels[k] = (byte)Math.Clamp(Math.Round(v), 0, 255);
        }

        return new ImageBuffer(w, h, PixelFormat.Rgb24, pixels);
    }

    /// <summary>True and observed 2D landmarks (fixed bindings; NaN where unmapped or behind the camera) and the true 3D ones in the camera frame.</summary>
    private static (Point2[] Truth, Point2[] Observed, float[] Camera3D) Landmarks(IMorphableModel model, float[] vertices, in Mat3 rotation, Vec3 translation, CameraIntrinsics camera, double noise, StableRandom random)
    {
        var truth = new Point2[LandmarkEmbedding.IbugCount];
        var observed = new Point2[LandmarkEmbedding.IbugCount];
        var points = new float[3 * LandmarkEmbedding.IbugCount];
        for (int i = 0; i < truth.Length; i++)
        {
            LandmarkBinding b = model.Landmarks.Points[i];
            if (!b.IsMapped)
            {
                truth[i] = observed[i] = Point2.Missing;
                points[3 * i] = points[(3 * i) + 1] = points[(3 * i) + 2] = float.NaN;
                continue;
            }

            Vec3 x = HeadPose.Transform(rotation, 1, translation, Point(vertices, b));
            points[3 * i] = (float)x.X;
            points[(3 * i) + 1] = (float)x.Y;
            points[(3 * i) + 2] = (float)x.Z;
            truth[i] = x.Z > 0 ? Pinhole.Project(camera, x) : Point2.Missing;
            observed[i] = truth[i].IsValid && noise > 0
                ? new Point2(truth[i].X + (noise * random.NextGaussian()), truth[i].Y + (noise * random.NextGaussian()))
                : truth[i];
        }

        return (truth, observed, points);
    }

    private static Vec3 Point(ReadOnlySpan<float> vertices, LandmarkBinding b) =>
        (b.W0 * Vec3.Read(vertices.Slice(3 * b.V0, 3))) + (b.W1 * Vec3.Read(vertices.Slice(3 * b.V1, 3))) + (b.W2 * Vec3.Read(vertices.Slice(3 * b.V2, 3)));

    private static void Validate(RenderedDatasetOptions o)
    {
        static void Range(double[] range, string name, double min, double max)
        {
            if (range.Length != 2 || !(range[0] <= range[1]) || range[0] < min || range[1] > max)
            {
                throw new PluginInputException($"dataset.rendered: option '{name}' is [{string.Join(", ", range)}]; expected [min, max] within [{min}, {max}]");
            }
        }

        if (o.Count < 0)
        {
            throw new PluginInputException($"dataset.rendered: option 'count' is {o.Count}; expected a non-negative number of faces");
        }

        Range(o.Yaw, "yaw", -90, 90);
        Range(o.Pitch, "pitch", -90, 90);
        Range(o.Roll, "roll", -180, 180);
        Range(o.FaceFraction, "face_fraction", 0.05, 1);
        Range(o.Ambient, "ambient", 0, 2);
        Range(o.Directional, "directional", 0, 2);
        if (o.ImageWidth < 16 || o.ImageHeight < 16 || (long)o.ImageWidth * o.ImageHeight > 64_000_000)
        {
            throw new PluginInputException($"dataset.rendered: image size {o.ImageWidth}×{o.ImageHeight}; expected 16 to 8000 pixels on a side");
        }

        if (!(o.FieldOfView > 1 && o.FieldOfView < 170))
        {
            throw new PluginInputException($"dataset.rendered: option 'field_of_view' is {o.FieldOfView}; expected degrees in (1, 170)");
        }

        double[] nonNegative = [o.IdentityScale, o.ExpressionScale, o.TextureScale, o.LightColour, o.NoiseSigma, o.LandmarkNoise];
        if (nonNegative.Any(v => !(v >= 0) || !double.IsFinite(v)))
        {
            throw new PluginInputException("dataset.rendered: options 'identity_scale', 'expression_scale', 'texture_scale', 'light_colour', 'noise_sigma' and 'landmark_noise' must be finite and non-negative");
        }

        if (!(o.Background is >= 0 and <= 255))
        {
            throw new PluginInputException($"dataset.rendered: option 'background' is {o.Background}; expected a grey level in [0, 255]");
        }
    }
}
