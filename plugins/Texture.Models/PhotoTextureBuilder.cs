using Facebench.Audit.Models;
using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Contracts.Morphable;
using Facebench.Fitting;
using Facebench.Geometry;
using Facebench.Imaging;
using Facebench.Morphable.Texture;
using Facebench.Rendering;

namespace Facebench.Plugins.Texture.Models;

/// <summary>A photo with the 68 landmarks of one face in it and the group it counts for in the make-up.</summary>
/// <param name="Id">Names the face in messages and in the model's photo list (e.g. the image path and box).</param>
/// <param name="ImagePath">The image file.</param>
/// <param name="Landmarks">68 points (iBUG order, 0-based pixels, NaN = missing).</param>
/// <param name="Group">The value of the make-up attribute for this face.</param>
public sealed record AnnotatedFace(string Id, string ImagePath, Point2[] Landmarks, string Group);

/// <summary>Settings of <see cref="PhotoTextureBuilder"/>.</summary>
public sealed record PhotoTextureSettings
{
    /// <summary>Components kept (at most faces − 1).</summary>
    public int Components { get; init; } = 10;

    /// <summary>Horizontal field of view assumed for the photos, degrees (their focal length is unknown).</summary>
    public double FieldOfView { get; init; } = 40;

    /// <summary>A vertex is in the face region when it was seen in at least this fraction of the faces.</summary>
    public double RegionFraction { get; init; } = 0.5;

    /// <summary>Fit the jaw line as sliding contour landmarks.</summary>
    public bool Contours { get; init; } = true;

    /// <summary>The label the groups are values of (for the make-up).</summary>
    public string Attribute { get; init; } = "group";

    /// <summary>Describes the photo source in the make-up, e.g. "18 faces of shared/data/dlib-faces".</summary>
    public string Source { get; init; } = "photos";
}

/// <summary>
/// Builds a per-vertex albedo model for any shape model from annotated photos, so that models that ship no texture
/// (SFM, the reference head, PCA models) can be fitted photometrically too:
/// <list type="number">
/// <item>fit the shape to each face's landmarks (<see cref="LandmarkFitter"/>, a pinhole camera of the given field of view);</item>
/// <item>render the fitted mesh (<see cref="DifferentiableRenderer"/>, at most 640 pixels on a side) and keep the vertices
/// that are visible (the z-buffer's surface at their pixel is theirs: depth within 1% + 2 mm) and face the camera
/// (cos &gt; 0.25, so grazing texels are left out);</item>
/// <item>sample the photo's colour at each visible vertex (bilinear) and remove the shading: fit second-order SH
/// lighting per photo to the colours with a constant albedo (least squares, <see cref="SphericalHarmonics"/>), divide
/// each colour by its shading, and scale all photos by the mean colour of the set (so lighting colour and intensity
/// are factored out and the model's mean is the set's average skin tone);</item>
/// <item>fill the colours of vertices a face did not show with that vertex's mean over the faces that did (and the
/// set's mean colour where none did), then PCA (<see cref="SnapshotPca"/>, as model.pca does for shapes).</item>
/// </list>
/// The face region is the vertices seen in at least half the faces. The model records which faces it came from and
/// their groups (<see cref="TrainingMakeup"/>). This is Blanz &amp; Vetter's texture model in spirit, but from a handful
/// of uncontrolled photos and a shape fitted to landmarks: a coarse albedo prior, disclosed as such.
/// </summary>
public static class PhotoTextureBuilder
{
    private const int MaxRenderSide = 640;

    /// <summary>Builds the model. Faces that fail (unreadable image, too few landmarks) are reported through <paramref name="warn"/> and skipped.</summary>
    /// <exception cref="PluginInputException">Fewer than two usable faces.</exception>
    public static PhotoTextureModel Build(IMorphableModel model, IReadOnlyList<AnnotatedFace> faces, PhotoTextureSettings settings, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        int n = model.VertexCount;
        var fitter = new LandmarkFitter(model, new LandmarkFitterOptions { Contours = settings.Contours });
        var mesh = new RenderMesh(n, model.Triangles.ToArray());
        var vertices = new float[3 * n];
        var positions = new double[3 * n];
        var colours = new List<float[]>();
        var seen = new List<bool[]>();
        var used = new List<AnnotatedFace>();
        var rawMean = new double[3];
        DifferentiableRenderer? renderer = null;
        foreach (AnnotatedFace face in faces)
        {
            ImageBuffer image;
            try
            {
                image = ImageCodec.Load(face.ImagePath);
                CameraIntrinsics camera = CameraIntrinsics.FromFieldOfView(image.Width, image.Height, settings.FieldOfView);
                fitter.Fit(face.Landmarks, camera.FocalLength, camera.Cx, camera.Cy);
                float[] identity = [.. fitter.Coefficients[..fitter.Basis.IdentityCount].ToArray().Select(c => (float)c)];
                float[] expression = [.. fitter.Coefficients[fitter.Basis.IdentityCount..].ToArray().Select(c => (float)c)];
                model.Evaluate(identity, expression, vertices);
                for (int i = 0; i < vertices.Length; i++)
                {
                    positions[i] = vertices[i];
                }

                double k = Math.Min(1, (double)MaxRenderSide / Math.Max(image.Width, image.Height));
                int w = Math.Max(1, (int)Math.Round(image.Width * k)), h = Math.Max(1, (int)Math.Round(image.Height * k));
                if (renderer is null || renderer.Width != w || renderer.Height != h)
                {
                    renderer = new DifferentiableRenderer(mesh, w, h);
                }

                RenderCamera full = RenderCamera.Perspective(camera);
                RenderCamera small = full.Cropped(0, 0, image.Width, w, w) with { Height = h };
                renderer.SetGeometry(positions, fitter.Rotation, fitter.Translation, fitter.Scale, small);
                (float[] colour, bool[] visible, double[] mean) = Sample(renderer, image, full, k, n);
                if (visible.Count(v => v) < 10)
                {
                    warn?.Invoke($"{face.Id}: only {visible.Count(v => v)} vertices visible; skipped.");
                    continue;
                }

                for (int c = 0; c < 3; c++)
                {
                    rawMean[c] += mean[c];
                }

                colours.Add(colour);
                seen.Add(visible);
                used.Add(face);
            }
            catch (Exception e) when (e is PluginInputException or InsufficientLandmarksException or ArgumentException)
            {
                warn?.Invoke($"{face.Id} ({face.ImagePath}): {e.Message}; skipped.");
            }
        }

        if (used.Count < 2)
        {
            throw new PluginInputException($"only {used.Count} of {faces.Count} faces could be used; a texture model needs at least 2.");
        }

        for (int c = 0; c < 3; c++)
        {
            rawMean[c] /= used.Count;
        }

        // Rescale the de-lit colours (mean ≈ 1) to the set's mean colour, then fill what each face did not show.
        var sum = new double[3 * n];
        var count = new int[n];
        for (int f = 0; f < colours.Count; f++)
        {
            for (int v = 0; v < n; v++)
            {
                if (!seen[f][v])
                {
                    continue;
                }

                count[v]++;
                for (int c = 0; c < 3; c++)
                {
                    colours[f][(3 * v) + c] = (float)(colours[f][(3 * v) + c] * rawMean[c]);
                    sum[(3 * v) + c] += colours[f][(3 * v) + c];
                }
            }
        }

        for (int f = 0; f < colours.Count; f++)
        {
            for (int v = 0; v < n; v++)
            {
                if (!seen[f][v])
                {
                    for (int c = 0; c < 3; c++)
                    {
                        colours[f][(3 * v) + c] = (float)(count[v] > 0 ? sum[(3 * v) + c] / count[v] : rawMean[c]);
                    }
                }
            }
        }

        int components = Math.Clamp(settings.Components, 1, used.Count - 1);
        PrincipalComponents pca = SnapshotPca.Compute(colours, components);
        var region = new float[n];
        for (int v = 0; v < n; v++)
        {
            region[v] = count[v] >= settings.RegionFraction * used.Count ? 1 : 0;
        }

        string name = $"Albedo of {model.Name} from {used.Count} photographed faces ({pca.StdDev.Length} components)";
        var texture = new LinearTextureModel(name, TextureLayout.PerVertex, n, 0, 0, pca.Mean, pca.Basis, pca.StdDev, [], region);
        var counts = used.GroupBy(f => f.Group, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var makeup = new TrainingMakeup(settings.Attribute, counts, $"{used.Count} faces of {settings.Source}, shape fitted to landmarks, colours de-lit with SH");
        return new PhotoTextureModel(texture, makeup, [.. used.Select(f => f.Id)]);
    }

    /// <summary>Colours (de-lit, mean ≈ 1) and visibility of every vertex, and the mean raw colour of the visible ones.</summary>
    private static (float[] Colour, bool[] Visible, double[] Mean) Sample(DifferentiableRenderer renderer, ImageBuffer image, RenderCamera camera, double k, int n)
    {
        ReadOnlySpan<double> points = renderer.CameraPositions, normals = renderer.CameraNormals;
        ReadOnlySpan<int> triangles = renderer.Mesh.Triangles;
        var colour = new float[3 * n];
        var visible = new bool[n];
        var basis = new double[9 * n];
        var raw = new double[3 * n];
        var mean = new double[3];
        int visibleCount = 0;
        for (int v = 0; v < n; v++)
        {
            double x = points[3 * v], y = points[(3 * v) + 1], z = points[(3 * v) + 2];
            if (!camera.Project(x, y, z, out double u, out double w, out _))
            {
                continue;
            }

            // Facing the camera: the normal against the viewing ray.
            double length = Math.Sqrt((x * x) + (y * y) + (z * z));
            double facing = -((normals[3 * v] * x) + (normals[(3 * v) + 1] * y) + (normals[(3 * v) + 2] * z)) / length;
            if (facing < 0.25)
            {
                continue;
            }

            // The z-buffer's surface at the vertex's pixel (of the small render) must be at the vertex's depth.
            int px = (int)Math.Round(((u + 0.5) * k) - 0.5), py = (int)Math.Round(((w + 0.5) * k) - 0.5);
            if (px < 0 || py < 0 || px >= renderer.Width || py >= renderer.Height || u < 0 || w < 0 || u > image.Width - 1 || w > image.Height - 1)
            {
                continue;
            }

            int p = (py * renderer.Width) + px;
            int f = renderer.TriangleAt[p];
            if (f < 0)
            {
                continue;
            }

            double b1 = renderer.Barycentric1[p], b2 = renderer.Barycentric2[p];
            double inverseDepth = ((1 - b1 - b2) / points[(3 * triangles[3 * f]) + 2]) + (b1 / points[(3 * triangles[(3 * f) + 1]) + 2]) + (b2 / points[(3 * triangles[(3 * f) + 2]) + 2]);
            if (!(z <= (1.01 / inverseDepth) + 2))
            {
                continue;
            }

            visible[v] = true;
            visibleCount++;
            SphericalHarmonics.Basis(normals[3 * v], normals[(3 * v) + 1], normals[(3 * v) + 2], basis.AsSpan(9 * v, 9));
            for (int c = 0; c < 3; c++)
            {
                double value = Bilinear.Sample(image, u, w, image.Channels == 1 ? 0 : c) / 255.0;
                raw[(3 * v) + c] = value;
                mean[c] += value;
            }
        }

        if (visibleCount == 0)
        {
            return (colour, visible, mean);
        }

        for (int c = 0; c < 3; c++)
        {
            mean[c] /= visibleCount;
        }

        // Per channel: shading s(n) = H(n)·ℓ fitted to the colours with a constant albedo (ridge-regularised normal equations).
        Span<double> a = stackalloc double[81];
        Span<double> b = stackalloc double[9];
        for (int c = 0; c < 3; c++)
        {
            a.Clear();
            b.Clear();
            for (int v = 0; v < n; v++)
            {
                if (!visible[v])
                {
                    continue;
                }

                ReadOnlySpan<double> h = basis.AsSpan(9 * v, 9);
                for (int i = 0; i < 9; i++)
                {
                    b[i] += h[i] * raw[(3 * v) + c];
                    for (int j = 0; j < 9; j++)
                    {
                        a[(9 * i) + j] += h[i] * h[j];
                    }
                }
            }

            for (int i = 0; i < 9; i++)
            {
                a[(9 * i) + i] += 1e-6 * visibleCount;
            }

            SolveInPlace(a, b, 9);
            for (int v = 0; v < n; v++)
            {
                if (!visible[v])
                {
                    continue;
                }

                double shading = 0;
                for (int i = 0; i < 9; i++)
                {
                    shading += basis[(9 * v) + i] * b[i];
                }

                // Relative albedo: colour over shading, which is near the photo's mean colour; clamp shadows' extremes.
                colour[(3 * v) + c] = (float)Math.Clamp(raw[(3 * v) + c] / Math.Max(shading, 0.25 * mean[c]), 0, 3);
            }
        }

        return (colour, visible, mean);
    }

    /// <summary>Gaussian elimination with partial pivoting for a small dense system; <paramref name="b"/> becomes x.</summary>
    private static void SolveInPlace(Span<double> a, Span<double> b, int n)
    {
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < n; r++)
            {
                pivot = Math.Abs(a[(r * n) + col]) > Math.Abs(a[(pivot * n) + col]) ? r : pivot;
            }

            if (pivot != col)
            {
                for (int j = 0; j < n; j++)
                {
                    (a[(col * n) + j], a[(pivot * n) + j]) = (a[(pivot * n) + j], a[(col * n) + j]);
                }

                (b[col], b[pivot]) = (b[pivot], b[col]);
            }

            double d = a[(col * n) + col];
            if (Math.Abs(d) < 1e-300)
            {
                continue;
            }

            for (int r = col + 1; r < n; r++)
            {
                double factor = a[(r * n) + col] / d;
                for (int j = col; j < n; j++)
                {
                    a[(r * n) + j] -= factor * a[(col * n) + j];
                }

                b[r] -= factor * b[col];
            }
        }

        for (int r = n - 1; r >= 0; r--)
        {
            double s = b[r];
            for (int j = r + 1; j < n; j++)
            {
                s -= a[(r * n) + j] * b[j];
            }

            b[r] = Math.Abs(a[(r * n) + r]) < 1e-300 ? 0 : s / a[(r * n) + r];
        }
    }
}

/// <summary>A per-vertex texture model built from photos, with the make-up of the faces it came from.</summary>
public sealed class PhotoTextureModel(LinearTextureModel texture, TrainingMakeup makeup, IReadOnlyList<string> faces) : ITextureModel, IDisclosesTrainingMakeup
{
    /// <summary>The model itself.</summary>
    public LinearTextureModel Texture { get; } = texture;

    /// <inheritdoc />
    public TrainingMakeup TrainingMakeup { get; } = makeup;

    /// <summary>Ids of the faces the model was built from, in order.</summary>
    public IReadOnlyList<string> Faces { get; } = faces;

    /// <inheritdoc />
    public string Name => Texture.Name;

    /// <inheritdoc />
    public TextureLayout Layout => Texture.Layout;

    /// <inheritdoc />
    public int VertexCount => Texture.VertexCount;

    /// <inheritdoc />
    public int Width => Texture.Width;

    /// <inheritdoc />
    public int Height => Texture.Height;

    /// <inheritdoc />
    public int ComponentCount => Texture.ComponentCount;

    /// <inheritdoc />
    public int ValueCount => Texture.ValueCount;

    /// <inheritdoc />
    public ReadOnlySpan<float> Mean => Texture.Mean;

    /// <inheritdoc />
    public ReadOnlySpan<float> Basis => Texture.Basis;

    /// <inheritdoc />
    public ReadOnlySpan<float> StdDev => Texture.StdDev;

    /// <inheritdoc />
    public ReadOnlySpan<float> CornerUvs => Texture.CornerUvs;

    /// <inheritdoc />
    public ReadOnlySpan<float> FaceRegion => Texture.FaceRegion;

    /// <inheritdoc />
    public void Evaluate(ReadOnlySpan<float> coefficients, Span<float> values) => Texture.Evaluate(coefficients, values);
}
