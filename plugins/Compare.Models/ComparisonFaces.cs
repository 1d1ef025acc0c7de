using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Fitting.Articulated;
using Facebench.Geometry;

namespace Facebench.Plugins.Compare.Models;

/// <summary>
/// Draws synthetic faces from one model for the comparison: identity α ~ N(0, 1), expression β ~ N(0, s²) (σ units),
/// uniform head pose, a jaw opening for articulated models, a pinhole camera at the distance that makes the mean face
/// the given fraction of the image; landmarks are the model's iBUG bindings (FLAME: its jaw line from the dynamic
/// contour row of the true pose, <see cref="HeadYaw"/>), projected, plus Gaussian noise. Unmapped landmarks are NaN.
/// A face depends only on the random stream it is given (the source keys it by sample id).
/// </summary>
internal sealed class ComparisonFaces
{
    private readonly IMorphableModel _model;
    private readonly ModelComparisonOptions _options;
    private readonly IArticulatedModel? _articulated;
    private readonly IArticulatedPointSet? _points;
    private readonly List<LandmarkBinding> _bindings;
    private readonly int[] _jaw;
    private readonly double _distance;

    public ComparisonFaces(IMorphableModel model, ModelComparisonOptions options)
    {
        _model = model;
        _options = options;
        Camera = CameraIntrinsics.FromFieldOfView(options.ImageWidth, options.ImageHeight, options.FieldOfView);
        float min = float.MaxValue, max = float.MinValue;
        for (int v = 0; v < model.VertexCount; v++)
        {
            min = Math.Min(min, model.Mean[3 * v]);
            max = Math.Max(max, model.Mean[3 * v]);
        }

        _distance = Camera.FocalLength * (max - min) / (options.FaceFraction * options.ImageWidth);
        _bindings = [.. model.Landmarks.Points];
        _jaw = [];
        if (model is IArticulatedModel articulated)
        {
            _articulated = articulated;
            if (articulated.DynamicContour is { } table)
            {
                for (int r = 0; r < table.RowCount; r++)
                {
                    for (int m = 0; m < table.Landmarks.Count; m++)
                    {
                        _bindings.Add(table.Binding(r, m));
                    }
                }
            }

            int jaw = articulated.JointNames.ToList().IndexOf("jaw");
            _jaw = jaw > 0 ? [jaw] : [];
            _points = articulated.CreatePointSet(_bindings, model.IdentityCount, model.ExpressionCount, _jaw);
        }
    }

    public CameraIntrinsics Camera { get; }

    public (Point2[] Observed, Point2[] True, float[] Landmarks3D, FaceParameters Parameters, double[]? Joints) Generate(StableRandom random)
    {
        double Normal() => random.NextGaussian();
        double Uniform(double[] range) => random.Uniform(range[0], range[1]);
        float[] alpha = [.. Enumerable.Range(0, _model.IdentityCount).Select(_ => (float)Normal())];
        float[] beta = [.. Enumerable.Range(0, _model.ExpressionCount).Select(_ => (float)(_options.ExpressionScale * Normal()))];
        double yaw = Uniform(_options.Yaw), pitch = Uniform(_options.Pitch), roll = Uniform(_options.Roll);
        // The ranges are in degrees: the HeadAngles overload converts (the (double, double, double) one takes radians).
        Mat3 rotation = HeadPose.CameraFromModel(new HeadAngles(yaw, pitch, roll));
        var translation = new Vec3(0, 0, _distance);
        double[] theta = _jaw.Length > 0 ? [_options.JawMax * random.NextDouble(), 0.02 * Normal(), 0.02 * Normal()] : [];

        // Model-frame landmark positions.
        var positions = new double[LandmarkEmbedding.IbugCount * 3];
        var mapped = new bool[LandmarkEmbedding.IbugCount];
        if (_points is not null)
        {
            YawContourTable? table = _articulated!.DynamicContour;
            int row = table?.RowForYaw(HeadYaw.Degrees(rotation, Mat3.Identity)) ?? -1;
            double[] c = [.. alpha.Select(a => (double)a), .. beta.Select(b => (double)b)];
            var p = new double[3];
            for (int i = 0; i < LandmarkEmbedding.IbugCount; i++)
            {
                int m = table is null ? -1 : table.Landmarks.ToList().IndexOf(i);
                int point = m >= 0 ? LandmarkEmbedding.IbugCount + (row * table!.Landmarks.Count) + m : i;
                if (_bindings[point].IsMapped)
                {
                    _points.Evaluate(c, theta, [point], p);
                    p.CopyTo(positions, 3 * i);
                    mapped[i] = true;
                }
            }
        }
        else
        {
            float[] points = ModelLandmarks3D.Evaluate(_model, alpha, beta);
            for (int i = 0; i < LandmarkEmbedding.IbugCount; i++)
            {
                mapped[i] = _bindings[i].IsMapped;
                for (int k = 0; k < 3; k++)
                {
                    positions[(3 * i) + k] = mapped[i] ? points[(3 * i) + k] : 0;
                }
            }
        }

        var observed = new Point2[LandmarkEmbedding.IbugCount];
        var truth = new Point2[LandmarkEmbedding.IbugCount];
        var landmarks3D = new float[LandmarkEmbedding.IbugCount * 3];
        for (int i = 0; i < LandmarkEmbedding.IbugCount; i++)
        {
            if (!mapped[i])
            {
                observed[i] = truth[i] = Point2.Missing;
                landmarks3D[3 * i] = landmarks3D[(3 * i) + 1] = landmarks3D[(3 * i) + 2] = float.NaN;
                continue;
            }

            Vec3 camera = (rotation * Vec3.Read(positions.AsSpan(3 * i, 3))) + translation;
            truth[i] = Pinhole.Project(Camera, camera);
            observed[i] = new Point2(truth[i].X + (_options.NoiseSigma * Normal()), truth[i].Y + (_options.NoiseSigma * Normal()));
            landmarks3D[3 * i] = (float)camera.X;
            landmarks3D[(3 * i) + 1] = (float)camera.Y;
            landmarks3D[(3 * i) + 2] = (float)camera.Z;
        }

        var parameters = new FaceParameters(alpha, beta, HeadPose.ToRigidPose(rotation, translation), HeadPose.ToHeadAngles(rotation));
        double[]? joints = null;
        if (_articulated is not null && _jaw.Length > 0)
        {
            joints = new double[3 * _articulated.JointCount];
            Array.Copy(theta, 0, joints, 3 * _jaw[0], 3);
        }

        return (observed, truth, landmarks3D, parameters, joints);
    }
}
