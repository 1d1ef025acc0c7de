using Facebench.Contracts;
using Facebench.Plugins.Onnx.Inference.Preprocessing;

namespace Facebench.Plugins.Onnx.Inference.Landmarks;

/// <summary>
/// 2D landmarks from an ONNX model: crops the face box, runs the model, decodes regressed coordinates or heat maps
/// (sub-pixel soft-argmax) back to image pixels and maps the model's points to the iBUG 68 scheme
/// (<see cref="CoreFacets.Landmarks"/>; unmapped points are missing). A model with another scheme also stores all its
/// points under <see cref="OnnxFacets.ModelLandmarks"/>.
/// </summary>
[Plugin("landmarks.onnx", PluginKind.Stage, "1.0.0", "2D landmarks from an ONNX model: coordinates or heat maps, mapped to iBUG 68")]
public sealed class LandmarksOnnxStage : ImageModelStage<LandmarksOnnxOptions>
{
    private const int Ibug = 68;
    private int[] _mapping = [];
    private int _points;
    private bool _identity;

    /// <inheritdoc />
    protected override string Id => "landmarks.onnx";

    /// <inheritdoc />
    protected override IReadOnlyList<string> Outputs() => [Options.Output];

    /// <inheritdoc />
    protected override void CheckOutputs(ImageModelRunner runner)
    {
        long[] shape = runner.OutputShapes[0];
        string text = Facebench.Onnx.TensorShapes.Format(shape);
        LandmarksOnnxOptions o = Options;
        if (o.Decode == LandmarkDecoding.Heatmaps)
        {
            if (shape.Length != 3)
            {
                throw Fail($"output '{OutputName}' has per-sample shape {text}; heat maps need [points, height, width].");
            }

            if (o.Beta <= 0 || o.Window < 0)
            {
                throw Fail($"beta must be positive and window 0 or more (got {o.Beta}, {o.Window}).");
            }

            _points = (int)shape[0];
        }
        else
        {
            _points = shape switch
            {
                [long p, 2 or 3] => (int)p,
                [long n] when n % 2 == 0 => (int)(n / 2),
                _ => throw Fail($"output '{OutputName}' has per-sample shape {text}; coordinates need [points, 2], [points, 3] or [2*points]."),
            };
        }

        if (o.Mapping.Count == 0)
        {
            if (_points != Ibug)
            {
                throw Fail($"output '{OutputName}' has {_points} points, not the 68 iBUG points; set mapping (68 indices into the model's points, -1 for none).");
            }

            _mapping = Enumerable.Range(0, Ibug).ToArray();
        }
        else
        {
            if (o.Mapping.Count != Ibug || o.Mapping.Any(i => i < -1 || i >= _points))
            {
                throw Fail($"mapping must list 68 indices between -1 and {_points - 1} (the model has {_points} points); it has {o.Mapping.Count} entries.");
            }

            _mapping = [.. o.Mapping];
        }

        _identity = _points == Ibug && _mapping.Select((m, i) => m == i).All(x => x);
    }

    /// <inheritdoc />
    protected override Sample Decode(Sample sample, int index, CropTransform crop)
    {
        ReadOnlySpan<float> output = Runner.Output(0, index);
        var points = new Point2[_points];
        LandmarksOnnxOptions o = Options;
        if (o.Decode == LandmarkDecoding.Heatmaps)
        {
            long[] shape = Runner.OutputShapes[0];
            int h = (int)shape[1], w = (int)shape[2];
            for (int p = 0; p < _points; p++)
            {
                (double x, double y, _) = HeatmapDecoder.Decode(output.Slice(p * w * h, w * h), w, h, o.Beta, o.Window);

                // Heat-map cell centres to input pixel centres: the map covers the input edge to edge.
                points[p] = crop.ToImage(((x + 0.5) * Runner.Width / w) - 0.5, ((y + 0.5) * Runner.Height / h) - 0.5);
            }
        }
        else
        {
            int stride = output.Length / _points;
            for (int p = 0; p < _points; p++)
            {
                double cx = output[p * stride], cy = output[(p * stride) + 1];
                (double u, double v) = o.Space switch
                {
                    CoordinateSpace.Unit => ((cx * Runner.Width) - 0.5, (cy * Runner.Height) - 0.5),
                    CoordinateSpace.Signed => ((((cx + 1) / 2) * Runner.Width) - 0.5, (((cy + 1) / 2) * Runner.Height) - 0.5),
                    _ => (cx, cy),
                };
                points[p] = crop.ToImage(u, v);
            }
        }

        var ibug = new Point2[Ibug];
        for (int i = 0; i < Ibug; i++)
        {
            ibug[i] = _mapping[i] >= 0 ? points[_mapping[i]] : Point2.Missing;
        }

        Sample result = sample.With(CoreFacets.Landmarks, ibug);
        return _identity ? result : result.With(OnnxFacets.ModelLandmarks, points);
    }

    private string OutputName => Runner.Model.Output(Options.Output).Name;
}
