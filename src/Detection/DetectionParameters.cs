using Facebench.Contracts;

namespace Facebench.Detection;

/// <summary>
/// The parameters of <c>detectMultiScale</c>, with OpenCV's defaults. Sizes of (0, 0) mean "no limit" as in OpenCV.
/// </summary>
public sealed record DetectionParameters
{
    /// <summary>Ratio between consecutive pyramid scales; must exceed 1 (OpenCV default 1.1).</summary>
    public double ScaleFactor { get; init; } = 1.1;

    /// <summary>
    /// A grouped detection is kept when more than this many raw windows voted for it (OpenCV default 3); 0 returns
    /// the raw windows ungrouped.
    /// </summary>
    public int MinNeighbors { get; init; } = 3;

    /// <summary>Smallest window size scanned, in image pixels; (0, 0) for no limit.</summary>
    public ImageSize MinSize { get; init; }

    /// <summary>Largest window size scanned, in image pixels; (0, 0) for the image size.</summary>
    public ImageSize MaxSize { get; init; }

    /// <summary>
    /// Threads that scan pyramid levels at once (1 = the calling thread only). Results do not depend on it:
    /// candidates are always emitted in OpenCV's single-thread order (level, row, column).
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; } = 1;

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public void Validate()
    {
        if (!(ScaleFactor > 1.0) || !double.IsFinite(ScaleFactor))
        {
            throw new ArgumentOutOfRangeException(nameof(ScaleFactor), ScaleFactor, "the scale factor must be a finite number above 1.");
        }

        if (MinNeighbors < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MinNeighbors), MinNeighbors, "min neighbours must be 0 or more.");
        }

        if (MinSize.Width < 0 || MinSize.Height < 0 || MaxSize.Width < 0 || MaxSize.Height < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MinSize), "window sizes must not be negative.");
        }

        if (MaxDegreeOfParallelism < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "must be 1 or more.");
        }
    }
}
