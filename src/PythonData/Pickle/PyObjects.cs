using System.Text;

namespace Facebench.PythonData.Pickle;

/// <summary>
/// A Python <c>bytes</c> object, or a Python 2 <c>str</c> (which is bytes; Python 3 reads such pickles with
/// <c>encoding='latin1'</c> or <c>'bytes'</c>). The payload may be a slice of the file's buffer.
/// </summary>
/// <param name="Value">The bytes.</param>
/// <param name="IsPython2Str">True when the pickle stored it as a (Python 2) <c>str</c>; such values also serve as text.</param>
public sealed record PyBytes(ReadOnlyMemory<byte> Value, bool IsPython2Str)
{
    /// <summary>The bytes read as Latin-1 text (what <c>encoding='latin1'</c> gives for Python 2 strings).</summary>
    public string AsLatin1() => Encoding.Latin1.GetString(Value.Span);
}

/// <summary>A Python tuple (immutable sequence).</summary>
/// <param name="Items">The elements.</param>
public sealed record PyTuple(IReadOnlyList<object?> Items)
{
    /// <summary>Number of elements.</summary>
    public int Count => Items.Count;

    /// <summary>Element i.</summary>
    public object? this[int i] => Items[i];
}

/// <summary>A Python set or frozenset (elements kept in pickle order).</summary>
public sealed class PySet
{
    /// <summary>The elements.</summary>
    public List<object?> Items { get; } = [];
}

/// <summary>
/// A Python dict (or <c>collections.OrderedDict</c>) in insertion order. Keys that are text (<c>str</c>, or a Python
/// 2 <c>str</c> read as Latin-1) can be looked up by string; other keys are kept in <see cref="Items"/>.
/// </summary>
public sealed class PyDict
{
    private readonly Dictionary<string, int> _byName = new(StringComparer.Ordinal);
    private readonly List<KeyValuePair<object?, object?>> _items = [];

    /// <summary>The entries in insertion order.</summary>
    public IReadOnlyList<KeyValuePair<object?, object?>> Items => _items;

    /// <summary>The text keys, in insertion order.</summary>
    public IEnumerable<string> Keys => _items.Select(i => KeyText(i.Key)).OfType<string>();

    /// <summary>Number of entries.</summary>
    public int Count => _items.Count;

    /// <summary>Sets a key (replacing an existing one, as Python does).</summary>
    public void Set(object? key, object? value)
    {
        string? name = KeyText(key);
        if (name is not null && _byName.TryGetValue(name, out int at))
        {
            _items[at] = new(key, value);
            return;
        }

        if (name is not null)
        {
            _byName[name] = _items.Count;
        }

        _items.Add(new(key, value));
    }

    /// <summary>True when a text key exists.</summary>
    public bool ContainsKey(string key) => _byName.ContainsKey(key);

    /// <summary>Looks up a text key.</summary>
    public bool TryGetValue(string key, out object? value)
    {
        if (_byName.TryGetValue(key, out int at))
        {
            value = _items[at].Value;
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>The text form of a key: a str, or a Python 2 str as Latin-1; null for other keys.</summary>
    private static string? KeyText(object? key) => key switch
    {
        string s => s,
        PyBytes { IsPython2Str: true } b => b.AsLatin1(),
        _ => null,
    };
}

/// <summary>A reference to an allow-listed Python class or function (pickle <c>GLOBAL</c>/<c>STACK_GLOBAL</c>).</summary>
/// <param name="Module">The module, normalised to Python 3 names (<c>__builtin__</c> → <c>builtins</c>).</param>
/// <param name="Name">The class or function name.</param>
/// <param name="Kind">What the reader does with it.</param>
public sealed record PyGlobal(string Module, string Name, PyGlobalKind Kind)
{
    /// <summary>The dotted name.</summary>
    public override string ToString() => $"{Module}.{Name}";
}

/// <summary>
/// An instance of an allow-listed class that has no .NET counterpart of its own: <c>chumpy.ch.Ch</c> and
/// <c>scipy.sparse</c> matrices before conversion, or a plain <c>object</c>. <see cref="State"/> is what
/// <c>__setstate__</c> received (usually the instance <c>__dict__</c>).
/// </summary>
public sealed class PyObject(PyGlobal type)
{
    /// <summary>The class.</summary>
    public PyGlobal Type { get; } = type;

    /// <summary>The state given by <c>BUILD</c>, or null when none was.</summary>
    public object? State { get; set; }

    /// <summary>The state as a dict, or null when it is not one.</summary>
    public PyDict? StateDict => State switch
    {
        PyDict d => d,
        PyTuple { Count: 2 } t => t[0] as PyDict, // (state, slotstate)
        _ => null,
    };
}

/// <summary>What the reader does with an allow-listed global.</summary>
public enum PyGlobalKind
{
    /// <summary><c>numpy.core.multiarray._reconstruct</c>: an empty array awaiting <c>__setstate__</c>.</summary>
    NumpyReconstruct,

    /// <summary><c>numpy.ndarray</c> (or <c>numpy.matrix</c>): the array class itself.</summary>
    NumpyArrayClass,

    /// <summary><c>numpy.dtype</c>.</summary>
    NumpyDType,

    /// <summary><c>numpy.core.multiarray.scalar</c>: a NumPy scalar from its dtype and bytes.</summary>
    NumpyScalar,

    /// <summary><c>numpy.core.numeric._frombuffer</c>: an array over a (protocol 5) buffer.</summary>
    NumpyFromBuffer,

    /// <summary><c>chumpy.ch.Ch</c>: a differentiable wrapper whose state holds the array under <c>x</c>.</summary>
    ChumpyCh,

    /// <summary>A <c>scipy.sparse</c> CSC, CSR or COO matrix (or array) class.</summary>
    ScipySparse,

    /// <summary><c>builtins.set</c> or <c>frozenset</c>.</summary>
    Set,

    /// <summary><c>collections.OrderedDict</c> (read as a dict).</summary>
    OrderedDict,

    /// <summary><c>builtins.object</c>.</summary>
    Object,

    /// <summary><c>copyreg._reconstructor</c>: protocol 0/1 construction of a new-style instance.</summary>
    CopyregReconstructor,

    /// <summary><c>_codecs.encode</c>: how Python 3 pickles <c>bytes</c> at protocol 2.</summary>
    CodecsEncode,

    /// <summary><c>torch._utils._rebuild_tensor_v2</c> / <c>_rebuild_tensor</c>.</summary>
    TorchRebuildTensor,

    /// <summary><c>torch.storage._load_from_bytes</c>: a storage saved in PyTorch's legacy format.</summary>
    TorchLoadFromBytes,

    /// <summary>A PyTorch storage class such as <c>torch.FloatStorage</c> (names the element type).</summary>
    TorchStorageType,
}
