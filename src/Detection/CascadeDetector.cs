using Facebench.Contracts.Imaging;

namespace Facebench.Detection;

/// <summary>
/// Multi-scale sliding-window detection with a <see cref="CascadeClassifier"/>, reproducing OpenCV 4.6's
/// <c>CascadeClassifier::detectMultiScale</c>: an image pyramid shrunk with <see cref="LinearExactResizer"/>, 32-bit
/// integral images per level, windows stepped by 2 below scale 2 (and the next window skipped when one fails the
/// first stage), Haar features normalised by the window's standard deviation, the same float/double arithmetic,
/// then <see cref="RectangleGrouping"/> and clipping to the image.
/// An instance owns reusable buffers (allocation-free per window and, once warm, per level) and is not
/// thread-safe: use one per thread. The cascade itself may be shared.
/// </summary>
public sealed class CascadeDetector
{
    private readonly List<Workspace> _workspaces = [];
    private readonly List<PixelRect> _candidates = [];
    private List<PixelRect>[] _levelCandidates = [];
    private CompiledCascade? _compiled;
    private byte[] _gray = [];

    /// <summary>Creates a detector for a cascade.</summary>
    public CascadeDetector(CascadeClassifier cascade)
    {
        ArgumentNullException.ThrowIfNull(cascade);
        Cascade = cascade;
    }

    /// <summary>The cascade.</summary>
    public CascadeClassifier Cascade { get; }

    /// <summary>
    /// Detects objects in an image (Rgb24 is converted to gray with <see cref="OpenCvGray"/>, as
    /// <c>cvtColor(BGR2GRAY)</c> would). Returns the grouped detections, clipped to the image, in OpenCV's order.
    /// </summary>
    public List<PixelRect> Detect(ImageBuffer image, DetectionParameters? parameters = null)
    {
        EnsureGray(image.Width * image.Height);
        OpenCvGray.Convert(image, _gray);
        return DetectLoaded(image.Width, image.Height, parameters ?? new DetectionParameters(), null);
    }

    /// <summary>Detects objects in a gray image; see <see cref="Detect(ImageBuffer, DetectionParameters?)"/>.</summary>
    /// <param name="gray">Pixels, row-major, <paramref name="width"/> per row.</param>
    /// <param name="width">Image width.</param>
    /// <param name="height">Image height.</param>
    /// <param name="parameters">Detection parameters (OpenCV defaults when null).</param>
    /// <param name="neighbours">When given, receives how many raw windows each returned detection grouped.</param>
    public List<PixelRect> Detect(ReadOnlySpan<byte> gray, int width, int height, DetectionParameters? parameters = null, List<int>? neighbours = null)
    {
        CheckImage(gray.Length, width, height);
        EnsureGray(width * height);
        gray[..(width * height)].CopyTo(_gray);
        return DetectLoaded(width, height, parameters ?? new DetectionParameters(), neighbours);
    }

    /// <summary>
    /// The raw windows the cascade accepts, before grouping and clipping (what <c>detectMultiScale</c> returns with
    /// <c>minNeighbors = 0</c>, except that OpenCV also clips those), in OpenCV's single-thread order.
    /// </summary>
    /// <param name="gray">Pixels, row-major.</param>
    /// <param name="width">Image width.</param>
    /// <param name="height">Image height.</param>
    /// <param name="parameters">Detection parameters; <see cref="DetectionParameters.MinNeighbors"/> is ignored.</param>
    /// <param name="output">Receives the windows (cleared first).</param>
    public void FindCandidates(ReadOnlySpan<byte> gray, int width, int height, DetectionParameters parameters, List<PixelRect> output)
    {
        CheckImage(gray.Length, width, height);
        EnsureGray(width * height);
        gray[..(width * height)].CopyTo(_gray);
        parameters.Validate();
        Scan(width, height, parameters);
        output.Clear();
        output.AddRange(_candidates);
    }

    private List<PixelRect> DetectLoaded(int width, int height, DetectionParameters parameters, List<int>? neighbours)
    {
        parameters.Validate();
        Scan(width, height, parameters);
        List<PixelRect> grouped = RectangleGrouping.Group(_candidates, parameters.MinNeighbors, RectangleGrouping.DefaultEps, neighbours);

        // cv::CascadeClassifier::detectMultiScale clips the grouped boxes to the image and drops empty ones.
        var image = new PixelRect(0, 0, width, height);
        int kept = 0;
        for (int i = 0; i < grouped.Count; i++)
        {
            PixelRect clipped = grouped[i].Intersect(image);
            if (clipped.Area > 0)
            {
                grouped[kept] = clipped;
                if (neighbours is not null)
                {
                    neighbours[kept] = neighbours[i];
                }

                kept++;
            }
        }

        grouped.RemoveRange(kept, grouped.Count - kept);
        neighbours?.RemoveRange(kept, neighbours.Count - kept);
        return grouped;
    }

    /// <summary>Fills <see cref="_candidates"/> for the gray image in <see cref="_gray"/>.</summary>
    private void Scan(int width, int height, DetectionParameters parameters)
    {
        _candidates.Clear();
        List<PyramidLevel> levels = PyramidLevel.For(width, height, Cascade.WindowWidth, Cascade.WindowHeight, parameters);
        if (levels.Count == 0)
        {
            return;
        }

        // One table stride for all levels (the largest level's), so feature offsets are computed once per image width.
        int stride = levels[0].Width + 1;
        int planeLength = stride * (levels[0].Height + 1);
        if (_compiled is null || _compiled.Stride != stride || _compiled.PlaneLength < planeLength)
        {
            _compiled = new CompiledCascade(Cascade, stride, planeLength);
        }

        CompiledCascade compiled = _compiled;
        int threads = Math.Min(parameters.MaxDegreeOfParallelism, levels.Count);
        while (_workspaces.Count < threads)
        {
            _workspaces.Add(new Workspace());
        }

        if (_levelCandidates.Length < levels.Count)
        {
            Array.Resize(ref _levelCandidates, levels.Count);
        }

        for (int i = 0; i < levels.Count; i++)
        {
            (_levelCandidates[i] ??= []).Clear();
        }

        if (threads <= 1)
        {
            for (int i = 0; i < levels.Count; i++)
            {
                ScanLevel(compiled, _workspaces[0], width, height, levels[i], _levelCandidates[i]);
            }
        }
        else
        {
            // Levels are handed out largest first; each thread has its own buffers, and results are joined in level
            // order so the output does not depend on scheduling.
            int next = -1;
            byte[] gray = _gray;
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                Workspace workspace = _workspaces[t];
                for (int i = Interlocked.Increment(ref next); i < levels.Count; i = Interlocked.Increment(ref next))
                {
                    ScanLevel(compiled, workspace, width, height, levels[i], _levelCandidates[i], gray);
                }
            });
        }

        for (int i = 0; i < levels.Count; i++)
        {
            _candidates.AddRange(_levelCandidates[i]);
        }
    }

    private void ScanLevel(CompiledCascade compiled, Workspace workspace, int width, int height, PyramidLevel level, List<PixelRect> output) =>
        ScanLevel(compiled, workspace, width, height, level, output, _gray);

    private static void ScanLevel(CompiledCascade compiled, Workspace workspace, int width, int height, PyramidLevel level, List<PixelRect> output, byte[] gray)
    {
        workspace.Prepare(compiled, level.Width, level.Height);
        workspace.Resizer.Resize(gray.AsSpan(0, width * height), width, height, workspace.Resized, level.Width, level.Height);
        Span<int> planes = workspace.Planes;
        ReadOnlySpan<byte> resized = workspace.Resized.AsSpan(0, level.Width * level.Height);
        if (compiled.Cascade.FeatureType == CascadeFeatureType.Haar)
        {
            IntegralImage.Compute(resized, level.Width, level.Height, planes[..compiled.PlaneLength], planes.Slice(compiled.SquaresOffset, compiled.PlaneLength), compiled.Stride);
            if (compiled.Cascade.HasTiltedFeatures)
            {
                IntegralImage.ComputeTilted(resized, level.Width, level.Height, planes.Slice(compiled.TiltedOffset, compiled.PlaneLength), compiled.Stride, workspace.TiltedScratch);
            }
        }
        else
        {
            IntegralImage.Compute(resized, level.Width, level.Height, planes[..compiled.PlaneLength], [], compiled.Stride);
        }

        WindowScanner.Scan(compiled, workspace.Planes, level, output);
    }

    private void EnsureGray(int count)
    {
        if (_gray.Length < count)
        {
            _gray = new byte[count];
        }
    }

    private static void CheckImage(int length, int width, int height)
    {
        if (width <= 0 || height <= 0 || length < (long)width * height)
        {
            throw new ArgumentException($"a {width}x{height} gray image needs {(long)width * height} bytes, not {length}.");
        }
    }

    /// <summary>Per-thread buffers: the shrunk image, the integral planes and the resizer's tables.</summary>
    private sealed class Workspace
    {
        public byte[] Resized { get; private set; } = [];

        public int[] Planes { get; private set; } = [];

        public int[] TiltedScratch { get; private set; } = [];

        public LinearExactResizer Resizer { get; } = new();

        public void Prepare(CompiledCascade compiled, int width, int height)
        {
            if (Resized.Length < width * height)
            {
                Resized = new byte[width * height];
            }

            int planes = compiled.PlaneLength * compiled.PlaneCount;
            if (Planes.Length < planes)
            {
                Planes = new int[planes];
            }

            if (compiled.Cascade.HasTiltedFeatures && TiltedScratch.Length < IntegralImage.TiltedScratchLength(width, height))
            {
                TiltedScratch = new int[IntegralImage.TiltedScratchLength(width, height)];
            }
        }
    }
}
