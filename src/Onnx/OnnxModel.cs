using Facebench.Onnx.Format;
using Facebench.Onnx.Providers;
using Microsoft.ML.OnnxRuntime;

namespace Facebench.Onnx;

/// <summary>
/// An ONNX model file loaded into ONNX Runtime: the session plus what error messages need (the file, its inputs and
/// outputs) and how it was loaded (provider, opset upgrade). This is the service the <c>infer.onnx</c> component
/// hands to stages; its session runs from several threads at once. Loading checks the file's framing first, so a file
/// that is not ONNX gets a plain-words error naming it, upgrades operator sets older than 7 that ONNX Runtime no longer
/// runs (<see cref="LegacyOpsetUpgrade"/>), and only then hands the bytes to ONNX Runtime.
/// </summary>
public sealed class OnnxModel : IDisposable
{
    private OnnxModel(string path, OnnxModelInfo info, InferenceSession session, OnnxProviderChoice provider, long upgradedFrom)
    {
        Path = path;
        Info = info;
        Session = session;
        Provider = provider;
        UpgradedFromOpset = upgradedFrom;
        Inputs = session.InputNames.Select(n => new OnnxValueInfo(n, session.InputMetadata[n])).ToArray();
        Outputs = session.OutputNames.Select(n => new OnnxValueInfo(n, session.OutputMetadata[n])).ToArray();
    }

    /// <summary>The model file.</summary>
    public string Path { get; }

    /// <summary>The model's header (IR version, producer, operator sets).</summary>
    public OnnxModelInfo Info { get; }

    /// <summary>
    /// The default operator set the file declared when <see cref="LegacyOpsetUpgrade"/> upgraded it to version 7 for
    /// ONNX Runtime to run it; 0 when the model ran as written.
    /// </summary>
    public long UpgradedFromOpset { get; }

    /// <summary>The provider the session runs on, and why <see cref="OnnxProvider.Auto"/> fell back to the CPU if it did.</summary>
    public OnnxProviderChoice Provider { get; }

    /// <summary>The inference session.</summary>
    public InferenceSession Session { get; }

    /// <summary>The graph's inputs in the model's order (initialisers excluded).</summary>
    public IReadOnlyList<OnnxValueInfo> Inputs { get; }

    /// <summary>The graph's outputs in the model's order.</summary>
    public IReadOnlyList<OnnxValueInfo> Outputs { get; }

    /// <summary>Loads a model file.</summary>
    /// <param name="path">The <c>.onnx</c> file.</param>
    /// <param name="settings">Threads, optimisation, provider; null for the defaults (CPU, all optimisations).</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not an ONNX model, or ONNX Runtime rejected it; the message names it.</exception>
    /// <exception cref="NotSupportedException">The model's operator set is older than 7 and cannot be upgraded.</exception>
    /// <exception cref="ExecutionProviderUnavailableException">CUDA was asked for and cannot run, or ONNX Runtime's native library cannot be loaded; the message says why in one line.</exception>
    public static OnnxModel Load(string path, OnnxSessionSettings? settings = null)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such ONNX model file.", path);
        }

        byte[] bytes = File.ReadAllBytes(path);
        OnnxModelInfo info;
        try
        {
            info = OnnxModelInfo.Read(bytes);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }

        long upgradedFrom = 0;
        if (LegacyOpsetUpgrade.IsLegacy(bytes))
        {
            upgradedFrom = LegacyOpsetUpgrade.DefaultOpset(bytes);
            try
            {
                bytes = LegacyOpsetUpgrade.Upgrade(bytes);
            }
            catch (NotSupportedException e)
            {
                throw new NotSupportedException($"{path}: the model uses operator set {upgradedFrom}, which ONNX Runtime no longer fully runs, and cannot be upgraded to {LegacyOpsetUpgrade.TargetOpset}: {e.Message}", e);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{path}: {e.Message}", e);
            }
        }

        // From the bytes already read: this reads the file once, and Facebench's models keep no external weights
        // (which ONNX Runtime would resolve relative to a path).
        InferenceSession session = OnnxSessionFactory.Create(bytes, path, settings ?? new OnnxSessionSettings(), out OnnxProviderChoice provider);
        return new OnnxModel(path, info, session, provider, upgradedFrom);
    }

    /// <summary>The input a stage feeds: the named one, or the model's only input when <paramref name="name"/> is empty.</summary>
    /// <exception cref="InvalidDataException">No such input, or several and none named; the message names the file and lists them.</exception>
    public OnnxValueInfo Input(string? name) => Resolve(Inputs, name, "input");

    /// <summary>The output a stage reads: the named one, or the model's first output when <paramref name="name"/> is empty.</summary>
    /// <exception cref="InvalidDataException">No such output; the message names the file and lists the model's outputs.</exception>
    public OnnxValueInfo Output(string? name) => Resolve(Outputs, name, "output");

    /// <inheritdoc />
    public void Dispose() => Session.Dispose();

    /// <inheritdoc />
    public override string ToString() => $"{Path} (inputs {string.Join(", ", Inputs)}; outputs {string.Join(", ", Outputs)})";

    private OnnxValueInfo Resolve(IReadOnlyList<OnnxValueInfo> all, string? name, string kind)
    {
        string list = string.Join(", ", all);
        if (string.IsNullOrEmpty(name))
        {
            return all.Count == 1 || (kind == "output" && all.Count > 0)
                ? all[0]
                : throw new InvalidDataException($"{Path}: the model has {all.Count} {kind}s ({list}); name the one to use.");
        }

        return all.FirstOrDefault(v => v.Name == name)
            ?? throw new InvalidDataException($"{Path}: the model has no {kind} '{name}'; its {kind}s are {list}.");
    }
}
