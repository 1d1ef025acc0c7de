using System.Runtime.InteropServices;
using Facebench.Onnx.Native;

namespace Facebench.Onnx;

/// <summary>
/// A loaded ONNX model, ready to run. Mirrors Microsoft.ML.OnnxRuntime's <c>InferenceSession</c>. <see cref="Run(RunOptions?, ReadOnlySpan{string}, ReadOnlySpan{OrtValue}, ReadOnlySpan{string}, ReadOnlySpan{OrtValue})"/>
/// may be called from several threads at once (ORT's sessions are thread-safe for runs); with pre-bound output values
/// it allocates no managed memory.
/// </summary>
public sealed unsafe class InferenceSession : IDisposable
{
    private readonly OrtApi _api;
    private readonly OrtSessionHandle _handle;
    private readonly Dictionary<string, int> _inputIndex;
    private readonly Dictionary<string, int> _outputIndex;

    /// <summary>Loads a model file.</summary>
    /// <param name="modelPath">The <c>.onnx</c> file.</param>
    /// <param name="options">Build options; null for ORT's defaults. May be disposed once the session exists.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="OrtException">ORT rejected the model; the message names the file and carries ORT's reason.</exception>
    public InferenceSession(string modelPath, SessionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"{modelPath}: no such ONNX model file.", modelPath);
        }

        ModelName = modelPath;
        _api = OrtLibrary.Instance.Api;
        _handle = Create(options, (env, opts, session) =>
        {
            fixed (byte* path = NativeUtf8.PathBytes(modelPath))
            {
                return _api.CreateSession(env, path, opts, session);
            }
        });
        (InputNames, InputMetadata, _inputIndex, OutputNames, OutputMetadata, _outputIndex) = ReadMetadata();
    }

    /// <summary>Loads a model from its bytes.</summary>
    /// <param name="model">The serialised <c>ModelProto</c>.</param>
    /// <param name="options">Build options; null for ORT's defaults.</param>
    /// <param name="modelName">What error messages call the model (a file name); defaults to "in-memory model".</param>
    /// <exception cref="OrtException">ORT rejected the model.</exception>
    public InferenceSession(ReadOnlySpan<byte> model, SessionOptions? options = null, string? modelName = null)
    {
        ModelName = modelName ?? "in-memory model";
        _api = OrtLibrary.Instance.Api;
        fixed (byte* data = model)
        {
            // ORT copies what it needs while creating the session, so the span need not outlive the constructor.
            byte* bytes = data;
            nuint length = (nuint)model.Length;
            _handle = Create(options, (env, opts, session) => _api.CreateSessionFromArray(env, bytes, length, opts, session));
        }

        (InputNames, InputMetadata, _inputIndex, OutputNames, OutputMetadata, _outputIndex) = ReadMetadata();
    }

    private delegate nint SessionFactory(nint env, nint options, nint* session);

    /// <summary>The file (or name) the model came from, as messages show it.</summary>
    public string ModelName { get; }

    /// <summary>Graph inputs in the model's order (initialisers excluded).</summary>
    public IReadOnlyList<string> InputNames { get; }

    /// <summary>Graph outputs in the model's order.</summary>
    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>Each input's kind, element type and shape, by name.</summary>
    public IReadOnlyDictionary<string, NodeMetadata> InputMetadata { get; }

    /// <summary>Each output's kind, element type and shape, by name.</summary>
    public IReadOnlyDictionary<string, NodeMetadata> OutputMetadata { get; }

    /// <summary>
    /// Runs the model with pre-bound outputs: ORT writes each output into the given value (which must have the output's
    /// exact type and shape). Nothing is allocated on the managed heap, so a caller that reuses its values runs
    /// allocation-free. Thread-safe.
    /// </summary>
    /// <param name="runOptions">Options of this run (e.g. a terminate flag), or null.</param>
    /// <param name="inputNames">Names of the inputs fed; every graph input without a default must be fed.</param>
    /// <param name="inputValues">The input values, in <paramref name="inputNames"/>'s order.</param>
    /// <param name="outputNames">Names of the outputs wanted.</param>
    /// <param name="outputValues">Values to write them into, in <paramref name="outputNames"/>'s order.</param>
    /// <exception cref="ArgumentException">Counts differ, or a name is not an input or output of the model.</exception>
    /// <exception cref="OrtException">ORT failed (wrong shape or type, a kernel error); the message names the model.</exception>
    public void Run(RunOptions? runOptions, ReadOnlySpan<string> inputNames, ReadOnlySpan<OrtValue> inputValues, ReadOnlySpan<string> outputNames, ReadOnlySpan<OrtValue> outputValues)
    {
        if (outputValues.Length != outputNames.Length)
        {
            throw new ArgumentException($"{ModelName}: {outputNames.Length} output names but {outputValues.Length} output values.", nameof(outputValues));
        }

        RunCore(runOptions, inputNames, inputValues, outputNames, outputValues, null);
    }

    /// <summary>
    /// Runs the model and returns the outputs ORT allocates (one per name, in order); dispose the collection.
    /// Thread-safe. Same signature as Microsoft.ML.OnnxRuntime's.
    /// </summary>
    /// <inheritdoc cref="Run(RunOptions?, ReadOnlySpan{string}, ReadOnlySpan{OrtValue}, ReadOnlySpan{string}, ReadOnlySpan{OrtValue})" path="/exception"/>
    public IDisposableReadOnlyCollection<OrtValue> Run(RunOptions? runOptions, IReadOnlyCollection<string> inputNames, IReadOnlyCollection<OrtValue> inputValues, IReadOnlyCollection<string> outputNames)
    {
        var produced = new nint[outputNames.Count];
        RunCore(runOptions, inputNames.ToArray(), inputValues.ToArray(), outputNames.ToArray(), default, produced);
        var values = new List<OrtValue>(produced.Length);
        foreach (nint value in produced)
        {
            values.Add(OrtValue.FromNative(_api, value));
        }

        return new DisposableList<OrtValue>(values);
    }

    /// <summary>Runs the model on named inputs and returns the requested outputs; dispose the collection.</summary>
    public IDisposableReadOnlyCollection<OrtValue> Run(RunOptions? runOptions, IReadOnlyDictionary<string, OrtValue> inputs, IReadOnlyCollection<string> outputNames) =>
        Run(runOptions, inputs.Keys.ToArray(), inputs.Values.ToArray(), outputNames);

    /// <summary>Runs the model on named inputs and returns every output, in <see cref="OutputNames"/>'s order.</summary>
    public IDisposableReadOnlyCollection<OrtValue> Run(IReadOnlyDictionary<string, OrtValue> inputs) => Run(null, inputs, OutputNames.ToArray());

    /// <inheritdoc />
    public void Dispose() => _handle.Dispose();

    /// <inheritdoc />
    public override string ToString() => $"{ModelName} (inputs {string.Join(", ", InputMetadata.Values)}; outputs {string.Join(", ", OutputMetadata.Values)})";

    private static int Find(Dictionary<string, int> index, string name, string kind, string model, IReadOnlyList<string> all) =>
        index.TryGetValue(name, out int i)
            ? i
            : throw new ArgumentException($"{model}: the model has no {kind} named '{name}'; its {kind}s are {string.Join(", ", all.Select(n => $"'{n}'"))}.");

    private OrtSessionHandle Create(SessionOptions? options, SessionFactory factory)
    {
        OrtLibrary library = OrtLibrary.Instance;
        SessionOptions? owned = options is null ? new SessionOptions() : null;
        try
        {
            using var opts = new HandleLease((options ?? owned)!.Handle);
            nint session;
            nint status = factory(library.Env, opts.Value, &session);
            if (status != 0)
            {
                throw _api.ToException(status, $"{ModelName}: ONNX Runtime could not load the model");
            }

            return new OrtSessionHandle(session);
        }
        finally
        {
            owned?.Dispose();
        }
    }

    private (string[], Dictionary<string, NodeMetadata>, Dictionary<string, int>, string[], Dictionary<string, NodeMetadata>, Dictionary<string, int>) ReadMetadata()
    {
        using var session = new HandleLease(_handle);
        nint allocator;
        _api.Check(_api.GetAllocatorWithDefaultOptions(&allocator), "getting ORT's default allocator");
        nuint inputs, outputs;
        _api.Check(_api.SessionGetInputCount(session.Value, &inputs), $"{ModelName}: counting inputs");
        _api.Check(_api.SessionGetOutputCount(session.Value, &outputs), $"{ModelName}: counting outputs");
        var (inputNames, inputNative, inputMeta) = ReadNodes(session.Value, allocator, (int)inputs, _api.SessionGetInputName, _api.SessionGetInputTypeInfo, "input");
        _handle.InputNames = inputNative;
        var (outputNames, outputNative, outputMeta) = ReadNodes(session.Value, allocator, (int)outputs, _api.SessionGetOutputName, _api.SessionGetOutputTypeInfo, "output");
        _handle.OutputNames = outputNative;
        return (
            inputNames, inputMeta, inputNames.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal),
            outputNames, outputMeta, outputNames.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal));
    }

    private (string[] Names, nint[] Native, Dictionary<string, NodeMetadata> Metadata) ReadNodes(
        nint session,
        nint allocator,
        int count,
        delegate* unmanaged<nint, nuint, nint, byte**, nint> getName,
        delegate* unmanaged<nint, nuint, nint*, nint> getTypeInfo,
        string kind)
    {
        var names = new string[count];
        var native = new nint[count];
        var metadata = new Dictionary<string, NodeMetadata>(StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            byte* name;
            _api.Check(getName(session, (nuint)i, allocator, &name), $"{ModelName}: reading the name of {kind} {i}");
            try
            {
                names[i] = Marshal.PtrToStringUTF8((nint)name) ?? "";
            }
            finally
            {
                _api.Check(_api.AllocatorFree(allocator, name), "freeing a name");
            }

            native[i] = NativeUtf8.Allocate(names[i]);
            nint typeInfo;
            _api.Check(getTypeInfo(session, (nuint)i, &typeInfo), $"{ModelName}: reading the type of {kind} '{names[i]}'");
            try
            {
                metadata[names[i]] = ReadNodeMetadata(names[i], typeInfo);
            }
            finally
            {
                _api.ReleaseTypeInfo(typeInfo);
            }
        }

        return (names, native, metadata);
    }

    private NodeMetadata ReadNodeMetadata(string name, nint typeInfo)
    {
        OnnxValueType valueType;
        _api.Check(_api.GetOnnxTypeFromTypeInfo(typeInfo, &valueType), $"{ModelName}: reading the kind of '{name}'");
        if (valueType != OnnxValueType.Tensor)
        {
            return new NodeMetadata(name, valueType, TensorElementType.Undefined, [], []);
        }

        nint tensorInfo; // owned by typeInfo: not released here
        _api.Check(_api.CastTypeInfoToTensorInfo(typeInfo, &tensorInfo), $"{ModelName}: reading the tensor type of '{name}'");
        TensorElementType elementType;
        nuint rank;
        _api.Check(_api.GetTensorElementType(tensorInfo, &elementType), $"{ModelName}: reading the element type of '{name}'");
        _api.Check(_api.GetDimensionsCount(tensorInfo, &rank), $"{ModelName}: reading the rank of '{name}'");
        var dims = new long[(int)rank];
        var symbols = new nint[(int)rank];
        fixed (long* d = dims)
        fixed (nint* s = symbols)
        {
            _api.Check(_api.GetDimensions(tensorInfo, d, rank), $"{ModelName}: reading the shape of '{name}'");
            _api.Check(_api.GetSymbolicDimensions(tensorInfo, (byte**)s, rank), $"{ModelName}: reading the symbolic shape of '{name}'");
        }

        return new NodeMetadata(
            name,
            valueType,
            elementType,
            dims.Select(x => x is >= 0 and <= int.MaxValue ? (int)x : -1).ToArray(),
            symbols.Select(p => p == 0 ? "" : Marshal.PtrToStringUTF8(p) ?? "").ToArray());
    }

    private void RunCore(RunOptions? runOptions, ReadOnlySpan<string> inputNames, ReadOnlySpan<OrtValue> inputValues, ReadOnlySpan<string> outputNames, ReadOnlySpan<OrtValue> outputValues, nint[]? produced)
    {
        if (inputNames.Length != inputValues.Length)
        {
            throw new ArgumentException($"{ModelName}: {inputNames.Length} input names but {inputValues.Length} input values.", nameof(inputValues));
        }

        int inputs = inputNames.Length;
        int outputs = outputNames.Length;
        int slots = 2 * (inputs + outputs);

        // Four pointer arrays side by side; on the stack for any realistic model, so that a run allocates nothing.
        Span<nint> pointers = slots <= 256 ? stackalloc nint[slots] : new nint[slots];
        Span<nint> inNames = pointers[..inputs];
        Span<nint> inValues = pointers.Slice(inputs, inputs);
        Span<nint> outNames = pointers.Slice(2 * inputs, outputs);
        Span<nint> outValues = pointers.Slice((2 * inputs) + outputs, outputs);
        using var session = new HandleLease(_handle);
        nint[] nativeInputs = _handle.InputNames;
        nint[] nativeOutputs = _handle.OutputNames;
        for (int i = 0; i < inputs; i++)
        {
            inNames[i] = nativeInputs[Find(_inputIndex, inputNames[i], "input", ModelName, InputNames)];
        }

        for (int i = 0; i < outputs; i++)
        {
            outNames[i] = nativeOutputs[Find(_outputIndex, outputNames[i], "output", ModelName, OutputNames)];
        }

        int leased = 0; // values referenced so far: inputs first, then outputs
        bool runLeased = false;
        try
        {
            for (; leased < inputs; leased++)
            {
                inValues[leased] = AddRef(inputValues[leased], "input", inputNames[leased]);
            }

            if (produced is null)
            {
                for (; leased < inputs + outputs; leased++)
                {
                    outValues[leased - inputs] = AddRef(outputValues[leased - inputs], "output", outputNames[leased - inputs]);
                }
            }

            nint run = 0;
            if (runOptions is not null)
            {
                runOptions.Handle.DangerousAddRef(ref runLeased);
                run = runOptions.Handle.DangerousGetHandle();
            }

            nint status;
            fixed (nint* p = pointers)
            {
                status = _api.Run(session.Value, run, p, p + inputs, (nuint)inputs, p + (2 * inputs), (nuint)outputs, p + (2 * inputs) + outputs);
            }

            if (status != 0)
            {
                throw _api.ToException(status, $"{ModelName}: the run failed");
            }

            if (produced is not null)
            {
                outValues.CopyTo(produced);
            }
        }
        finally
        {
            for (int i = 0; i < leased; i++)
            {
                (i < inputs ? inputValues[i] : outputValues[i - inputs]).Handle.DangerousRelease();
            }

            if (runLeased)
            {
                runOptions!.Handle.DangerousRelease();
            }
        }
    }

    private nint AddRef(OrtValue? value, string kind, string name)
    {
        if (value is null)
        {
            throw new ArgumentNullException(kind, $"{ModelName}: no value was given for {kind} '{name}'.");
        }

        bool added = false;
        value.Handle.DangerousAddRef(ref added);
        return value.Handle.DangerousGetHandle();
    }
}
