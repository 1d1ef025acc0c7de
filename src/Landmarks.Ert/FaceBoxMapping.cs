using Facebench.Contracts;

namespace Facebench.Landmarks.Ert;

/// <summary>
/// A linear map from another detector's face boxes to the boxes dlib's shape predictor was trained on
/// (dlib's HOG detector's): the box is scaled by <see cref="Scale"/> about its centre, and the centre moved by
/// <see cref="ShiftX"/> × width and <see cref="ShiftY"/> × height. dlib's landmarks depend on the box, so a
/// box from elsewhere should be mapped first.
/// </summary>
/// <param name="Scale">Side length factor.</param>
/// <param name="ShiftX">Centre shift right, as a fraction of the input box width.</param>
/// <param name="ShiftY">Centre shift down, as a fraction of the input box height.</param>
public readonly record struct FaceBoxMapping(double Scale, double ShiftX, double ShiftY)
{
    /// <summary>Keeps boxes as they are (for boxes already in dlib's style, e.g. dlib imglab XML).</summary>
    public static FaceBoxMapping Identity => new(1, 0, 0);

    /// <summary>
    /// OpenCV's <c>haarcascade_frontalface_default.xml</c> (detectMultiScale defaults: scale 1.1, 3 neighbours) to
    /// dlib-style boxes, fitted by least squares on the 13 faces of the dlib example photos where a Haar box overlaps
    /// a box of training_with_face_landmarks.xml with IoU ≥ 0.5: Haar boxes are ~11 % larger and centred
    /// ~4.5 % of their height higher. Residuals on those faces: centre 7.0 % of the box width on average (21.5 %
    /// worst), size 13.5 % RMS. See plugins/Landmarks.Dlib/README.md.
    /// </summary>
    public static FaceBoxMapping OpenCvHaarFrontalDefault => new(0.893, 0.0013, 0.045);

    /// <summary>Applies the map.</summary>
    public BoundingBox Apply(BoundingBox box)
    {
        double width = box.Width * Scale, height = box.Height * Scale;
        double cx = box.X + (box.Width / 2) + (ShiftX * box.Width), cy = box.Y + (box.Height / 2) + (ShiftY * box.Height);
        return new BoundingBox(cx - (width / 2), cy - (height / 2), width, height);
    }

    /// <summary>
    /// A square dlib-style box around known landmarks (e.g. ground truth): side 1.108 × the mean of the points'
    /// x and y extents, centred 0.093 × that mean above the centre of their bounding box. Fitted to dlib's own
    /// outputs on the 18 reference boxes of the shared CSV (dlib box vs. the extent of dlib's 68 points).
    /// Missing (NaN) points are ignored.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two valid points, or all at one place.</exception>
    public static BoundingBox FromLandmarks(IReadOnlyList<Point2> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        double minX = double.PositiveInfinity, minY = double.PositiveInfinity, maxX = double.NegativeInfinity, maxY = double.NegativeInfinity;
        int valid = 0;
        foreach (var p in points)
        {
            if (p.IsValid)
            {
                minX = Math.Min(minX, p.X);
                maxX = Math.Max(maxX, p.X);
                minY = Math.Min(minY, p.Y);
                maxY = Math.Max(maxY, p.Y);
                valid++;
            }
        }

        double extent = ((maxX - minX) + (maxY - minY)) / 2;
        if (valid < 2 || !(extent > 0))
        {
            throw new ArgumentException("a box needs at least two distinct valid landmarks.", nameof(points));
        }

        double side = 1.108 * extent;
        double cx = (minX + maxX) / 2, cy = ((minY + maxY) / 2) - (0.093 * extent);
        return new BoundingBox(cx - (side / 2), cy - (side / 2), side, side);
    }
}
