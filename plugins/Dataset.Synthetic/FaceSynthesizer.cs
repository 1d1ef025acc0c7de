using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Geometry;

namespace Facebench.Plugins.Dataset.Synthetic;

/// <summary>
/// Draws synthetic faces from a morphable model and images them with a pinhole camera: identity from the prior
/// (optionally per group), expression, head pose, placement at a distance that gives the chosen face size, the 68
/// landmarks by projection (jaw line on the silhouette, see <see cref="SilhouetteContour"/>), then detector-like
/// noise. A face depends only on the random stream it is given (the source keys it by sample id).
/// </summary>
internal sealed class FaceSynthesizer
{
    private const int Chin = 8;

    private readonly IMorphableModel _model;
    private readonly SyntheticDatasetOptions _options;
    private readonly CameraIntrinsics _camera;
    private readonly double[] _groupCumulative;

    /// <summary>Vertices evaluated per sample: those of the static bindings, then the right and left contour candidates.</summary>
    private readonly int[] _vertices;
    private readonly int[] _rightCandidates, _leftCandidates; // positions in _vertices
    private readonly Dictionary<int, int> _slot = [];
    private readonly bool[] _isContour = new bool[LandmarkEmbedding.IbugCount];

    /// <summary>Model-frame centre of the face (mean of the mean shape's landmarks) and its width (model units).</summary>
    private readonly Vec3 _faceCentre;
    private readonly double _faceWidth;

    public FaceSynthesizer(IMorphableModel model, SyntheticDatasetOptions options)
    {
        _model = model;
        _options = options;
        _camera = CameraIntrinsics.FromFieldOfView(options.ImageWidth, options.ImageHeight, options.FieldOfView);
        double total = options.Groups.Sum(g => g.Proportion);
        double running = 0;
        _groupCumulative = [.. options.Groups.Select(g => (running += g.Proportion) / total)];

        LandmarkEmbedding lm = model.Landmarks;
        var vertices = new List<int>();
        int SlotOf(int v)
        {
            if (!_slot.TryGetValue(v, out int s))
            {
                s = vertices.Count;
                _slot[v] = s;
                vertices.Add(v);
            }

            return s;
        }

        foreach (LandmarkBinding b in lm.Points.Where(p => p.IsMapped))
        {
            SlotOf(b.V0);
            SlotOf(b.V1);
            SlotOf(b.V2);
        }

        if (lm.HasContours)
        {
            _rightCandidates = [.. lm.RightContourVertices.Select(SlotOf)];
            _leftCandidates = [.. lm.LeftContourVertices.Select(SlotOf)];
            foreach (int l in lm.RightContourLandmarks.Concat(lm.LeftContourLandmarks).Where(l => l is >= 0 and <= 16 and not Chin))
            {
                _isContour[l] = true;
            }
        }
        else
        {
            _rightCandidates = _leftCandidates = [];
        }

        _vertices = [.. vertices];
        if (lm.MappedCount == 0 && !lm.HasContours)
        {
            throw new PluginInputException($"model '{model.Name}' has no landmark embedding; dataset.synthetic needs iBUG landmarks to project");
        }

        // Placement reference from the mean shape: the centroid of the landmark vertices and their width.
        var mean = new float[3 * _vertices.Length];
        model.EvaluateVertices(_vertices, default, default, mean);
        Vec3 sum = Vec3.Zero;
        double minX = double.MaxValue, maxX = double.MinValue;
        for (int i = 0; i < _vertices.Length; i++)
        {
            Vec3 p = Vec3.Read(mean.AsSpan(3 * i, 3));
            sum += p;
            minX = Math.Min(minX, p.X);
            maxX = Math.Max(maxX, p.X);
        }

        _faceCentre = sum / _vertices.Length;
        _faceWidth = maxX - minX;
    }

    /// <summary>The camera every sample is imaged with.</summary>
    public CameraIntrinsics Camera => _camera;

    /// <summary>Generates one face from the draws of <paramref name="random"/>.</summary>
    public SyntheticFace Generate(StableRandom random)
    {

        // Identity: N(0, I) in σ units, except a group's chosen components.
        SyntheticGroup? group = null;
        if (_groupCumulative.Length > 0)
        {
            double u = random.NextDouble();
            int g = Array.FindIndex(_groupCumulative, c => u < c);
            group = _options.Groups[g < 0 ? _groupCumulative.Length - 1 : g];
        }

        var identity = new float[_model.IdentityCount];
        for (int k = 0; k < identity.Length; k++)
        {
            identity[k] = (float)random.NextGaussian();
        }

        if (group is not null)
        {
            double spread = Math.Sqrt(group.VarianceScale);
            for (int c = 0; c < group.Components.Length; c++)
            {
                int k = group.Components[c];
                identity[k] = (float)(group.Offset[c] + (spread * identity[k]));
            }
        }

        var expression = new float[_model.ExpressionCount];
        for (int k = 0; k < expression.Length; k++)
        {
            double z = _options.ExpressionScale * random.NextGaussian();
            expression[k] = (float)(_options.ExpressionDistribution == ExpressionDistribution.HalfNormal ? Math.Abs(z) : z);
        }

        // Pose and placement: the face centre goes to a jittered image position at the depth that makes the face
        // span the drawn fraction of the image width (pinhole: width_px = f · width / Z).
        var angles = new HeadAngles(
            random.Uniform(_options.Yaw[0], _options.Yaw[1]),
            random.Uniform(_options.Pitch[0], _options.Pitch[1]),
            random.Uniform(_options.Roll[0], _options.Roll[1]));
        double fraction = random.Uniform(_options.FaceFraction[0], _options.FaceFraction[1]);
        double u0 = _camera.Cx + (random.Uniform(-1, 1) * _options.CenterJitter * _camera.Width);
        double v0 = _camera.Cy + (random.Uniform(-1, 1) * _options.CenterJitter * _camera.Height);
        double depth = _camera.FocalLength * _faceWidth / (fraction * _camera.Width);
        var target = new Vec3((u0 - _camera.Cx) * depth / _camera.FocalLength, (v0 - _camera.Cy) * depth / _camera.FocalLength, depth);
        Mat3 rotation = HeadPose.CameraFromModel(angles);
        Vec3 translation = target - (rotation * _faceCentre);

        // Landmark vertices in the camera frame.
        var evaluated = new float[3 * _vertices.Length];
        _model.EvaluateVertices(_vertices, identity, expression, evaluated);
        var cameraPoints = new Vec3[_vertices.Length];
        for (int i = 0; i < cameraPoints.Length; i++)
        {
            cameraPoints[i] = (rotation * Vec3.Read(evaluated.AsSpan(3 * i, 3))) + translation;
        }

        var landmarks3D = new Vec3[LandmarkEmbedding.IbugCount];
        Array.Fill(landmarks3D, new Vec3(double.NaN, double.NaN, double.NaN));
        IReadOnlyList<LandmarkBinding> points = _model.Landmarks.Points;
        for (int l = 0; l < landmarks3D.Length; l++)
        {
            LandmarkBinding b = points[l];
            if (b.IsMapped && !_isContour[l])
            {
                landmarks3D[l] = (b.W0 * cameraPoints[_slot[b.V0]]) + (b.W1 * cameraPoints[_slot[b.V1]]) + (b.W2 * cameraPoints[_slot[b.V2]]);
            }
        }

        if (_rightCandidates.Length > 0)
        {
            PlaceContour(_model.Landmarks.RightContourLandmarks, _rightCandidates, side: -1, rotation, cameraPoints, landmarks3D);
            PlaceContour(_model.Landmarks.LeftContourLandmarks, _leftCandidates, side: +1, rotation, cameraPoints, landmarks3D);
        }

        // Projection, then the detector's noise.
        var flat3D = new float[3 * landmarks3D.Length];
        var truth = new Point2[landmarks3D.Length];
        var observed = new Point2[landmarks3D.Length];
        for (int l = 0; l < landmarks3D.Length; l++)
        {
            Vec3 p = landmarks3D[l];
            flat3D[3 * l] = (float)p.X;
            flat3D[(3 * l) + 1] = (float)p.Y;
            flat3D[(3 * l) + 2] = (float)p.Z;
            truth[l] = double.IsNaN(p.X) ? Point2.Missing : Pinhole.Project(_camera, p);
            observed[l] = truth[l].IsValid ? AddNoise(truth[l], random) : Point2.Missing;
        }

        var parameters = new FaceParameters(identity, expression, HeadPose.ToRigidPose(rotation, translation), angles);
        return new SyntheticFace(parameters, group?.Name, flat3D, truth, observed);
    }

    /// <summary>Puts one side's jaw-line landmarks on the posed face's silhouette.</summary>
    private void PlaceContour(IReadOnlyList<int> landmarks, int[] candidateSlots, int side, in Mat3 rotation, Vec3[] cameraPoints, Vec3[] landmarks3D)
    {
        int[] jaw = [.. landmarks.Where(l => l is >= 0 and <= 16 and not Chin)];
        if (jaw.Length == 0)
        {
            return;
        }

        var projected = new Point2[candidateSlots.Length];
        for (int i = 0; i < projected.Length; i++)
        {
            projected[i] = Pinhole.Project(_camera, cameraPoints[candidateSlots[i]]);
        }

        // The chin closes the outline; without a chin correspondence, the lowest candidate does.
        Point2 up = ImageDirection(rotation * Vec3.UnitY);
        Point2 outward = ImageDirection(rotation * (side * Vec3.UnitX));
        Point2 chin = landmarks3D[Chin] is { X: not double.NaN } c
            ? Pinhole.Project(_camera, c)
            : projected.MinBy(p => (p.X * up.X) + (p.Y * up.Y));

        // iBUG numbers the jaw 0 → 16 through the chin at 8: point l sits 1 − |l − 8|/8 of the way down its side.
        double[] fractions = [.. jaw.Select(l => 1 - (Math.Abs(l - Chin) / 8.0))];
        var chosen = new int[jaw.Length];
        SilhouetteContour.Select(projected, chin, up, outward, fractions, chosen);
        for (int k = 0; k < jaw.Length; k++)
        {
            landmarks3D[jaw[k]] = cameraPoints[candidateSlots[chosen[k]]];
        }
    }

    private Point2 AddNoise(Point2 p, StableRandom random)
    {
        double x = p.X + (_options.NoiseSigma * random.NextGaussian());
        double y = p.Y + (_options.NoiseSigma * random.NextGaussian());
        if (_options.OutlierFraction > 0 && random.NextDouble() < _options.OutlierFraction)
        {
            double angle = random.Uniform(0, 2 * Math.PI);
            x += _options.OutlierDisplacement * Math.Cos(angle);
            y += _options.OutlierDisplacement * Math.Sin(angle);
        }

        return new Point2(x, y);
    }

    /// <summary>The image direction of a camera-frame direction, ignoring perspective (unit length).</summary>
    private static Point2 ImageDirection(Vec3 d)
    {
        double length = Math.Sqrt((d.X * d.X) + (d.Y * d.Y));
        return length > 1e-12 ? new Point2(d.X / length, d.Y / length) : new Point2(0, -1);
    }
}
