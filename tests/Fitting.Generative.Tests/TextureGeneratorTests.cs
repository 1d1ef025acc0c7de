using Facebench.Contracts.Morphable;
using Facebench.Morphable;
using Facebench.Onnx.Format;
using Facebench.TextureGenerators;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xunit.Abstractions;

namespace Facebench.Fitting.Generative.Tests;

/// <summary>The ONNX texture generator and the project's test decoder, fitted to the reference head's procedural albedo.</summary>
public sealed class TextureGeneratorTests(ITestOutputHelper output)
{
    private static readonly Lazy<ITextureModel> Linear = new(() => ReferenceAlbedoBuilder.Build(ReferenceAlbedoBuilder.MaxComponents));

    [Fact]
    public void Test_decoder_reproduces_the_linear_models_albedo_far_better_than_its_mean()
    {
        ITextureModel linear = Linear.Value;
        using OnnxTextureGenerator decoder = TestTextureDecoder.Create(linear);
        Assert.Contains("test decoder", decoder.Name, StringComparison.Ordinal);
        Assert.Equal(linear.ComponentCount, decoder.LatentCount);
        var random = new Random(99);
        double decoderError = 0, meanError = 0;
        var z = new float[linear.ComponentCount];
        var truth = new float[linear.ValueCount];
        var decoded = new float[linear.ValueCount];
        for (int s = 0; s < 20; s++)
        {
            for (int i = 0; i < z.Length; i++)
            {
                z[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
            }

            linear.Evaluate(z, truth);
            decoder.Evaluate(z, decoded);
            for (int i = 0; i < truth.Length; i++)
            {
                double t = Math.Clamp(truth[i], 0.02, 0.98);
                decoderError += Math.Abs(decoded[i] - t);
                meanError += Math.Abs(Math.Clamp(linear.Mean[i], 0.02f, 0.98f) - t);
            }
        }

        output.WriteLine($"mean absolute error: decoder {decoderError / (20.0 * truth.Length):G4}, mean albedo {meanError / (20.0 * truth.Length):G4}");
        Assert.True(decoderError < 0.3 * meanError, $"decoder {decoderError:G4} vs mean {meanError:G4}");
    }

    [Fact]
    public void Generator_gradient_matches_central_differences()
    {
        ITextureModel linear = Linear.Value;
        using OnnxTextureGenerator decoder = TestTextureDecoder.Create(linear, hidden: 16, samples: 64);
        var random = new Random(5);
        float[] z = Enumerable.Range(0, decoder.LatentCount).Select(_ => (float)((2 * random.NextDouble()) - 1)).ToArray();
        float[] upstream = Enumerable.Range(0, decoder.ValueCount).Select(_ => (float)((2 * random.NextDouble()) - 1)).ToArray();
        var gradient = new float[decoder.LatentCount];
        decoder.Backward(z, upstream, gradient);
        var values = new float[decoder.ValueCount];
        for (int i = 0; i < decoder.LatentCount; i++)
        {
            double Loss(float h)
            {
                float[] shifted = (float[])z.Clone();
                shifted[i] += h;
                decoder.Evaluate(shifted, values);
                return values.Select((v, k) => (double)v * upstream[k]).Sum();
            }

            double numeric = (Loss(1e-2f) - Loss(-1e-2f)) / 2e-2;
            Assert.True(Math.Abs(numeric - gradient[i]) < 1e-2 * Math.Max(1, Math.Abs(numeric)), $"latent {i}: analytic {gradient[i]}, numeric {numeric}");
        }
    }

    [Fact]
    public void A_generator_of_the_wrong_size_is_refused_with_its_name()
    {
        ITextureModel linear = Linear.Value;
        byte[] model = new OnnxModelBuilder()
            .Input("z", TensorElementType.Float, 1, 4)
            .Node("Sigmoid", ["z"], ["texture"])
            .Output("texture", TensorElementType.Float, 1, 4)
            .ToBytes();
        var e = Assert.Throws<InvalidDataException>(() => new OnnxTextureGenerator(model, linear, "small", "small.onnx"));
        Assert.StartsWith("small.onnx: ", e.Message, StringComparison.Ordinal);
        Assert.Contains($"{linear.ValueCount}", e.Message, StringComparison.Ordinal);
    }
}
