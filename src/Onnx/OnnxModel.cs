using Facebench.Onnx.Format;

namespace Facebench.Onnx;

/// <summary>
/// An ONNX model file loaded for inference: the session plus what error messages need (the file, its inputs and
/// outputs). This is the service the <c>infer.onnx</c> component hands to stages; it is safe to run from several
/// threads at once. Loading checks the file's framing first, so a file that is not ONNX gets a plain-words error
/// naming it, and only then hands it to ONNX Runtime.
/// </summary>
public sealed class OnnxModel : IDisposable
{
    private OnnxModel(string path, OnnxModelInfo info, InferenceSession session, long upgradedFrom)
    {
        Path = path;
        Info = info;
        Session = session;
        UpgradedFromOpset = upgradedFrom;
    }

    /// <summary>The model file.</summary>
    public string Path { get; }

    /// <summary>The model's header (IR version, producer, operator sets).</summary>
    public OnnxModelInfo Info { get; }

    /// <summary>
    /// The default operator set the file declared when <see cref="LegacyOpsetUpgrade"/> had to upgrade it to version 7
    /// for ONNX Runtime to run it; 0 when the model ran as written.
    /// </summary>
    public long UpgradedFromOpset { get; }

    /// <summary>The inference session.</summary>
    public InferenceSession Session { get; }

    /// <summary>Loads a model file.</summary>
    /// <param name="path">The <c>.onnx</c> file.</param>
    /// <param name="options">Session options; null for ORT's defaults.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not an ONNX model; the message names it.</exception>
    /// <exception cref="OrtException">ONNX Runtime rejected the model; the message names the file and carries ORT's reason.</exception>
    /// <exception cref="NotSupportedException">The model's operator set is older than 7 and cannot be upgraded.</exception>
    public static OnnxModel Load(string path, SessionOptions? options = null)
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

        // ORT 1.30 has no kernels left for several operators before operator set 7 (PyTorch 0.3 exports): upgrade those.
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
                throw new NotSupportedException($"{path}: the model uses operator set {upgradedFrom}, which ONNX Runtime no longer runs, and cannot be upgraded to 7: {e.Message}", e);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{path}: {e.Message}", e);
            }
        }

        // From the bytes already read, named after the file: ORT resolves external weights relative to a path, which
        // Facebench's models do not use, and this reads the file once.
        return new OnnxModel(path, info, new InferenceSession(bytes, options, path), upgradedFrom);
    }

    /// <summary>
    /// The input a stage feeds: the named one, or the model's only input when <paramref name="name"/> is empty.
    /// </summary>
    /// <exception cref="InvalidDataException">No such input, or several and none named; the message lists them.</exception>
    public NodeMetadata Input(string? name) => Resolve(Session.InputMetadata, Session.InputNames, name, "input");

    /// <summary>The output a stage reads: the named one, or the model's first output when <paramref name="name"/> is empty.</summary>
    /// <exception cref="InvalidDataException">No such output; the message lists the model's outputs.</exception>
    public NodeMetadata Output(string? name) => Resolve(Session.OutputMetadata, Session.OutputNames, name, "output");

    /// <inheritdoc />
    public void Dispose() => Session.Dispose();

    /// <inheritdoc />
    public override string ToString() => Session.ToString();

    private NodeMetadata Resolve(IReadOnlyDictionary<string, NodeMetadata> all, IReadOnlyList<string> order, string? name, string kind)
    {
        string list = string.Join(", ", order.Select(n => all[n].ToString()));
        if (string.IsNullOrEmpty(name))
        {
            if (order.Count == 1 || (kind == "output" && order.Count > 0))
            {
                return all[order[0]];
            }

            throw new InvalidDataException($"{Path}: the model has {order.Count} {kind}s ({list}); name the one to use.");
        }

        return all.TryGetValue(name, out NodeMetadata? node)
            ? node
            : throw new InvalidDataException($"{Path}: the model has no {kind} '{name}'; its {kind}s are {list}.");
    }
}
