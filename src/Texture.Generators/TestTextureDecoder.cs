using Facebench.Contracts.Morphable;
using Facebench.Onnx.Format;
using MathNet.Numerics.LinearAlgebra;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Facebench.TextureGenerators;

/// <summary>
/// The project's own small texture generator, for tests and the shipped pipeline: a one-hidden-layer decoder
/// <c>G(z) = sigmoid(W₂·tanh(W₁·z + b₁) + W₃·z + b₂)</c> fitted to samples of a linear texture model (z ~ N(0, I),
/// targets the model's albedo for z, clamped to [0.02, 0.98], in logits). W₁, b₁ are fixed random features and W₂, W₃,
/// b₂ the ridge least-squares fit (a random-feature network; Huang et al., "Extreme learning machine", 2006), so the fit is
/// deterministic and closed-form. It is written with <see cref="OnnxModelBuilder"/> and run like any user's ONNX
/// generator: it proves the machinery (non-linear generator, its gradient, the fit), not GANFIT's quality.
/// </summary>
public static class TestTextureDecoder
{
    /// <summary>The name under which the decoder presents itself.</summary>
    public static string NameFor(ITextureModel linear) => $"test decoder fitted to {linear.Name} (not a GAN)";

    /// <summary>Fits the decoder and returns the ONNX model's bytes (input <c>latent</c> [1, K], output <c>texture</c> [1, ValueCount]).</summary>
    /// <param name="linear">The texture model to imitate; the latent has its component count.</param>
    /// <param name="hidden">Hidden units.</param>
    /// <param name="samples">Training samples drawn from the model.</param>
    /// <param name="seed">Seed of the random features and samples.</param>
    /// <param name="ridge">Ridge penalty of the output layer's least squares.</param>
    public static byte[] Fit(ITextureModel linear, int hidden = 64, int samples = 512, int seed = 1, double ridge = 1e-3)
    {
        ArgumentNullException.ThrowIfNull(linear);
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, hidden + 1);
        int k = linear.ComponentCount, v = linear.ValueCount;
        if (k < 1)
        {
            throw new ArgumentException($"texture model '{linear.Name}' has no components to decode.", nameof(linear));
        }

        var random = new Random(seed);
        var w1 = new float[k * hidden];
        var b1 = new float[hidden];
        for (int i = 0; i < w1.Length; i++)
        {
            w1[i] = (float)(Gaussian(random) * 1.5 / Math.Sqrt(k));
        }

        for (int j = 0; j < hidden; j++)
        {
            b1[j] = (float)(random.NextDouble() - 0.5);
        }

        int columns = hidden + k + 1;
        var features = Matrix<double>.Build.Dense(samples, columns);
        var targets = Matrix<double>.Build.Dense(samples, v);
        var z = new float[k];
        var values = new float[v];
        for (int s = 0; s < samples; s++)
        {
            for (int i = 0; i < k; i++)
            {
                z[i] = (float)Gaussian(random);
            }

            for (int j = 0; j < hidden; j++)
            {
                double a = b1[j];
                for (int i = 0; i < k; i++)
                {
                    a += z[i] * w1[(i * hidden) + j];
                }

                features[s, j] = Math.Tanh(a);
            }

            for (int i = 0; i < k; i++)
            {
                features[s, hidden + i] = z[i];
            }

            features[s, columns - 1] = 1;
            linear.Evaluate(z, values);
            for (int c = 0; c < v; c++)
            {
                double t = Math.Clamp(values[c], 0.02, 0.98);
                targets[s, c] = Math.Log(t / (1 - t));
            }
        }

        Matrix<double> gram = features.TransposeThisAndMultiply(features) + (ridge * samples * Matrix<double>.Build.DenseIdentity(columns));
        Matrix<double> beta = gram.Cholesky().Solve(features.TransposeThisAndMultiply(targets));
        var w2 = new float[hidden * v];
        var w3 = new float[k * v];
        var b2 = new float[v];
        for (int j = 0; j < hidden; j++)
        {
            for (int c = 0; c < v; c++)
            {
                w2[(j * v) + c] = (float)beta[j, c];
            }
        }

        for (int i = 0; i < k; i++)
        {
            for (int c = 0; c < v; c++)
            {
                w3[(i * v) + c] = (float)beta[hidden + i, c];
            }
        }

        for (int c = 0; c < v; c++)
        {
            b2[c] = (float)beta[columns - 1, c];
        }

        return new OnnxModelBuilder()
            .Input("latent", TensorElementType.Float, 1, k)
            .Initializer(OnnxTensor.FromFloats("w1", w1, k, hidden))
            .Initializer(OnnxTensor.FromFloats("b1", b1, hidden))
            .Initializer(OnnxTensor.FromFloats("w2", w2, hidden, v))
            .Initializer(OnnxTensor.FromFloats("w3", w3, k, v))
            .Initializer(OnnxTensor.FromFloats("b2", b2, v))
            .Node("Gemm", ["latent", "w1", "b1"], ["preactivation"])
            .Node("Tanh", ["preactivation"], ["hidden"])
            .Node("Gemm", ["hidden", "w2", "b2"], ["non_linear"])
            .Node("MatMul", ["latent", "w3"], ["linear"])
            .Node("Add", ["non_linear", "linear"], ["logits"])
            .Node("Sigmoid", ["logits"], ["texture"])
            .Output("texture", TensorElementType.Float, 1, v)
            .ToBytes();
    }

    /// <summary>The decoder fitted to <paramref name="linear"/>, ready to run.</summary>
    public static OnnxTextureGenerator Create(ITextureModel linear, int hidden = 64, int samples = 512, int seed = 1) =>
        new(Fit(linear, hidden, samples, seed), linear, NameFor(linear), "test decoder");

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
