using System.Collections.Concurrent;
using System.IO.MemoryMappedFiles;
using System.Runtime.CompilerServices;
using Facebench.Contracts;

namespace Facebench.Landmarks.Ert;

/// <summary>
/// A loaded dlib shape predictor (an ensemble of regression-tree cascades; Kazemi &amp; Sullivan 2014), such as
/// Debian libdlib-data's <c>shape_predictor_68_face_landmarks.dat</c>. Immutable and safe to share between threads;
/// run it with a <see cref="ShapePredictor"/> per thread. Trees are stored flat: split tables in one array, leaf
/// vectors in one 64-byte-aligned array with each leaf padded to whole cache lines.
/// </summary>
/// <example><code>
/// var model = ShapePredictorModel.LoadShared("/usr/share/dlib/shape_predictor_68_face_landmarks.dat");
/// var predictor = new ShapePredictor(model);                 // one per thread
/// Point2[] points = predictor.Predict(image, new BoundingBox(194, 90, 37, 37));
/// </code></example>
public sealed class ShapePredictorModel
{
    /// <summary>Where Debian's libdlib-data installs the 68-point model.</summary>
    public const string DebianModelPath = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat";

    /// <summary>The Debian package that installs <see cref="DebianModelPath"/>.</summary>
    public const string DebianPackage = "libdlib-data";

    private static readonly ConcurrentDictionary<string, Lazy<ShapePredictorModel>> Shared = new(StringComparer.Ordinal);

    private ShapePredictorModel(int landmarks, int cascades, int trees, int features, int splits)
    {
        LandmarkCount = landmarks;
        CascadeCount = cascades;
        TreesPerCascade = trees;
        FeaturesPerCascade = features;
        SplitsPerTree = splits;
        LeafStride = ((2 * landmarks) + 15) & ~15;
        InitialShape = new float[2 * landmarks];
        Splits = new Split[(long)cascades * trees * splits];
    }

    /// <summary>Landmarks per shape (68 for the iBUG model).</summary>
    public int LandmarkCount { get; }

    /// <summary>Cascade levels (15).</summary>
    public int CascadeCount { get; }

    /// <summary>Trees per cascade level (500).</summary>
    public int TreesPerCascade { get; }

    /// <summary>Feature pixels sampled per cascade level (500).</summary>
    public int FeaturesPerCascade { get; private set; }

    /// <summary>Split nodes per tree (15: complete trees of depth 4).</summary>
    public int SplitsPerTree { get; }

    /// <summary>Leaves per tree (<see cref="SplitsPerTree"/> + 1).</summary>
    public int LeavesPerTree => SplitsPerTree + 1;

    /// <summary>The mean shape in normalized box coordinates, x0, y0, x1, y1, …</summary>
    internal float[] InitialShape { get; }

    /// <summary>Split nodes, cascade-major then tree then breadth-first node.</summary>
    internal Split[] Splits { get; }

    /// <summary>Anchor landmark of each feature pixel, cascade-major.</summary>
    internal int[] Anchors { get; private set; } = [];

    /// <summary>Offset (dx, dy) of each feature pixel from its anchor, normalized, cascade-major.</summary>
    internal float[] Deltas { get; private set; } = [];

    /// <summary>Floats between consecutive leaves: 2 × landmarks rounded up to 16 (64 bytes), zero padded.</summary>
    internal int LeafStride { get; }

    /// <summary>Pinned leaf storage; <see cref="LeafOffset"/> is the first element on a 64-byte boundary.</summary>
    internal float[] Leaves { get; private set; } = [];

    /// <summary>Index of leaf 0 of tree 0 in <see cref="Leaves"/>.</summary>
    internal int LeafOffset { get; private set; }

    /// <summary>A copy of the initial (mean) shape in normalized box coordinates, interleaved x, y.</summary>
    public float[] GetInitialShape() => (float[])InitialShape.Clone();

    /// <summary>Reads a model file.</summary>
    /// <exception cref="PluginInputException">Missing file, or not a dlib shape predictor (wrong format, truncated, inconsistent).</exception>
    public static ShapePredictorModel Load(string path)
    {
        try
        {
            return ReadMapped(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            string hint = path == DebianModelPath ? $" Install the Debian/Ubuntu package '{DebianPackage}' (sudo apt-get install {DebianPackage}, or ./build.sh --target=assets)." : "";
            throw new PluginInputException($"shape predictor model not found.{hint}", path, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OutOfMemoryException)
        {
            throw new PluginInputException($"cannot read the shape predictor model: {e.Message}", path, e);
        }
    }

    /// <summary>
    /// Parses the file through a read-only memory map: no 100 MB managed copy (and the page faults of filling
    /// it), the parser reads the page cache directly.
    /// </summary>
    private static unsafe ShapePredictorModel ReadMapped(string path)
    {
        long length = new FileInfo(path).Length;
        if (length == 0 || length > int.MaxValue)
        {
            return length == 0 ? Read([], path) : throw new PluginInputException($"the file is {length} bytes; not a dlib shape predictor.", path);
        }

        using var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        using var view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        byte* start = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
        try
        {
            return Read(new ReadOnlySpan<byte>(start + view.PointerOffset, (int)length), path);
        }
        finally
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }

    /// <summary>
    /// Loads a model once per process and path (full path, file size and modification time as the key), so that
    /// every worker and every stage instance shares the ~70 MB of trees. Concurrent callers wait for one load.
    /// </summary>
    /// <param name="path">The model file.</param>
    /// <param name="onLoad">Called with the full path when this call actually reads the file (not on a cache hit).</param>
    /// <exception cref="PluginInputException">As <see cref="Load"/>; a failed load is not cached.</exception>
    public static ShapePredictorModel LoadShared(string path, Action<string>? onLoad = null)
    {
        string full = Path.GetFullPath(path);
        var info = new FileInfo(full);
        string key = info.Exists ? $"{full}|{info.Length}|{info.LastWriteTimeUtc.Ticks}" : full;
        var lazy = Shared.GetOrAdd(key, k => new Lazy<ShapePredictorModel>(
            () =>
            {
                onLoad?.Invoke(full);
                return Load(full);
            },
            LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            Shared.TryRemove(new KeyValuePair<string, Lazy<ShapePredictorModel>>(key, lazy));
            throw;
        }
    }

    /// <summary>Parses a model held in memory (docs/dlib-shape-predictor.md §a).</summary>
    /// <param name="data">The whole file.</param>
    /// <param name="origin">Names the data in error messages.</param>
    /// <exception cref="PluginInputException">Wrong format, truncated, or inconsistent.</exception>
    // Runs once per process over 16 M values: compile it optimised at once instead of starting in tier-0 code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ShapePredictorModel Read(ReadOnlySpan<byte> data, string? origin = null)
    {
        var r = new DlibReader(data, origin);
        if (data.IsEmpty)
        {
            throw r.Fail("the file is empty; not a dlib shape predictor.", 0);
        }

        long version = r.ReadInt64("the format version", maxBytes: 4);
        if (version != 1)
        {
            throw r.Fail($"format version {version}; only version 1 shape predictors are read (is this a dlib shape predictor .dat?).", 0);
        }

        int shapeStart = r.Position;
        int shapeLength = r.ReadColumnLength("the initial shape");
        if (shapeLength % 2 != 0)
        {
            throw r.Fail($"the initial shape has {shapeLength} values, not x/y pairs.", shapeStart);
        }

        float[] initial = new float[shapeLength];
        for (int i = 0; i < shapeLength; i++)
        {
            initial[i] = r.ReadSingle("the initial shape");
        }

        // Smallest encodings: an int is 2 bytes, a float 4, a split 2+2+4, a tree at least 2 counts.
        int cascades = r.ReadCount("the cascade count", minElementBytes: 2);
        if (cascades == 0)
        {
            throw r.Fail("the model has no cascades.", r.Position);
        }

        ShapePredictorModel? model = null;
        for (int t = 0; t < cascades; t++)
        {
            int countAt = r.Position;
            int trees = r.ReadCount($"the tree count of cascade {t}", minElementBytes: 4);
            if (model is not null && trees != model.TreesPerCascade)
            {
                throw r.Fail($"cascade {t} has {trees} trees, cascade 0 has {model.TreesPerCascade}; only uniform cascades are supported.", countAt);
            }

            if (trees == 0)
            {
                throw r.Fail($"cascade {t} has no trees.", countAt);
            }

            for (int k = 0; k < trees; k++)
            {
                int splitsAt = r.Position;
                int splits = r.ReadCount($"the split count of tree {k} of cascade {t}", minElementBytes: 8);
                if (model is null)
                {
                    if (((splits + 1) & splits) != 0)
                    {
                        throw r.Fail($"tree 0 has {splits} splits; a complete tree has 2^depth - 1.", splitsAt);
                    }

                    model = new ShapePredictorModel(shapeLength / 2, cascades, trees, 0, splits);
                    initial.CopyTo(model.InitialShape, 0);
                }
                else if (splits != model.SplitsPerTree)
                {
                    throw r.Fail($"tree {k} of cascade {t} has {splits} splits, not {model.SplitsPerTree} like the first tree.", splitsAt);
                }

                long splitBase = ((long)((t * trees) + k)) * splits;
                for (int s = 0; s < splits; s++)
                {
                    int at = r.Position;
                    ulong idx1 = r.ReadUInt64("a split's first feature index");
                    ulong idx2 = r.ReadUInt64("a split's second feature index");
                    if (idx1 > ushort.MaxValue || idx2 > ushort.MaxValue)
                    {
                        throw r.Fail($"split feature index {Math.Max(idx1, idx2)} is beyond the 65535 supported.", at);
                    }

                    model.Splits[splitBase + s] = new Split((ushort)idx1, (ushort)idx2, r.ReadSingle("a split threshold"));
                }

                int leavesAt = r.Position;
                int leaves = r.ReadCount($"the leaf count of tree {k} of cascade {t}", minElementBytes: 4);
                if (leaves != splits + 1)
                {
                    throw r.Fail($"tree {k} of cascade {t} has {leaves} leaves for {splits} splits; a complete tree has one more leaf than splits.", leavesAt);
                }

                if (model.Leaves.Length == 0)
                {
                    model.AllocateLeaves(ref r, leavesAt);
                }

                int leafBase = model.LeafOffset + (int)((((long)(t * trees) + k) * leaves) * model.LeafStride);
                for (int l = 0; l < leaves; l++)
                {
                    r.ReadFloatColumn("a leaf vector", shapeLength, model.Leaves.AsSpan(leafBase + (l * model.LeafStride), shapeLength));
                }
            }
        }

        model!.ReadFeatures(ref r);
        if (r.Remaining != 0)
        {
            throw r.Fail($"{r.Remaining} bytes follow the shape predictor; the file is not a single dlib shape predictor.", r.Position);
        }

        return model;
    }

    /// <summary>Allocates the leaf array once the tree shape is known, after checking the file can hold it.</summary>
    private void AllocateLeaves(ref DlibReader r, int at)
    {
        long leafCount = (long)CascadeCount * TreesPerCascade * LeavesPerTree;
        // Each leaf value takes at least 4 bytes in the file, so a forged count fails here, before allocating.
        if (leafCount * 2 * LandmarkCount * 4 > r.Remaining + 8L)
        {
            throw r.Fail($"{CascadeCount} cascades of {TreesPerCascade} trees with {LeavesPerTree} leaves of {2 * LandmarkCount} values cannot fit in the {r.Remaining} bytes left; the file is truncated or corrupt.", at);
        }

        long total = (leafCount * LeafStride) + 16;
        if (total > Array.MaxLength)
        {
            throw r.Fail("the model's leaves exceed the largest array this runtime allocates.", at);
        }

        // Pinned so that the 64-byte alignment computed below stays valid; zeroed so the padding adds nothing.
        Leaves = GC.AllocateArray<float>((int)total, pinned: true);
        unsafe
        {
            fixed (float* p = Leaves)
            {
                long misalign = (long)p & 63;
                LeafOffset = misalign == 0 ? 0 : (int)((64 - misalign) / sizeof(float));
            }
        }
    }

    /// <summary>Reads anchor_idx and deltas and checks them against the trees.</summary>
    private void ReadFeatures(ref DlibReader r)
    {
        int at = r.Position;
        if (r.ReadCount("the anchor table count", minElementBytes: 2) != CascadeCount)
        {
            throw r.Fail($"the anchor table does not have one entry per cascade ({CascadeCount}).", at);
        }

        int features = -1;
        int[] anchors = [];
        for (int t = 0; t < CascadeCount; t++)
        {
            at = r.Position;
            int f = r.ReadCount($"the feature count of cascade {t}", minElementBytes: 2);
            if (features < 0)
            {
                if (f == 0)
                {
                    throw r.Fail("cascade 0 samples no feature pixels.", at);
                }

                features = f;
                anchors = new int[CascadeCount * f];
            }
            else if (f != features)
            {
                throw r.Fail($"cascade {t} samples {f} pixels, cascade 0 samples {features}; only uniform cascades are supported.", at);
            }

            for (int j = 0; j < f; j++)
            {
                at = r.Position;
                ulong anchor = r.ReadUInt64("an anchor landmark index");
                if (anchor >= (ulong)LandmarkCount)
                {
                    throw r.Fail($"anchor landmark {anchor} is beyond the {LandmarkCount} landmarks.", at);
                }

                anchors[(t * f) + j] = (int)anchor;
            }
        }

        at = r.Position;
        if (r.ReadCount("the delta table count", minElementBytes: 2) != CascadeCount)
        {
            throw r.Fail($"the delta table does not have one entry per cascade ({CascadeCount}).", at);
        }

        float[] deltas = new float[2 * CascadeCount * features];
        for (int t = 0; t < CascadeCount; t++)
        {
            at = r.Position;
            if (r.ReadCount($"the delta count of cascade {t}", minElementBytes: 8) != features)
            {
                throw r.Fail($"cascade {t} has a different number of deltas than anchors ({features}).", at);
            }

            for (int j = 0; j < 2 * features; j++)
            {
                deltas[(2 * t * features) + j] = r.ReadSingle("a feature offset");
            }
        }

        foreach (var split in Splits)
        {
            if (split.Feature1 >= features || split.Feature2 >= features)
            {
                throw r.Fail($"a split compares feature {Math.Max(split.Feature1, split.Feature2)}, but a cascade samples only {features}.", r.Position);
            }
        }

        FeaturesPerCascade = features;
        Anchors = anchors;
        Deltas = deltas;
    }
}
