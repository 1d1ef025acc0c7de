using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.TextureGenerators;

namespace Facebench.Plugins.Fit.TextureGan;

/// <summary>Options of <c>texture.generator-test</c>.</summary>
public sealed class TestGeneratorOptions
{
    [Option("The linear texture model the decoder imitates (its mesh, layout and component count).")]
    [ComponentRef(typeof(ITextureModel))]
    public string Texture { get; set; } = "texture";

    [Option("Hidden units of the decoder.")]
    public int Hidden { get; set; } = 64;

    [Option("Samples of the linear model the decoder is fitted to.")]
    public int Samples { get; set; } = 512;

    [Option("Seed of the decoder's random features and training samples.")]
    public int Seed { get; set; } = 1;
}

/// <summary>
/// The project's test texture generator: a small non-linear decoder fitted to a linear texture model's samples and
/// written as ONNX with the project's model builder (<see cref="TestTextureDecoder"/>). It proves the GANFIT machinery,
/// not a GAN's quality; its name says so.
/// </summary>
[Plugin("texture.generator-test", PluginKind.Component, "1.0.0", "Test texture generator: a small ONNX decoder fitted to a linear texture model's samples (not a GAN)")]
public sealed class TestGeneratorComponent : Plugin<TestGeneratorOptions>, IComponent<ITextureGenerator>, IDisposable
{
    private OnnxTextureGenerator? _generator;

    /// <inheritdoc />
    public ITextureGenerator Instance => _generator ?? throw new InvalidOperationException("texture.generator-test was used before Initialize.");

    /// <inheritdoc />
    public void Dispose() => _generator?.Dispose();

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        if (Options.Hidden < 1 || Options.Samples <= Options.Hidden + 1)
        {
            throw new PluginInputException($"texture.generator-test: hidden ({Options.Hidden}) must be at least 1 and samples ({Options.Samples}) larger than hidden + 1.");
        }

        ITextureModel texture = Context.GetComponent<ITextureModel>(Options.Texture);
        if (texture.Layout != TextureLayout.PerVertex)
        {
            throw new PluginInputException($"texture.generator-test: texture '{Options.Texture}' is a UV map; the texture stage fits per-vertex generators.");
        }

        if (!Context.IsValidationOnly)
        {
            _generator = TestTextureDecoder.Create(texture, Options.Hidden, Options.Samples, Options.Seed);
        }
    }
}

/// <summary>Options of <c>texture.generator-onnx</c>.</summary>
public sealed class OnnxGeneratorOptions
{
    [Option("The generator's ONNX file: input [1, L] latent code, output the texture in the layout of 'texture' (values in [0, 1]).")]
    public string Path { get; set; } = "";

    [Option("A texture model of the same mesh (layout, texture coordinates, face region).")]
    [ComponentRef(typeof(ITextureModel))]
    public string Texture { get; set; } = "texture";
}

/// <summary>A texture generator a user brings as ONNX (e.g. an export of GANFIT's or TBGAN's generator, adapted to [1, L] → texture).</summary>
[Plugin("texture.generator-onnx", PluginKind.Component, "1.0.0", "Texture generator from an ONNX file (latent code -> texture), with its gradient")]
public sealed class OnnxGeneratorComponent : Plugin<OnnxGeneratorOptions>, IComponent<ITextureGenerator>, IDisposable
{
    private OnnxTextureGenerator? _generator;

    /// <inheritdoc />
    public ITextureGenerator Instance => _generator ?? throw new InvalidOperationException("texture.generator-onnx was used before Initialize.");

    /// <inheritdoc />
    public void Dispose() => _generator?.Dispose();

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        string path = System.IO.Path.GetFullPath(System.IO.Path.Combine(Context.PipelineDirectory, Options.Path));
        if (!File.Exists(path))
        {
            throw new PluginInputException($"texture.generator-onnx: no generator file {path}.", path);
        }

        ITextureModel texture = Context.GetComponent<ITextureModel>(Options.Texture);
        try
        {
            _generator = OnnxTextureGenerator.Load(path, texture);
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException)
        {
            throw new PluginInputException($"texture.generator-onnx: {e.Message}", path);
        }
    }
}
