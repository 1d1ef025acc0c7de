using System.Runtime.CompilerServices;
using Facebench.Geometry;

namespace Facebench.Rendering;

/// <summary>
/// A differentiable rasteriser for analysis by synthesis, in two steps per frame and a reverse pass:
/// <list type="number">
/// <item><see cref="SetGeometry"/>: vertices to the camera frame (<c>X = s·R·x + t</c>) and the image
/// (<see cref="RenderCamera"/>), area-weighted vertex normals, and the visibility pass: a z-buffer that keeps, per
/// pixel centre, the nearest front-facing drawn triangle and the pixel's screen-space barycentric coordinates; then
/// the face mask (covered by a face-region triangle, and so are its four neighbours).</item>
/// <item><c>Shade</c>: Lambertian shading per vertex with second-order spherical harmonics
/// (<see cref="SphericalHarmonics"/>, normals in the camera frame), then per pixel either Gouraud interpolation of
/// the vertex colours <c>albedo ∘ shading</c> (per-vertex albedo, as Deep3DFaceRecon renders BFM) or
/// <c>texture(uv) ∘ interpolated shading</c> (UV albedo, as FLAME's photometric fitting renders).</item>
/// <item><see cref="Backward"/>: the gradient of a per-pixel loss (given as ∂L/∂colour per pixel) with respect to
/// vertex positions, albedo (per vertex or per texel), lighting, pose and camera.</item>
/// </list>
/// <para>
/// Gradients through visibility. As in photometric_optimization and Deep3DFaceRecon (whose rasterisers give no
/// gradient at silhouettes), a pixel's colour is differentiated only through the barycentrics and attributes of the
/// triangle that covers it: moving vertex k of that triangle by δ changes the barycentrics of the fixed pixel centre
/// p as moving p by <c>−b_k·δ</c> would, so <c>∂c/∂q_k = −b_k·∂c/∂p</c>, where ∂c/∂p is the colour's screen-space
/// gradient inside the triangle (from <c>p = Σ b_i·q_i</c>, <c>Σ b_i = 1</c>). Visibility changes (a pixel switching
/// triangle, or entering or leaving the mask) are not differentiated; a loss over the (eroded) face mask therefore
/// has exact gradients almost everywhere, which the finite-difference tests check.
/// </para>
/// <para>
/// Barycentrics are screen-space (affine), not perspective-corrected: a triangle of a face mesh spans a few pixels
/// and millimetres at a depth of hundreds, so the difference is far below a grey level. Depth is tested on 1/Z,
/// which is affine in screen space, so visibility is exact. Pixel arithmetic and the image are double (so that finite differences can check the gradients); the depth buffer is float.
/// </para>
/// All buffers are allocated in the constructor: a frame does not allocate. One instance per thread.
/// </summary>
public sealed class DifferentiableRenderer
{
    private readonly RenderMesh _mesh;
    private readonly int _n;

    // Geometry.
    private readonly double[] _positions;   // model frame, 3N
    private readonly double[] _cameraPoints; // camera frame, 3N
    private readonly double[] _screen;      // u v per vertex, 2N
    private readonly double[] _depthKey;    // N
    private readonly bool[] _projected;     // N
    private readonly double[] _normalSum;   // area-weighted normal sums, model frame, 3N
    private readonly double[] _normalInvLength; // N
    private readonly double[] _normals;     // unit, camera frame, 3N

    // Appearance.
    private readonly double[] _lighting = new double[SphericalHarmonics.CoefficientCount];
    private readonly double[] _basis;       // H_j(n) per vertex, 9N
    private readonly double[] _shading;     // 3N
    private readonly double[] _albedo;      // 3N (vertex-colour mode)
    private readonly double[] _colours;     // 3N
    private TextureImage? _texture;

    // Visibility and image.
    private readonly int[] _triangleAt;
    private readonly double[] _b1;
    private readonly double[] _b2;
    private readonly float[] _depth;
    private readonly int[] _covered;
    private readonly int[] _maskPixels;
    private readonly bool[] _mask;
    private readonly double[] _image;

    // Backward scratch.
    private readonly double[] _gradColour;  // 3N
    private readonly double[] _gradShading; // 3N
    private readonly double[] _gradScreen;  // 2N
    private readonly double[] _gradNormal;  // 3N (unnormalised normal sums)

    // Threads: one band of rows (raster) or one slice of the covered pixels (shading, reverse pass) each.
    private int _threads = 1;
    private PixelAccumulator[] _accumulators;
    private readonly Action<int> _rasterizeBand;
    private readonly Action<int> _shadeSlice;
    private readonly Action<int> _backwardSlice;
    private double[] _pixelGradientCopy = [];
    private bool _backwardGeometry;

    private Mat3 _rotation = Mat3.Identity;
    private Vec3 _translation;
    private double _scale = 1;
    private RenderCamera _camera;
    private int _coveredCount;
    private int _maskCount;
    private bool _hasGeometry;
    private bool _hasShading;
    private (float R, float G, float B) _background;

    /// <summary>Creates a renderer for a mesh and an image size.</summary>
    public DifferentiableRenderer(RenderMesh mesh, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        _mesh = mesh;
        _n = mesh.VertexCount;
        Width = width;
        Height = height;
        int n = _n, pixels = width * height;
        _positions = new double[3 * n];
        _cameraPoints = new double[3 * n];
        _screen = new double[2 * n];
        _depthKey = new double[n];
        _projected = new bool[n];
        _normalSum = new double[3 * n];
        _normalInvLength = new double[n];
        _normals = new double[3 * n];
        _basis = new double[SphericalHarmonics.BasisCount * n];
        _shading = new double[3 * n];
        _albedo = new double[3 * n];
        _colours = new double[3 * n];
        _triangleAt = new int[pixels];
        _b1 = new double[pixels];
        _b2 = new double[pixels];
        _depth = new float[pixels];
        _covered = new int[pixels];
        _maskPixels = new int[pixels];
        _mask = new bool[pixels];
        _image = new double[3 * pixels];
        _gradColour = new double[3 * n];
        _gradShading = new double[3 * n];
        _gradScreen = new double[2 * n];
        _gradNormal = new double[3 * n];
        _accumulators = [new PixelAccumulator(_gradColour, _gradShading, _gradScreen)];
        _rasterizeBand = band => RasterizeRows(band * Height / _threads, ((band + 1) * Height / _threads) - 1);
        _shadeSlice = slice => ShadePixels(slice * _coveredCount / _threads, (slice + 1) * _coveredCount / _threads);
        _backwardSlice = BackwardSlice;
    }

    /// <summary>
    /// Threads that share a frame: rows are rasterised in bands and the covered pixels shaded and differentiated in
    /// slices, one per thread (gradient sums kept per thread and added up after). 1 (the default) runs on the caller's
    /// thread and allocates nothing; a fit that already runs one sample per core gains nothing from more.
    /// </summary>
    public int Threads
    {
        get => _threads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 64);
            if (value == _threads)
            {
                return;
            }

            var accumulators = new PixelAccumulator[value];
            accumulators[0] = _accumulators[0];
            for (int t = 1; t < value; t++)
            {
                accumulators[t] = new PixelAccumulator(new double[3 * _n], new double[3 * _n], new double[2 * _n]);
            }

            _accumulators = accumulators;
            _pixelGradientCopy = value > 1 ? new double[_image.Length] : [];
            _threads = value;
        }
    }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; }

    /// <summary>Image height in pixels.</summary>
    public int Height { get; }

    /// <summary>The mesh.</summary>
    public RenderMesh Mesh => _mesh;

    /// <summary>Drop triangles that face away from the camera (default); false draws both sides.</summary>
    public bool CullBackFaces { get; set; } = true;

    /// <summary>Colour of pixels no triangle covers (RGB in [0, 1]).</summary>
    public (float R, float G, float B) Background
    {
        get => _background;
        set
        {
            _background = value;
            for (int p = 0; p < _triangleAt.Length; p++)
            {
                _image[3 * p] = value.R;
                _image[(3 * p) + 1] = value.G;
                _image[(3 * p) + 2] = value.B;
            }
        }
    }

    /// <summary>The rendered image: RGB per pixel, row-major, <c>3·(y·W + x) + c</c>.</summary>
    public ReadOnlySpan<double> Image => _image;

    /// <summary>Per pixel: the visible triangle, or −1.</summary>
    public ReadOnlySpan<int> TriangleAt => _triangleAt;

    /// <summary>Per pixel: barycentric weight of the visible triangle's second corner (the first is 1 − b1 − b2).</summary>
    public ReadOnlySpan<double> Barycentric1 => _b1;

    /// <summary>Per pixel: barycentric weight of the visible triangle's third corner.</summary>
    public ReadOnlySpan<double> Barycentric2 => _b2;

    /// <summary>Indices (y·W + x) of the pixels some triangle covers, in raster order.</summary>
    public ReadOnlySpan<int> CoveredPixels => _covered.AsSpan(0, _coveredCount);

    /// <summary>Indices of the face-mask pixels: covered by a region triangle, as are their four neighbours.</summary>
    public ReadOnlySpan<int> MaskPixels => _maskPixels.AsSpan(0, _maskCount);

    /// <summary>Per pixel: true inside the face mask.</summary>
    public ReadOnlySpan<bool> Mask => _mask;

    /// <summary>Projected vertex positions of the last geometry (u v per vertex; NaN behind the camera).</summary>
    public ReadOnlySpan<double> ScreenPositions => _screen;

    /// <summary>Camera-frame vertex positions of the last geometry (3N).</summary>
    public ReadOnlySpan<double> CameraPositions => _cameraPoints;

    /// <summary>Unit vertex normals of the last geometry in the camera frame (3N; zero where undefined).</summary>
    public ReadOnlySpan<double> CameraNormals => _normals;

    /// <summary>Per-vertex shading (3N) of the last <c>Shade</c>.</summary>
    public ReadOnlySpan<double> VertexShading => _shading;

    /// <summary>Per-vertex colours <c>albedo ∘ shading</c> (3N) of the last vertex-colour <c>Shade</c>.</summary>
    public ReadOnlySpan<double> VertexColours => _colours;

    /// <summary>Per-vertex albedo (3N) of the last vertex-colour <c>Shade</c>.</summary>
    public ReadOnlySpan<double> VertexAlbedo => _albedo;

    /// <summary>Per vertex, the nine SH shading-basis values H_j(n) of its camera-frame normal (9N), from the last <c>Shade</c>.</summary>
    public ReadOnlySpan<double> ShadingBasis => _basis;

    /// <summary>The texture of the last textured <c>Shade</c>, or null.</summary>
    public TextureImage? Texture => _texture;

    /// <summary>The pose and camera of the last geometry.</summary>
    public (Mat3 Rotation, Vec3 Translation, double Scale, RenderCamera Camera) Placement => (_rotation, _translation, _scale, _camera);

    /// <summary>
    /// Places the mesh: model-frame vertex positions (3N), pose <c>X = s·R·x + t</c> and camera; then computes
    /// normals, the visibility buffer and the face mask. Shading of the previous frame is invalidated.
    /// </summary>
    /// <exception cref="ArgumentException">Wrong sizes, or a non-finite position or pose.</exception>
    public void SetGeometry(ReadOnlySpan<double> positions, in Mat3 rotation, Vec3 translation, double scale, RenderCamera camera)
    {
        if (positions.Length != 3 * _n)
        {
            throw new ArgumentException($"{positions.Length} position values; the mesh has 3N = {3 * _n}.", nameof(positions));
        }

        if (camera.Width != Width || camera.Height != Height)
        {
            throw new ArgumentException($"the camera is {camera.Width}×{camera.Height}; this renderer draws {Width}×{Height}.", nameof(camera));
        }

        if (!(scale > 0) || !(camera.Focal > 0))
        {
            throw new ArgumentException($"the pose scale ({scale}) and the focal length ({camera.Focal}) must be positive.");
        }

        if (!double.IsFinite(translation.X + translation.Y + translation.Z + scale + camera.Focal + camera.Cx + camera.Cy)
            || !double.IsFinite(rotation.M00 + rotation.M01 + rotation.M02 + rotation.M10 + rotation.M11 + rotation.M12 + rotation.M20 + rotation.M21 + rotation.M22))
        {
            throw new ArgumentException("the pose or camera holds NaN or infinite values.");
        }

        positions.CopyTo(_positions);
        _rotation = rotation;
        _translation = translation;
        _scale = scale;
        _camera = camera;
        TransformAndProject();
        ComputeNormals();
        Rasterize();
        BuildMask();
        _hasGeometry = true;
        _hasShading = false;
    }

    /// <summary>
    /// Shades with SH lighting (27 coefficients) and per-vertex albedo (3N RGB values in [0, 1]); writes the image.
    /// </summary>
    public void Shade(ReadOnlySpan<double> lighting, ReadOnlySpan<double> vertexAlbedo)
    {
        if (vertexAlbedo.Length != 3 * _n)
        {
            throw new ArgumentException($"{vertexAlbedo.Length} albedo values; the mesh has 3N = {3 * _n}.", nameof(vertexAlbedo));
        }

        vertexAlbedo.CopyTo(_albedo);
        _texture = null;
        ShadeVertices(lighting);
        for (int i = 0; i < 3 * _n; i++)
        {
            _colours[i] = _albedo[i] * _shading[i];
        }

        WritePixels();
    }

    /// <summary>Shades with SH lighting (27 coefficients) and a UV texture (the mesh must have texture coordinates); writes the image.</summary>
    public void Shade(ReadOnlySpan<double> lighting, TextureImage texture)
    {
        ArgumentNullException.ThrowIfNull(texture);
        if (!_mesh.HasUvs)
        {
            throw new InvalidOperationException("the mesh has no texture coordinates; shade it with per-vertex albedo.");
        }

        _texture = texture;
        ShadeVertices(lighting);
        WritePixels();
    }

    /// <summary>
    /// Reverse pass: from ∂L/∂colour per pixel (3 values per pixel, same layout as <see cref="Image"/>; read only at
    /// covered pixels) to <paramref name="gradients"/>, which is overwritten. With <paramref name="geometry"/> false
    /// only the appearance gradients (albedo, texture, lighting) are computed, which is all a fit with frozen
    /// geometry needs.
    /// </summary>
    public void Backward(ReadOnlySpan<double> pixelGradient, RenderGradients gradients, bool geometry = true)
    {
        if (!_hasGeometry || !_hasShading)
        {
            throw new InvalidOperationException("Backward needs SetGeometry and Shade first.");
        }

        if (pixelGradient.Length != _image.Length)
        {
            throw new ArgumentException($"{pixelGradient.Length} gradient values; the image has {_image.Length}.", nameof(pixelGradient));
        }

        gradients.Clear();
        Array.Clear(_gradColour);
        Array.Clear(_gradShading);
        Array.Clear(_gradScreen);
        if (_texture is not null && gradients.Texture.Length != _texture.Texels.Length)
        {
            throw new ArgumentException($"the gradients hold {gradients.Texture.Length} texel values; the texture has {_texture.Texels.Length}.", nameof(gradients));
        }

        BackwardPixels(pixelGradient, gradients, geometry);
        if (_texture is null)
        {
            for (int i = 0; i < 3 * _n; i++)
            {
                gradients.VertexAlbedo[i] = _gradColour[i] * _shading[i];
                _gradShading[i] = _gradColour[i] * _albedo[i];
            }
        }

        BackwardShading(gradients, geometry);
        if (geometry)
        {
            BackwardNormals(gradients);
            BackwardProjection(gradients);
        }
    }

    /// <summary>
    /// The per-pixel part of the reverse pass into ∂L/∂colour (vertex mode) or ∂L/∂shading and ∂L/∂texel (texture
    /// mode) and ∂L/∂q, on the caller's thread or in slices with per-thread sums that are added up after.
    /// </summary>
    private void BackwardPixels(ReadOnlySpan<double> pixelGradient, RenderGradients gradients, bool geometry)
    {
        PixelAccumulator main = _accumulators[0];
        main.Texture = gradients.Texture;
        if (_threads == 1)
        {
            if (_texture is null)
            {
                BackwardVertexColourPixels(pixelGradient, geometry, 0, _coveredCount, main);
            }
            else
            {
                BackwardTexturedPixels(pixelGradient, geometry, 0, _coveredCount, main);
            }

            return;
        }

        pixelGradient.CopyTo(_pixelGradientCopy);
        _backwardGeometry = geometry;
        for (int t = 1; t < _threads; t++)
        {
            PixelAccumulator sums = _accumulators[t];
            Array.Clear(sums.Colour);
            Array.Clear(sums.Shading);
            Array.Clear(sums.Screen);
            if (_texture is not null)
            {
                if (sums.Texture.Length != gradients.Texture.Length)
                {
                    sums.Texture = new float[gradients.Texture.Length];
                }

                Array.Clear(sums.Texture);
            }
        }

        Parallel.For(0, _threads, _backwardSlice);
        for (int t = 1; t < _threads; t++)
        {
            PixelAccumulator sums = _accumulators[t];
            TensorAdd(main.Colour, sums.Colour);
            TensorAdd(main.Shading, sums.Shading);
            TensorAdd(main.Screen, sums.Screen);
            if (_texture is not null)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(main.Texture, sums.Texture, main.Texture);
            }
        }

        static void TensorAdd(double[] into, double[] from) => System.Numerics.Tensors.TensorPrimitives.Add(into, from, into);
    }

    private void BackwardSlice(int slice)
    {
        int from = slice * _coveredCount / _threads, to = (slice + 1) * _coveredCount / _threads;
        if (_texture is null)
        {
            BackwardVertexColourPixels(_pixelGradientCopy, _backwardGeometry, from, to, _accumulators[slice]);
        }
        else
        {
            BackwardTexturedPixels(_pixelGradientCopy, _backwardGeometry, from, to, _accumulators[slice]);
        }
    }

    /// <summary>One thread's sums of the per-pixel reverse pass.</summary>
    private sealed class PixelAccumulator(double[] colour, double[] shading, double[] screen)
    {
        public double[] Colour { get; } = colour;

        public double[] Shading { get; } = shading;

        public double[] Screen { get; } = screen;

        public float[] Texture { get; set; } = [];
    }

    private void TransformAndProject()
    {
        Mat3 r = _rotation;
        double s = _scale;
        Vec3 t = _translation;
        RenderCamera camera = _camera;
        for (int i = 0; i < _n; i++)
        {
            double x = _positions[3 * i], y = _positions[(3 * i) + 1], z = _positions[(3 * i) + 2];
            double cx = (s * ((r.M00 * x) + (r.M01 * y) + (r.M02 * z))) + t.X;
            double cy = (s * ((r.M10 * x) + (r.M11 * y) + (r.M12 * z))) + t.Y;
            double cz = (s * ((r.M20 * x) + (r.M21 * y) + (r.M22 * z))) + t.Z;
            _cameraPoints[3 * i] = cx;
            _cameraPoints[(3 * i) + 1] = cy;
            _cameraPoints[(3 * i) + 2] = cz;
            _projected[i] = camera.Project(cx, cy, cz, out double u, out double v, out double key);
            _screen[2 * i] = u;
            _screen[(2 * i) + 1] = v;
            _depthKey[i] = key;
        }
    }

    /// <summary>
    /// Area-weighted vertex normals (the sum of the adjacent faces' cross products <c>(x1 − x0) × (x2 − x0)</c>, which
    /// point outward for counter-clockwise triangles, normalised), rotated into the camera frame.
    /// </summary>
    private void ComputeNormals()
    {
        Array.Clear(_normalSum);
        ReadOnlySpan<int> tri = _mesh.Triangles;
        double[] p = _positions;
        for (int f = 0; f < tri.Length; f += 3)
        {
            int i0 = 3 * tri[f], i1 = 3 * tri[f + 1], i2 = 3 * tri[f + 2];
            double ax = p[i1] - p[i0], ay = p[i1 + 1] - p[i0 + 1], az = p[i1 + 2] - p[i0 + 2];
            double bx = p[i2] - p[i0], by = p[i2 + 1] - p[i0 + 1], bz = p[i2 + 2] - p[i0 + 2];
            double nx = (ay * bz) - (az * by), ny = (az * bx) - (ax * bz), nz = (ax * by) - (ay * bx);
            _normalSum[i0] += nx; _normalSum[i0 + 1] += ny; _normalSum[i0 + 2] += nz;
            _normalSum[i1] += nx; _normalSum[i1 + 1] += ny; _normalSum[i1 + 2] += nz;
            _normalSum[i2] += nx; _normalSum[i2 + 1] += ny; _normalSum[i2 + 2] += nz;
        }

        Mat3 r = _rotation;
        for (int i = 0; i < _n; i++)
        {
            double mx = _normalSum[3 * i], my = _normalSum[(3 * i) + 1], mz = _normalSum[(3 * i) + 2];
            double length = Math.Sqrt((mx * mx) + (my * my) + (mz * mz));
            double inv = length > 1e-300 ? 1 / length : 0;
            _normalInvLength[i] = inv;
            mx *= inv;
            my *= inv;
            mz *= inv;
            _normals[3 * i] = (r.M00 * mx) + (r.M01 * my) + (r.M02 * mz);
            _normals[(3 * i) + 1] = (r.M10 * mx) + (r.M11 * my) + (r.M12 * mz);
            _normals[(3 * i) + 2] = (r.M20 * mx) + (r.M21 * my) + (r.M22 * mz);
        }
    }

    /// <summary>
    /// The visibility pass. For each drawn triangle with all corners in front of the camera: its signed doubled area
    /// in the image <c>D = (q1 − q0) × (q2 − q0)</c> (negative for a counter-clockwise-from-outside triangle seen from
    /// outside, since the image's y axis points down), then every pixel centre in its bounding box whose edge
    /// functions all have D's sign is inside, with barycentrics <c>b_i = E_i(p) / D</c>; the nearest wins (largest
    /// interpolated depth key; ties keep the earlier triangle).
    /// </summary>
    private void Rasterize()
    {
        // The image keeps the background wherever nothing was drawn: reset the pixels the last frame covered.
        (double br, double bg, double bb) = Background;
        for (int k = 0; k < _coveredCount; k++)
        {
            int p = _covered[k];
            _image[3 * p] = br;
            _image[(3 * p) + 1] = bg;
            _image[(3 * p) + 2] = bb;
        }

        Array.Fill(_triangleAt, -1);
        Array.Fill(_depth, float.NegativeInfinity);
        if (_threads > 1)
        {
            Parallel.For(0, _threads, _rasterizeBand);
        }
        else
        {
            RasterizeRows(0, Height - 1);
        }

        int count = 0;
        for (int p = 0; p < _triangleAt.Length; p++)
        {
            if (_triangleAt[p] >= 0)
            {
                _covered[count++] = p;
            }
        }

        _coveredCount = count;
    }

    /// <summary>Rasterises every drawn triangle into the rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>] (one band of the image).</summary>
    private void RasterizeRows(int rowStart, int rowEnd)
    {
        ReadOnlySpan<int> tri = _mesh.Triangles;
        ReadOnlySpan<bool> drawn = _mesh.Drawn;
        double[] q = _screen;
        int width = Width;
        bool cull = CullBackFaces;
        for (int f = 0; f < tri.Length / 3; f++)
        {
            if (!drawn[f])
            {
                continue;
            }

            int i0 = tri[3 * f], i1 = tri[(3 * f) + 1], i2 = tri[(3 * f) + 2];
            if (!_projected[i0] || !_projected[i1] || !_projected[i2])
            {
                continue;
            }

            double x0 = q[2 * i0], y0 = q[(2 * i0) + 1], x1 = q[2 * i1], y1 = q[(2 * i1) + 1], x2 = q[2 * i2], y2 = q[(2 * i2) + 1];
            double d = ((x1 - x0) * (y2 - y0)) - ((y1 - y0) * (x2 - x0));
            if (d == 0 || (cull && d > 0) || !double.IsFinite(d))
            {
                continue;
            }

            int xMin = Math.Max(0, (int)Math.Ceiling(Math.Min(x0, Math.Min(x1, x2))));
            int xMax = Math.Min(width - 1, (int)Math.Floor(Math.Max(x0, Math.Max(x1, x2))));
            int yMin = Math.Max(rowStart, (int)Math.Ceiling(Math.Min(y0, Math.Min(y1, y2))));
            int yMax = Math.Min(rowEnd, (int)Math.Floor(Math.Max(y0, Math.Max(y1, y2))));
            if (xMin > xMax || yMin > yMax)
            {
                continue;
            }

            double invD = 1.0 / d;
            double k0 = _depthKey[i0], k1 = _depthKey[i1], k2 = _depthKey[i2];

            // b0 and b1 are affine in the pixel centre: b = A·x + B·y + C (b2 = 1 − b0 − b1). Per row, the pixels
            // inside are an interval of x where all three are ≥ 0; it is found from the three lines, then walked with
            // additions. The depth key is affine too: key = b0·k0 + b1·k1 + b2·k2.
            double a0 = -(y2 - y1) * invD, bb0 = (x2 - x1) * invD, c0 = ((-(x2 - x1) * y1) + ((y2 - y1) * x1)) * invD;
            double a1 = -(y0 - y2) * invD, bb1 = (x0 - x2) * invD, c1 = ((-(x0 - x2) * y2) + ((y0 - y2) * x2)) * invD;
            double a2 = -a0 - a1;
            double inv0 = a0 != 0 ? 1 / a0 : 0, inv1 = a1 != 0 ? 1 / a1 : 0, inv2 = a2 != 0 ? 1 / a2 : 0;
            for (int y = yMin; y <= yMax; y++)
            {
                double r0 = (bb0 * y) + c0, r1 = (bb1 * y) + c1;
                double left = xMin, right = xMax;
                if (!Clip(a0, inv0, r0, ref left, ref right) || !Clip(a1, inv1, r1, ref left, ref right) || !Clip(a2, inv2, 1 - r0 - r1, ref left, ref right))
                {
                    continue;
                }

                int xStart = (int)Math.Ceiling(left), xEnd = (int)Math.Floor(right);
                int row = y * width;
                double s0 = bb0 * (y - y1), s1 = bb1 * (y - y2);
                for (int x = xStart; x <= xEnd; x++)
                {
                    // Relative to a corner, so that the barycentrics carry the precision of the pixel's offset from it.
                    double b0 = (a0 * (x - x1)) + s0;
                    double b1 = (a1 * (x - x2)) + s1;
                    double b2 = 1 - b0 - b1;
                    if (b0 < 0 || b1 < 0 || b2 < 0)
                    {
                        continue; // rounding at the interval's ends
                    }

                    float key = (float)((b0 * k0) + (b1 * k1) + (b2 * k2));
                    int p = row + x;
                    if (key > _depth[p])
                    {
                        _depth[p] = key;
                        _triangleAt[p] = f;
                        _b1[p] = b1;
                        _b2[p] = b2;
                    }
                }
            }

        }
    }

    /// <summary>
    /// Narrows [left, right] to the x where <c>a·x + r ≥ 0</c> (<paramref name="inverse"/> = 1/a; with a small tolerance,
    /// since the pixel loop checks exactly);
    /// false when nothing is left.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Clip(double a, double inverse, double r, ref double left, ref double right)
    {
        const double Slack = 1e-9;
        if (a > 0)
        {
            left = Math.Max(left, (-r * inverse) - Slack);
        }
        else if (a < 0)
        {
            right = Math.Min(right, (-r * inverse) + Slack);
        }
        else if (r < 0)
        {
            return false;
        }

        return left <= right;
    }

    /// <summary>
    /// The face mask: pixels covered by a region triangle whose four neighbours are covered by region triangles
    /// too (a one-pixel erosion that drops pixels straddling the silhouette or the region's border, whose colour in a
    /// photo mixes face and background).
    /// </summary>
    private void BuildMask()
    {
        Array.Clear(_mask);
        ReadOnlySpan<bool> region = _mesh.InRegion;
        int width = Width, height = Height, count = 0;
        for (int k = 0; k < _coveredCount; k++)
        {
            int p = _covered[k];
            int x = p % width, y = p / width;
            if (x == 0 || y == 0 || x == width - 1 || y == height - 1)
            {
                continue;
            }

            if (InRegion(_triangleAt, region, p) && InRegion(_triangleAt, region, p - 1) && InRegion(_triangleAt, region, p + 1)
                && InRegion(_triangleAt, region, p - width) && InRegion(_triangleAt, region, p + width))
            {
                _mask[p] = true;
                _maskPixels[count++] = p;
            }
        }

        _maskCount = count;
    }

    private static bool InRegion(int[] triangleAt, ReadOnlySpan<bool> region, int pixel) => triangleAt[pixel] is int t && t >= 0 && region[t];

    private void ShadeVertices(ReadOnlySpan<double> lighting)
    {
        if (!_hasGeometry)
        {
            throw new InvalidOperationException("Shade needs SetGeometry first.");
        }

        if (lighting.Length != SphericalHarmonics.CoefficientCount)
        {
            throw new ArgumentException($"{lighting.Length} lighting coefficients; expected {SphericalHarmonics.CoefficientCount}.", nameof(lighting));
        }

        lighting.CopyTo(_lighting);
        Span<double> h = stackalloc double[SphericalHarmonics.BasisCount];
        double[] l = _lighting;
        for (int i = 0; i < _n; i++)
        {
            SphericalHarmonics.Basis(_normals[3 * i], _normals[(3 * i) + 1], _normals[(3 * i) + 2], h);
            h.CopyTo(_basis.AsSpan(SphericalHarmonics.BasisCount * i, SphericalHarmonics.BasisCount));
            double r = 0, g = 0, b = 0;
            for (int j = 0; j < SphericalHarmonics.BasisCount; j++)
            {
                r += l[j] * h[j];
                g += l[9 + j] * h[j];
                b += l[18 + j] * h[j];
            }

            _shading[3 * i] = r;
            _shading[(3 * i) + 1] = g;
            _shading[(3 * i) + 2] = b;
        }

        _hasShading = true;
    }

    private void WritePixels()
    {
        if (_threads > 1)
        {
            Parallel.For(0, _threads, _shadeSlice);
        }
        else
        {
            ShadePixels(0, _coveredCount);
        }
    }

    /// <summary>Colours the covered pixels [from, to) of the covered list.</summary>
    private void ShadePixels(int from, int to)
    {
        ReadOnlySpan<int> tri = _mesh.Triangles;
        ReadOnlySpan<float> uvs = _mesh.CornerUvs;
        Span<double> texel = stackalloc double[3];
        for (int k = from; k < to; k++)
        {
            int p = _covered[k];
            int f = _triangleAt[p];
            double b1 = _b1[p], b2 = _b2[p], b0 = 1 - b1 - b2;
            int i0 = 3 * tri[3 * f], i1 = 3 * tri[(3 * f) + 1], i2 = 3 * tri[(3 * f) + 2];
            if (_texture is null)
            {
                _image[3 * p] = (b0 * _colours[i0]) + (b1 * _colours[i1]) + (b2 * _colours[i2]);
                _image[(3 * p) + 1] = (b0 * _colours[i0 + 1]) + (b1 * _colours[i1 + 1]) + (b2 * _colours[i2 + 1]);
                _image[(3 * p) + 2] = (b0 * _colours[i0 + 2]) + (b1 * _colours[i1 + 2]) + (b2 * _colours[i2 + 2]);
            }
            else
            {
                int c = 6 * f;
                double u = (b0 * uvs[c]) + (b1 * uvs[c + 2]) + (b2 * uvs[c + 4]);
                double v = (b0 * uvs[c + 1]) + (b1 * uvs[c + 3]) + (b2 * uvs[c + 5]);
                _texture.Sample(u, v, texel);
                _image[3 * p] = texel[0] * ((b0 * _shading[i0]) + (b1 * _shading[i1]) + (b2 * _shading[i2]));
                _image[(3 * p) + 1] = texel[1] * ((b0 * _shading[i0 + 1]) + (b1 * _shading[i1 + 1]) + (b2 * _shading[i2 + 1]));
                _image[(3 * p) + 2] = texel[2] * ((b0 * _shading[i0 + 2]) + (b1 * _shading[i1 + 2]) + (b2 * _shading[i2 + 2]));
            }
        }
    }

    /// <summary>
    /// Per pixel of a vertex-colour render <c>c = Σ b_k·C_k</c>: ∂L/∂C_k += b_k·g, and through the barycentrics
    /// ∂L/∂q_k −= b_k·G with <c>G = Σ_m (g·C_m)·∇b_m</c> (see the class remarks).
    /// </summary>
    private void BackwardVertexColourPixels(ReadOnlySpan<double> pixelGradient, bool geometry, int from, int to, PixelAccumulator sums)
    {
        ReadOnlySpan<int> tri = _mesh.Triangles;
        double[] gradColour = sums.Colour;
        for (int k = from; k < to; k++)
        {
            int p = _covered[k];
            double gr = pixelGradient[3 * p], gg = pixelGradient[(3 * p) + 1], gb = pixelGradient[(3 * p) + 2];
            if (gr == 0 && gg == 0 && gb == 0)
            {
                continue;
            }

            int f = _triangleAt[p];
            double b1 = _b1[p], b2 = _b2[p], b0 = 1 - b1 - b2;
            int v0 = tri[3 * f], v1 = tri[(3 * f) + 1], v2 = tri[(3 * f) + 2];
            int i0 = 3 * v0, i1 = 3 * v1, i2 = 3 * v2;
            gradColour[i0] += b0 * gr; gradColour[i0 + 1] += b0 * gg; gradColour[i0 + 2] += b0 * gb;
            gradColour[i1] += b1 * gr; gradColour[i1 + 1] += b1 * gg; gradColour[i1 + 2] += b1 * gb;
            gradColour[i2] += b2 * gr; gradColour[i2 + 1] += b2 * gg; gradColour[i2 + 2] += b2 * gb;
            if (!geometry)
            {
                continue;
            }

            double g0 = (gr * _colours[i0]) + (gg * _colours[i0 + 1]) + (gb * _colours[i0 + 2]);
            double g1 = (gr * _colours[i1]) + (gg * _colours[i1 + 1]) + (gb * _colours[i1 + 2]);
            double g2 = (gr * _colours[i2]) + (gg * _colours[i2 + 1]) + (gb * _colours[i2 + 2]);
            ScatterBarycentricGradient(sums.Screen, v0, v1, v2, b0, b1, b2, g0, g1, g2);
        }
    }

    /// <summary>
    /// Per pixel of a textured render <c>c = T(uv) ∘ E</c> with <c>uv = Σ b_k·uv_k</c>, <c>E = Σ b_k·s_k</c>:
    /// the texture receives <c>g ∘ E</c> at the bilinear taps, the shading <c>b_k·(g ∘ T)</c>, and the barycentrics
    /// <c>∂L/∂b_k = (g ∘ E)·(∂T/∂u·u_k + ∂T/∂v·v_k) + (g ∘ T)·s_k</c>.
    /// </summary>
    private void BackwardTexturedPixels(ReadOnlySpan<double> pixelGradient, bool geometry, int from, int to, PixelAccumulator sums)
    {
        TextureImage texture = _texture!;
        float[] textureGradient = sums.Texture;
        double[] gradShading = sums.Shading;
        ReadOnlySpan<int> tri = _mesh.Triangles;
        ReadOnlySpan<float> uvs = _mesh.CornerUvs;
        Span<double> t = stackalloc double[3];
        Span<double> du = stackalloc double[3];
        Span<double> dv = stackalloc double[3];
        for (int k = from; k < to; k++)
        {
            int p = _covered[k];
            double gr = pixelGradient[3 * p], gg = pixelGradient[(3 * p) + 1], gb = pixelGradient[(3 * p) + 2];
            if (gr == 0 && gg == 0 && gb == 0)
            {
                continue;
            }

            int f = _triangleAt[p];
            double b1 = _b1[p], b2 = _b2[p], b0 = 1 - b1 - b2;
            int v0 = tri[3 * f], v1 = tri[(3 * f) + 1], v2 = tri[(3 * f) + 2];
            int i0 = 3 * v0, i1 = 3 * v1, i2 = 3 * v2;
            int c = 6 * f;
            double u = (b0 * uvs[c]) + (b1 * uvs[c + 2]) + (b2 * uvs[c + 4]);
            double v = (b0 * uvs[c + 1]) + (b1 * uvs[c + 3]) + (b2 * uvs[c + 5]);
            texture.Sample(u, v, t, du, dv);
            double er = (b0 * _shading[i0]) + (b1 * _shading[i1]) + (b2 * _shading[i2]);
            double eg = (b0 * _shading[i0 + 1]) + (b1 * _shading[i1 + 1]) + (b2 * _shading[i2 + 1]);
            double eb = (b0 * _shading[i0 + 2]) + (b1 * _shading[i1 + 2]) + (b2 * _shading[i2 + 2]);
            double ger = gr * er, geg = gg * eg, geb = gb * eb;       // ∂L/∂T
            double gtr = gr * t[0], gtg = gg * t[1], gtb = gb * t[2]; // ∂L/∂E
            texture.Scatter(u, v, ger, geg, geb, textureGradient);
            gradShading[i0] += b0 * gtr; gradShading[i0 + 1] += b0 * gtg; gradShading[i0 + 2] += b0 * gtb;
            gradShading[i1] += b1 * gtr; gradShading[i1 + 1] += b1 * gtg; gradShading[i1 + 2] += b1 * gtb;
            gradShading[i2] += b2 * gtr; gradShading[i2 + 1] += b2 * gtg; gradShading[i2 + 2] += b2 * gtb;
            if (!geometry)
            {
                continue;
            }

            double gu = (ger * du[0]) + (geg * du[1]) + (geb * du[2]);
            double gv = (ger * dv[0]) + (geg * dv[1]) + (geb * dv[2]);
            double g0 = (gu * uvs[c]) + (gv * uvs[c + 1]) + (gtr * _shading[i0]) + (gtg * _shading[i0 + 1]) + (gtb * _shading[i0 + 2]);
            double g1 = (gu * uvs[c + 2]) + (gv * uvs[c + 3]) + (gtr * _shading[i1]) + (gtg * _shading[i1 + 1]) + (gtb * _shading[i1 + 2]);
            double g2 = (gu * uvs[c + 4]) + (gv * uvs[c + 5]) + (gtr * _shading[i2]) + (gtg * _shading[i2 + 1]) + (gtb * _shading[i2 + 2]);
            ScatterBarycentricGradient(sums.Screen, v0, v1, v2, b0, b1, b2, g0, g1, g2);
        }
    }

    /// <summary>
    /// Given ∂L/∂b_m of a pixel, adds <c>−b_k·G</c> to ∂L/∂q_k for the triangle's corners, with
    /// <c>G = Σ_m ∂L/∂b_m · ∇_p b_m</c> and <c>∇_p b_0 = (−(y2 − y1), x2 − x1) / D</c> (cyclically).
    /// </summary>
    private void ScatterBarycentricGradient(double[] gradScreen, int v0, int v1, int v2, double b0, double b1, double b2, double g0, double g1, double g2)
    {
        double[] q = _screen;
        double x0 = q[2 * v0], y0 = q[(2 * v0) + 1], x1 = q[2 * v1], y1 = q[(2 * v1) + 1], x2 = q[2 * v2], y2 = q[(2 * v2) + 1];
        double invD = 1.0 / (((x1 - x0) * (y2 - y0)) - ((y1 - y0) * (x2 - x0)));
        double gx = ((g0 * (y1 - y2)) + (g1 * (y2 - y0)) + (g2 * (y0 - y1))) * invD;
        double gy = ((g0 * (x2 - x1)) + (g1 * (x0 - x2)) + (g2 * (x1 - x0))) * invD;
        gradScreen[2 * v0] -= b0 * gx; gradScreen[(2 * v0) + 1] -= b0 * gy;
        gradScreen[2 * v1] -= b1 * gx; gradScreen[(2 * v1) + 1] -= b1 * gy;
        gradScreen[2 * v2] -= b2 * gx; gradScreen[(2 * v2) + 1] -= b2 * gy;
    }

    /// <summary>
    /// Shading <c>s_c = Σ_j ℓ_cj·H_j(n)</c>: ∂L/∂ℓ_cj += g_c·H_j, and (with geometry) ∂L/∂n through ∂H/∂n; then
    /// from the camera-frame unit normal <c>n = R·m̂</c> to ∂L/∂R (<c>+= g_n·m̂ᵀ</c>) and to the unnormalised sum m
    /// (<c>(I − m̂m̂ᵀ)·Rᵀg_n / |m|</c>).
    /// </summary>
    private void BackwardShading(RenderGradients gradients, bool geometry)
    {
        double[] gl = gradients.Lighting;
        double[] l = _lighting;
        Span<double> gh = stackalloc double[SphericalHarmonics.BasisCount];
        Mat3 r = _rotation;
        double r00 = 0, r01 = 0, r02 = 0, r10 = 0, r11 = 0, r12 = 0, r20 = 0, r21 = 0, r22 = 0;
        Array.Clear(_gradNormal);
        for (int i = 0; i < _n; i++)
        {
            double sr = _gradShading[3 * i], sg = _gradShading[(3 * i) + 1], sb = _gradShading[(3 * i) + 2];
            if (sr == 0 && sg == 0 && sb == 0)
            {
                continue;
            }

            ReadOnlySpan<double> h = _basis.AsSpan(SphericalHarmonics.BasisCount * i, SphericalHarmonics.BasisCount);
            for (int j = 0; j < SphericalHarmonics.BasisCount; j++)
            {
                gl[j] += sr * h[j];
                gl[9 + j] += sg * h[j];
                gl[18 + j] += sb * h[j];
                gh[j] = (sr * l[j]) + (sg * l[9 + j]) + (sb * l[18 + j]);
            }

            if (!geometry || _normalInvLength[i] == 0)
            {
                continue;
            }

            double nx = _normals[3 * i], ny = _normals[(3 * i) + 1], nz = _normals[(3 * i) + 2];
            (double gx, double gy, double gz) = SphericalHarmonics.BasisGradient(nx, ny, nz, gh);

            // Unit model-frame normal m̂ = Rᵀn (R orthonormal).
            double inv = _normalInvLength[i];
            double mx = (r.M00 * nx) + (r.M10 * ny) + (r.M20 * nz);
            double my = (r.M01 * nx) + (r.M11 * ny) + (r.M21 * nz);
            double mz = (r.M02 * nx) + (r.M12 * ny) + (r.M22 * nz);
            r00 += gx * mx; r01 += gx * my; r02 += gx * mz;
            r10 += gy * mx; r11 += gy * my; r12 += gy * mz;
            r20 += gz * mx; r21 += gz * my; r22 += gz * mz;

            // Rᵀg_n, then the normalisation's Jacobian (I − m̂m̂ᵀ)/|m|.
            double hx = (r.M00 * gx) + (r.M10 * gy) + (r.M20 * gz);
            double hy = (r.M01 * gx) + (r.M11 * gy) + (r.M21 * gz);
            double hz = (r.M02 * gx) + (r.M12 * gy) + (r.M22 * gz);
            double dot = (mx * hx) + (my * hy) + (mz * hz);
            _gradNormal[3 * i] = (hx - (mx * dot)) * inv;
            _gradNormal[(3 * i) + 1] = (hy - (my * dot)) * inv;
            _gradNormal[(3 * i) + 2] = (hz - (mz * dot)) * inv;
        }

        if (geometry)
        {
            gradients.Rotation += new Mat3(r00, r01, r02, r10, r11, r12, r20, r21, r22);
        }
    }

    /// <summary>
    /// From ∂L/∂m (the normal sums) to the positions: each face's cross product <c>c = a × b</c> with
    /// <c>a = x1 − x0</c>, <c>b = x2 − x0</c> feeds its three corners, so with <c>g = Σ_corners ∂L/∂m</c>:
    /// <c>∂L/∂x1 += b × g</c>, <c>∂L/∂x2 += g × a</c>, <c>∂L/∂x0 −= both</c>.
    /// </summary>
    private void BackwardNormals(RenderGradients gradients)
    {
        ReadOnlySpan<int> tri = _mesh.Triangles;
        double[] p = _positions;
        double[] gp = gradients.Positions;
        double[] gm = _gradNormal;
        for (int f = 0; f < tri.Length; f += 3)
        {
            int i0 = 3 * tri[f], i1 = 3 * tri[f + 1], i2 = 3 * tri[f + 2];
            double gx = gm[i0] + gm[i1] + gm[i2], gy = gm[i0 + 1] + gm[i1 + 1] + gm[i2 + 1], gz = gm[i0 + 2] + gm[i1 + 2] + gm[i2 + 2];
            if (gx == 0 && gy == 0 && gz == 0)
            {
                continue;
            }

            double ax = p[i1] - p[i0], ay = p[i1 + 1] - p[i0 + 1], az = p[i1 + 2] - p[i0 + 2];
            double bx = p[i2] - p[i0], by = p[i2 + 1] - p[i0 + 1], bz = p[i2 + 2] - p[i0 + 2];
            double g1x = (by * gz) - (bz * gy), g1y = (bz * gx) - (bx * gz), g1z = (bx * gy) - (by * gx);
            double g2x = (gy * az) - (gz * ay), g2y = (gz * ax) - (gx * az), g2z = (gx * ay) - (gy * ax);
            gp[i1] += g1x; gp[i1 + 1] += g1y; gp[i1 + 2] += g1z;
            gp[i2] += g2x; gp[i2 + 1] += g2y; gp[i2 + 2] += g2z;
            gp[i0] -= g1x + g2x; gp[i0 + 1] -= g1y + g2y; gp[i0 + 2] -= g1z + g2z;
        }
    }

    /// <summary>
    /// From ∂L/∂q (image positions) through the projection (<see cref="RenderCamera.PullBack"/>) to the camera-frame
    /// points g_X, then <c>X = s·R·x + t</c>: ∂L/∂t += g_X, ∂L/∂R += s·g_X·xᵀ, ∂L/∂s += g_X·(R·x), ∂L/∂x += s·Rᵀ·g_X;
    /// and the intrinsics: ∂L/∂f += g_q·∂q/∂f, ∂L/∂(cx, cy) += g_q.
    /// </summary>
    private void BackwardProjection(RenderGradients gradients)
    {
        Mat3 r = _rotation;
        double s = _scale;
        RenderCamera camera = _camera;
        double[] gp = gradients.Positions;
        double tx = 0, ty = 0, tz = 0, gs = 0, gf = 0, gcx = 0, gcy = 0;
        double r00 = 0, r01 = 0, r02 = 0, r10 = 0, r11 = 0, r12 = 0, r20 = 0, r21 = 0, r22 = 0;
        for (int i = 0; i < _n; i++)
        {
            double gu = _gradScreen[2 * i], gv = _gradScreen[(2 * i) + 1];
            if (gu == 0 && gv == 0)
            {
                continue;
            }

            double cx = _cameraPoints[3 * i], cy = _cameraPoints[(3 * i) + 1], cz = _cameraPoints[(3 * i) + 2];
            (double gx, double gy, double gz) = camera.PullBack(cx, cy, cz, gu, gv);
            (double fu, double fv) = camera.FocalDerivative(cx, cy, cz);
            gf += (gu * fu) + (gv * fv);
            gcx += gu;
            gcy += gv;
            tx += gx;
            ty += gy;
            tz += gz;
            double x = _positions[3 * i], y = _positions[(3 * i) + 1], z = _positions[(3 * i) + 2];
            gs += (gx * (cx - _translation.X)) + (gy * (cy - _translation.Y)) + (gz * (cz - _translation.Z));
            double sx = s * gx, sy = s * gy, sz = s * gz;
            r00 += sx * x; r01 += sx * y; r02 += sx * z;
            r10 += sy * x; r11 += sy * y; r12 += sy * z;
            r20 += sz * x; r21 += sz * y; r22 += sz * z;
            gp[3 * i] += (r.M00 * sx) + (r.M10 * sy) + (r.M20 * sz);
            gp[(3 * i) + 1] += (r.M01 * sx) + (r.M11 * sy) + (r.M21 * sz);
            gp[(3 * i) + 2] += (r.M02 * sx) + (r.M12 * sy) + (r.M22 * sz);
        }

        gradients.Rotation += new Mat3(r00, r01, r02, r10, r11, r12, r20, r21, r22);
        gradients.Translation = new Vec3(tx, ty, tz);
        gradients.Scale = s != 0 ? gs / s : 0;
        gradients.Focal = gf;
        gradients.Cx = gcx;
        gradients.Cy = gcy;
    }
}
