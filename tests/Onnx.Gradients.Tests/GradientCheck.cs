using Facebench.Onnx.Format;
using Microsoft.ML.OnnxRuntime;

namespace Facebench.Onnx.Gradients.Tests;

/// <summary>
/// Compares a backward model's gradients with central finite differences of the forward model: for random upstream
/// u and random directions v, ⟨∇(uᵀf), v⟩ must match (uᵀf(x + hv) − uᵀf(x − hv)) / 2h.
/// </summary>
internal static class GradientCheck
{
    /// <summary>A named forward input: values and shape.</summary>
    public sealed record Value(float[] Data, long[] Shape);

    /// <summary>
    /// Checks the gradients of <paramref name="output"/> with respect to the graph inputs <paramref name="withRespectTo"/>
    /// and returns the worst relative error over <paramref name="directions"/> random directions.
    /// </summary>
    public static double WorstError(byte[] model, IReadOnlyDictionary<string, Value> inputs, string output, string[] withRespectTo, int seed, int directions = 3, float step = 1e-2f, Action<string>? log = null)
    {
        OnnxGraph graph = OnnxGraph.Read(model);
        var request = new GradientRequest([output], withRespectTo, inputs.ToDictionary(i => i.Key, i => i.Value.Shape));
        using var backward = new GradientSession(graph, request, new OnnxSessionSettings { IntraOpThreads = 1 });
        using var forward = OnnxSessionFactory.Create(model, "forward", new OnnxSessionSettings { IntraOpThreads = 1 }, out _);
        var random = new Random(seed);
        float[] y = Forward(forward, inputs, output);
        float[] upstream = RandomValues(random, y.Length);
        Dictionary<string, float[]> result = backward.Run(inputs.ToDictionary(i => i.Key, i => i.Value.Data), new Dictionary<string, float[]> { [output] = upstream });
        Assert.Equal(y.Length, result[output].Length);
        for (int i = 0; i < y.Length; i++)
        {
            Assert.True(Math.Abs(y[i] - result[output][i]) <= 1e-4 * (1 + Math.Abs(y[i])), $"the backward model's forward value {result[output][i]} differs from the forward model's {y[i]} at {i}");
        }

        double worst = 0;
        for (int d = 0; d < directions; d++)
        {
            var direction = withRespectTo.ToDictionary(x => x, x => RandomValues(random, inputs[x].Data.Length));
            double analytic = 0, magnitude = 0;
            foreach (string x in withRespectTo)
            {
                float[] gradient = result[GradientRequest.GradientName(x)];
                analytic += Dot(gradient, direction[x]);
                magnitude += gradient.Select((g, i) => Math.Abs((double)g * direction[x][i])).Sum();
            }

            double plus = Dot(upstream, Forward(forward, Shifted(inputs, direction, step), output));
            double minus = Dot(upstream, Forward(forward, Shifted(inputs, direction, -step), output));
            double numeric = (plus - minus) / (2 * step);
            // Relative to the derivative, or to the sum of its terms' magnitudes when they nearly cancel.
            double error = Math.Abs(analytic - numeric) / Math.Max(Math.Abs(numeric), Math.Max(1e-2 * magnitude, 1e-6));
            log?.Invoke($"direction {d}: analytic {analytic:G6}, numeric {numeric:G6}, relative error {error:G3}");
            worst = Math.Max(worst, error);
        }

        return worst;
    }

    /// <summary>Uniform values in [low, high], redrawn while closer than <paramref name="gap"/> to zero.</summary>
    public static float[] RandomValues(Random random, int count, double low = -1, double high = 1, double gap = 0)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            do
            {
                values[i] = (float)(low + ((high - low) * random.NextDouble()));
            }
            while (Math.Abs(values[i]) < gap);
        }

        return values;
    }

    public static float[] Forward(InferenceSession session, IReadOnlyDictionary<string, Value> inputs, string output)
    {
        var values = inputs.Select(i => OrtValue.CreateTensorValueFromMemory(i.Value.Data, i.Value.Shape)).ToList();
        try
        {
            using IDisposableReadOnlyCollection<OrtValue> results = session.Run(new RunOptions(), [.. inputs.Keys], values, [output]);
            return results[0].GetTensorDataAsSpan<float>().ToArray();
        }
        finally
        {
            values.ForEach(v => v.Dispose());
        }
    }

    private static Dictionary<string, Value> Shifted(IReadOnlyDictionary<string, Value> inputs, Dictionary<string, float[]> direction, float step) =>
        inputs.ToDictionary(i => i.Key, i => direction.TryGetValue(i.Key, out float[]? v)
            ? new Value(i.Value.Data.Select((x, k) => x + (step * v[k])).ToArray(), i.Value.Shape)
            : i.Value);

    private static double Dot(float[] a, float[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * b[i];
        }

        return sum;
    }
}
