using Facebench.Onnx.Format;

namespace Facebench.Onnx.Gradients.Rules;

/// <summary>
/// Resize in nearest or (bi)linear mode is separable and linear: along each resized axis the output is R·x for an
/// interpolation matrix R (out × in) that this rule builds from the operator's coordinate transformation and rounding
/// rules (ONNX Resize-13). The gradient applies Rᵀ along each resized axis, as MatMuls over the last two axes.
/// </summary>
internal sealed class ResizeVjp : IVjpRule
{
    public IReadOnlyList<string> Operators { get; } = ["Resize"];

    public void Backward(OnnxNode node, BackwardContext c)
    {
        if (!c.NeedsGradient(0))
        {
            return;
        }

        string mode = node.String("mode", "nearest");
        if (mode is not ("nearest" or "linear"))
        {
            throw c.Unsupported($"mode '{mode}' is not differentiated (nearest and linear are)");
        }

        string g = c.OutputGradient(0)!;
        long[] xShape = c.Shape(node.Inputs[0]), yShape = c.Shape(node.Outputs[0]);
        int rank = xShape.Length;
        float[]? scales = node.Input(2).Length > 0 ? c.FloatValues(node.Inputs[2]) : null;
        if (scales is { Length: 0 })
        {
            scales = null;
        }

        string gradient = g;
        for (int axis = rank - 1; axis >= 0; axis--)
        {
            if (xShape[axis] == yShape[axis] && (scales is null || scales[axis] == 1f))
            {
                continue;
            }

            if (axis < rank - 2)
            {
                throw c.Unsupported($"resizing axis {axis} is not differentiated (only the last two axes are)");
            }

            float scale = scales?[axis] ?? (float)yShape[axis] / xShape[axis];
            float[] matrix = Interpolation(node, c, (int)xShape[axis], (int)yShape[axis], scale, mode);
            if (axis == rank - 1)
            {
                gradient = c.Op("MatMul", [gradient, c.Floats(matrix, yShape[axis], xShape[axis])]);
            }
            else
            {
                gradient = c.Op("MatMul", [c.Floats(Transpose(matrix, (int)yShape[axis], (int)xShape[axis]), xShape[axis], yShape[axis]), gradient]);
            }

        }

        c.AddGradient(0, gradient);
    }

    /// <summary>The out × in matrix of one axis' interpolation, row-major.</summary>
    private static float[] Interpolation(OnnxNode node, BackwardContext c, int input, int output, float scale, string mode)
    {
        string transform = node.String("coordinate_transformation_mode", "half_pixel");
        string rounding = node.String("nearest_mode", "round_prefer_floor");
        var matrix = new float[output * input];
        for (int o = 0; o < output; o++)
        {
            double x = transform switch
            {
                "half_pixel" => ((o + 0.5) / scale) - 0.5,
                "pytorch_half_pixel" => output > 1 ? ((o + 0.5) / scale) - 0.5 : 0,
                "align_corners" => output == 1 ? 0 : o * (input - 1.0) / (output - 1.0),
                "asymmetric" => o / (double)scale,
                _ => throw c.Unsupported($"coordinate_transformation_mode '{transform}' is not differentiated"),
            };
            if (mode == "nearest")
            {
                double floor = Math.Floor(x);
                bool half = x - floor == 0.5;
                double index = rounding switch
                {
                    "round_prefer_floor" => half ? floor : Math.Round(x, MidpointRounding.AwayFromZero),
                    "round_prefer_ceil" => half ? floor + 1 : Math.Round(x, MidpointRounding.AwayFromZero),
                    "floor" => floor,
                    "ceil" => Math.Ceiling(x),
                    _ => throw c.Unsupported($"nearest_mode '{rounding}' is not an ONNX value"),
                };
                matrix[(o * input) + Math.Clamp((int)index, 0, input - 1)] = 1f;
            }
            else
            {
                x = Math.Clamp(x, 0, input - 1);
                int low = (int)Math.Floor(x), high = Math.Min(low + 1, input - 1);
                float weight = (float)(x - low);
                matrix[(o * input) + low] += 1f - weight;
                matrix[(o * input) + high] += weight;
            }
        }

        return matrix;
    }

    private static float[] Transpose(float[] matrix, int rows, int columns)
    {
        var transposed = new float[matrix.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int col = 0; col < columns; col++)
            {
                transposed[(col * rows) + r] = matrix[(r * columns) + col];
            }
        }

        return transposed;
    }
}
