using Facebench.Contracts;

namespace Facebench.Plugins.Detect.Haar;

/// <summary>Options of <c>detect.haar</c>; the detection ones mean what they mean in OpenCV's <c>detectMultiScale</c>.</summary>
public sealed class DetectHaarOptions
{
    /// <summary>The default cascade, from Debian's opencv-data.</summary>
    public const string DefaultCascade = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";

    /// <summary>Cascade file.</summary>
    [Option("OpenCV cascade XML (HAAR or LBP, as opencv_traincascade writes it); Debian's opencv-data installs them under /usr/share/opencv4.")]
    [ResolvePath]
    public string Cascade { get; set; } = DefaultCascade;

    /// <summary>Pyramid scale step.</summary>
    [Option("Ratio between consecutive scales searched (above 1; smaller is slower and finds more).")]
    public double ScaleFactor { get; set; } = 1.1;

    /// <summary>Grouping threshold.</summary>
    [Option("A face needs more than this many overlapping raw detections (0 keeps raw windows).")]
    public int MinNeighbors { get; set; } = 3;

    /// <summary>Smallest face.</summary>
    [Option("Smallest face searched: side of the square window in pixels; 0 = no limit.")]
    public int MinSize { get; set; }

    /// <summary>Largest face.</summary>
    [Option("Largest face searched: side of the square window in pixels; 0 = the image size.")]
    public int MaxSize { get; set; }

    /// <summary>Which detection is the face.</summary>
    [Option("Which detection becomes the sample's face box when there are several: 'largest' (by area) or 'first' (OpenCV's order).")]
    public string Select { get; set; } = "largest";

    /// <summary>Tracking component.</summary>
    [Option("A tracker.face component: when set, the box is placed from the previous frame's landmarks while its fit is good, and detected otherwise. Needs frames in order (parallel: 1) and track.update after the fit.")]
    [ComponentRef(typeof(Detection.LandmarkTracker))]
    public string Tracker { get; set; } = "";
}
