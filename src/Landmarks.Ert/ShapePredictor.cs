using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Facebench.Contracts;
using Facebench.Contracts.Imaging;

namespace Facebench.Landmarks.Ert;

/// <summary>
/// Runs a <see cref="ShapePredictorModel"/> on an image and a face box exactly as dlib 19.24's
/// <c>shape_predictor::operator()</c> does (docs/dlib-shape-predictor.md §b), so the landmarks equal dlib's.
/// Holds its own scratch buffers, so a predictor makes no allocations per face (except the result array of the
/// convenience overload) and is not thread-safe: use one per thread; the model itself is shared.
/// </summary>
public sealed class ShapePredictor
{
    private readonly ShapePredictorModel _model;
    private readonly float[] _shape;      // current shape, normalized, padded to the leaf stride
    private readonly float[] _pixels;     // the cascade's feature pixel intensities
    private readonly int[] _leaves;       // element offset of the chosen leaf of each tree
    private readonly double[] _initialCentered; // initial shape minus its mean, for the similarity fit
    private readonly double _initialNorm;       // sum of squared norms of _initialCentered

    /// <summary>Creates a predictor with its scratch buffers.</summary>
    public ShapePredictor(ShapePredictorModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _shape = new float[model.LeafStride];
        _pixels = new float[model.FeaturesPerCascade];
        _leaves = new int[model.TreesPerCascade];
        int p = model.LandmarkCount;
        float[] s = model.InitialShape;
        double mx = 0, my = 0;
        for (int i = 0; i < p; i++)
        {
            mx += s[2 * i];
            my += s[(2 * i) + 1];
        }

        mx /= p;
        my /= p;
        _initialCentered = new double[2 * p];
        for (int i = 0; i < p; i++)
        {
            double fx = s[2 * i] - mx, fy = s[(2 * i) + 1] - my;
            _initialCentered[2 * i] = fx;
            _initialCentered[(2 * i) + 1] = fy;
            _initialNorm += (fx * fx) + (fy * fy);
        }
    }

    /// <summary>The model this predictor runs.</summary>
    public ShapePredictorModel Model => _model;

    /// <summary>
    /// Predicts the landmarks of the face in <paramref name="box"/>. The box is dlib's rectangle: left = X,
    /// top = Y, right = X + Width − 1, bottom = Y + Height − 1 (dlib rectangles are inclusive), so an integer box
    /// gives dlib's result exactly; fractional boxes are used as they are.
    /// </summary>
    /// <returns>Sub-pixel landmarks in Facebench's image coordinates (dlib's, before its rounding to integers).</returns>
    /// <exception cref="ArgumentException">A box that is not finite, or narrower than one pixel.</exception>
    public Point2[] Predict(ImageBuffer image, BoundingBox box)
    {
        var points = new Point2[_model.LandmarkCount];
        Predict(image, box, points);
        return points;
    }

    /// <summary>As <see cref="Predict(ImageBuffer, BoundingBox)"/>, into a caller's span of <see cref="ShapePredictorModel.LandmarkCount"/> points.</summary>
    public void Predict(ImageBuffer image, BoundingBox box, Span<Point2> landmarks)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(landmarks.Length, _model.LandmarkCount, nameof(landmarks));
        if (!double.IsFinite(box.X) || !double.IsFinite(box.Y) || !(box.Width >= 1) || !(box.Height >= 1) || !double.IsFinite(box.Width) || !double.IsFinite(box.Height))
        {
            throw new ArgumentException($"face box {box} must be finite and at least one pixel wide and high.", nameof(box));
        }

        double left = box.X, top = box.Y, scaleX = box.Width - 1, scaleY = box.Height - 1;
        RunCascades(image, left, top, scaleX, scaleY);
        for (int i = 0; i < _model.LandmarkCount; i++)
        {
            // The box map in double, as dlib's point transform applies it to the float shape.
            landmarks[i] = new Point2(left + (_shape[2 * i] * scaleX), top + (_shape[(2 * i) + 1] * scaleY));
        }
    }

    /// <summary>The normalized float32 shape of the last prediction (for bit-level tests).</summary>
    internal ReadOnlySpan<float> LastShape => _shape.AsSpan(0, 2 * _model.LandmarkCount);

    private unsafe void RunCascades(ImageBuffer image, double left, double top, double scaleX, double scaleY)
    {
        var m = _model;
        int trees = m.TreesPerCascade, features = m.FeaturesPerCascade, splits = m.SplitsPerTree;
        int leavesPerTree = m.LeavesPerTree, stride = m.LeafStride;
        Array.Clear(_shape);
        m.InitialShape.CopyTo(_shape, 0);
        fixed (float* shape = _shape)
        fixed (float* pixels = _pixels)
        fixed (int* chosen = _leaves)
        fixed (Split* allSplits = m.Splits)
        fixed (int* allAnchors = m.Anchors)
        fixed (float* allDeltas = m.Deltas)
        fixed (byte* image8 = image.Pixels)
        {
            float* leafStore = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(m.Leaves)) + m.LeafOffset; // pinned array
            for (int t = 0; t < m.CascadeCount; t++)
            {
                var (a00, a01, a10, a11) = SimilarityToCurrent(shape);
                SamplePixels(image, image8, shape, allAnchors + (t * features), allDeltas + (2 * t * features), features, a00, a01, a10, a11, left, top, scaleX, scaleY, pixels);

                // Walk every tree first (the pixels stay in L1), then add the chosen leaves: the leaf loads no
                // longer wait on the walks, so the CPU overlaps their cache misses.
                Split* node = allSplits + ((long)t * trees * splits);
                int treeLeafBase = t * trees * leavesPerTree;
                for (int k = 0; k < trees; k++, node += splits)
                {
                    int i = 0;
                    while (i < splits)
                    {
                        Split s = node[i];
                        i = (2 * i) + (pixels[s.Feature1] - pixels[s.Feature2] > s.Threshold ? 1 : 2);
                    }

                    chosen[k] = (treeLeafBase + (k * leavesPerTree) + i - splits) * stride;
                }

                AddLeaves(shape, leafStore, chosen, trees, stride);
            }
        }

    }

    /// <summary>
    /// The linear part of the least-squares similarity taking the initial shape to the current one
    /// (Umeyama, closed form for 2-D), each entry rounded to float32 as dlib stores it.
    /// </summary>
    private unsafe (float A00, float A01, float A10, float A11) SimilarityToCurrent(float* shape)
    {
        int p = _model.LandmarkCount;
        double mx = 0, my = 0;
        for (int i = 0; i < p; i++)
        {
            mx += shape[2 * i];
            my += shape[(2 * i) + 1];
        }

        mx /= p;
        my /= p;
        double dot = 0, cross = 0;
        double[] f = _initialCentered;
        for (int i = 0; i < p; i++)
        {
            double fx = f[2 * i], fy = f[(2 * i) + 1];
            double gx = shape[2 * i] - mx, gy = shape[(2 * i) + 1] - my;
            dot += (fx * gx) + (fy * gy);
            cross += (fx * gy) - (fy * gx);
        }

        double a = dot / _initialNorm, b = cross / _initialNorm;
        return ((float)a, (float)-b, (float)b, (float)a);
    }

    /// <summary>Reads the cascade's feature pixels: anchor + A·delta in float32, box map in double, round, bounds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void SamplePixels(ImageBuffer image, byte* image8, float* shape, int* anchors, float* deltas, int features,
        float a00, float a01, float a10, float a11, double left, double top, double scaleX, double scaleY, float* pixels)
    {
        int width = image.Width;
        double maxX = image.Width - 1, maxY = image.Height - 1;
        bool rgb = image.Format == PixelFormat.Rgb24;
        for (int j = 0; j < features; j++)
        {
            int a = anchors[j];
            float dx = deltas[2 * j], dy = deltas[(2 * j) + 1];
            // Explicit casts pin every product and sum to float32, as dlib computes them.
            float qx = (float)((float)(a00 * dx) + (float)(a01 * dy)) + shape[2 * a];
            float qy = (float)((float)(a10 * dx) + (float)(a11 * dy)) + shape[(2 * a) + 1];
            double x = Math.Floor(left + (qx * scaleX) + 0.5);
            double y = Math.Floor(top + (qy * scaleY) + 0.5);
            float value = 0;
            if (x >= 0 && x <= maxX && y >= 0 && y <= maxY)
            {
                int index = ((int)y * width) + (int)x;
                value = rgb ? (image8[3 * index] + image8[(3 * index) + 1] + image8[(3 * index) + 2]) / 3 : image8[index];
            }

            pixels[j] = value;
        }
    }

    /// <summary>shape += leaf, tree by tree in order (float32, so per-element sums match dlib's order exactly).</summary>
    private static unsafe void AddLeaves(float* shape, float* leaves, int* chosen, int trees, int stride)
    {
        if (Vector512.IsHardwareAccelerated && stride == 144)
        {
            // 136 values padded to 144 = 9 vectors of 16, kept in registers across all trees.
            var v0 = Vector512.Load(shape);
            var v1 = Vector512.Load(shape + 16);
            var v2 = Vector512.Load(shape + 32);
            var v3 = Vector512.Load(shape + 48);
            var v4 = Vector512.Load(shape + 64);
            var v5 = Vector512.Load(shape + 80);
            var v6 = Vector512.Load(shape + 96);
            var v7 = Vector512.Load(shape + 112);
            var v8 = Vector512.Load(shape + 128);
            for (int k = 0; k < trees; k++)
            {
                float* leaf = leaves + chosen[k];
                v0 += Vector512.LoadAligned(leaf);
                v1 += Vector512.LoadAligned(leaf + 16);
                v2 += Vector512.LoadAligned(leaf + 32);
                v3 += Vector512.LoadAligned(leaf + 48);
                v4 += Vector512.LoadAligned(leaf + 64);
                v5 += Vector512.LoadAligned(leaf + 80);
                v6 += Vector512.LoadAligned(leaf + 96);
                v7 += Vector512.LoadAligned(leaf + 112);
                v8 += Vector512.LoadAligned(leaf + 128);
            }

            v0.Store(shape);
            v1.Store(shape + 16);
            v2.Store(shape + 32);
            v3.Store(shape + 48);
            v4.Store(shape + 64);
            v5.Store(shape + 80);
            v6.Store(shape + 96);
            v7.Store(shape + 112);
            v8.Store(shape + 128);
            return;
        }

        for (int k = 0; k < trees; k++)
        {
            float* leaf = leaves + chosen[k];
            int e = 0;
            for (; e + Vector256<float>.Count <= stride; e += Vector256<float>.Count)
            {
                (Vector256.Load(shape + e) + Vector256.Load(leaf + e)).Store(shape + e);
            }

            for (; e < stride; e++)
            {
                shape[e] += leaf[e];
            }
        }
    }
}
