using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using Facebench.PythonData.Numpy;

namespace Facebench.PythonData.Pickle;

/// <summary>
/// A pickle reader: the pickle virtual machine of CPython's <c>Lib/pickle.py</c> and <c>Lib/pickletools.py</c>
/// (protocols 0 to 5, PEP 307 for protocol 2, PEP 3154 for protocol 4, PEP 574 for protocol 5's out-of-band
/// buffers), with object construction restricted to the allow-list of <see cref="PickleGlobals"/>.
/// <para>
/// Safety: every length is checked against the bytes that remain before anything is allocated, the stack and memo
/// can only grow by one entry per opcode byte, and no opcode recurses, so a malformed or hostile file ends in a
/// <see cref="PythonDataException"/> in time linear in its size. Python 2 <c>str</c> values (opcodes
/// <c>S</c>, <c>T</c>, <c>U</c>) are kept as <see cref="PyBytes"/> with <see cref="PyBytes.IsPython2Str"/> set: they are
/// array payloads as often as text (NumPy's state under Python 2), which is what <c>encoding='latin1'</c> handles
/// in Python 3.
/// </para>
/// </summary>
public sealed class PickleReader
{
    private static readonly object Mark = new();

    private readonly ReadOnlyMemory<byte> _data;
    private readonly string? _source;
    private readonly IReadOnlyList<ReadOnlyMemory<byte>> _buffers;
    private readonly Func<object?, object?>? _persistentLoad;
    private readonly List<object?> _stack = [];
    private readonly List<int> _marks = [];
    private readonly Dictionary<long, object?> _memo = [];
    private int _position;
    private int _nextBuffer;

    private PickleReader(ReadOnlyMemory<byte> data, int start, string? source, IReadOnlyList<ReadOnlyMemory<byte>>? buffers, Func<object?, object?>? persistentLoad)
    {
        _data = data;
        _position = start;
        _source = source;
        _buffers = buffers ?? [];
        _persistentLoad = persistentLoad;
    }

    /// <summary>Reads a pickle file.</summary>
    /// <exception cref="PythonDataException">Unreadable, truncated or malformed, or naming a class outside the allow-list.</exception>
    public static object? ReadFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PythonDataException($"cannot read the file ({e.Message}); expected a Python pickle", path, e);
        }

        return Read(bytes, path);
    }

    /// <summary>Reads one pickle from memory (what follows its <c>STOP</c> is ignored, as <c>pickle.loads</c> does).</summary>
    /// <param name="data">The pickle.</param>
    /// <param name="source">Names the data in errors (a file path).</param>
    /// <param name="buffers">Out-of-band buffers for protocol 5's <c>NEXT_BUFFER</c>, in order (PEP 574).</param>
    public static object? Read(ReadOnlyMemory<byte> data, string? source = null, IReadOnlyList<ReadOnlyMemory<byte>>? buffers = null) =>
        new PickleReader(data, 0, source, buffers, null).Run();

    /// <summary>Reads one pickle at <paramref name="start"/>, returning the value and the offset after its STOP (for streams of pickles).</summary>
    internal static (object? Value, int End) ReadAt(ReadOnlyMemory<byte> data, int start, string? source, Func<object?, object?>? persistentLoad)
    {
        var reader = new PickleReader(data, start, source, null, persistentLoad);
        object? value = reader.Run();
        return (value, reader._position);
    }

    private object? Run()
    {
        try
        {
            return Execute();
        }
        catch (PythonDataException)
        {
            throw;
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException or FormatException or OverflowException or IndexOutOfRangeException or InvalidOperationException)
        {
            throw new PythonDataException($"malformed pickle near byte {_position}: {e.Message}", _source, e);
        }
    }

    private object? Execute()
    {
        ReadOnlySpan<byte> span = _data.Span;
        while (true)
        {
            if (_position >= span.Length)
            {
                throw Error("the pickle ends before its STOP opcode (truncated file)");
            }

            int at = _position;
            byte op = span[_position++];
            switch (op)
            {
                case 0x80: // PROTO
                    byte protocol = Byte();
                    if (protocol > 5)
                    {
                        throw Error($"pickle protocol {protocol}; expected 0 to 5");
                    }

                    break;
                case 0x95: // FRAME: an 8-byte length; frames only group opcodes
                    ulong frame = BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
                    if (frame > (ulong)(span.Length - _position))
                    {
                        throw Error($"a frame of {frame} bytes at byte {at} runs past the end (truncated file)");
                    }

                    break;
                case (byte)'.': // STOP
                    object? result = Pop();
                    return result;
                case (byte)'(': // MARK
                    _marks.Add(_stack.Count);
                    _stack.Add(Mark);
                    break;
                case (byte)'0': // POP
                    if (_stack.Count > 0 && ReferenceEquals(_stack[^1], Mark))
                    {
                        PopMark();
                    }
                    else
                    {
                        Pop();
                    }

                    break;
                case (byte)'1': // POP_MARK
                    PopMark();
                    break;
                case (byte)'2': // DUP
                    Push(Peek());
                    break;

                // Numbers.
                case (byte)'N':
                    Push(null);
                    break;
                case 0x88:
                    Push(true);
                    break;
                case 0x89:
                    Push(false);
                    break;
                case (byte)'J': // BININT
                    Push((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4)));
                    break;
                case (byte)'K': // BININT1
                    Push((long)Byte());
                    break;
                case (byte)'M': // BININT2
                    Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2)));
                    break;
                case 0x8a: // LONG1
                    Push(LittleEndianInteger(Take(Byte())));
                    break;
                case 0x8b: // LONG4
                    Push(LittleEndianInteger(Take(Length32())));
                    break;
                case (byte)'G': // BINFLOAT (big-endian double)
                    Push(BinaryPrimitives.ReadDoubleBigEndian(Take(8)));
                    break;
                case (byte)'I': // INT (text; '00' and '01' are False and True)
                    string intText = Line();
                    Push(intText switch
                    {
                        "00" => false,
                        "01" => true,
                        _ => ParseInteger(intText),
                    });
                    break;
                case (byte)'L': // LONG (text with a trailing L)
                    Push(ParseInteger(Line().TrimEnd('L')));
                    break;
                case (byte)'F': // FLOAT (text)
                    Push(double.Parse(Line(), NumberStyles.Float, CultureInfo.InvariantCulture));
                    break;

                // Strings and bytes.
                case (byte)'X': // BINUNICODE
                    Push(Utf8(Take(Length32())));
                    break;
                case 0x8c: // SHORT_BINUNICODE
                    Push(Utf8(Take(Byte())));
                    break;
                case 0x8d: // BINUNICODE8
                    Push(Utf8(Take(Length64())));
                    break;
                case (byte)'V': // UNICODE (raw-unicode-escape text)
                    Push(RawUnicodeEscape(Line()));
                    break;
                case (byte)'T': // BINSTRING (Python 2 str)
                    Push(new PyBytes(Slice(Length32()), IsPython2Str: true));
                    break;
                case (byte)'U': // SHORT_BINSTRING
                    Push(new PyBytes(Slice(Byte()), IsPython2Str: true));
                    break;
                case (byte)'S': // STRING (quoted, escaped text)
                    Push(new PyBytes(StringEscape(Line()), IsPython2Str: true));
                    break;
                case (byte)'B': // BINBYTES
                    Push(new PyBytes(Slice(Length32()), IsPython2Str: false));
                    break;
                case (byte)'C': // SHORT_BINBYTES
                    Push(new PyBytes(Slice(Byte()), IsPython2Str: false));
                    break;
                case 0x8e: // BINBYTES8
                case 0x96: // BYTEARRAY8
                    Push(new PyBytes(Slice(Length64()), IsPython2Str: false));
                    break;
                case 0x97: // NEXT_BUFFER (PEP 574 out-of-band buffer)
                    if (_nextBuffer >= _buffers.Count)
                    {
                        throw Error($"the pickle uses out-of-band buffer {_nextBuffer} but {_buffers.Count} were supplied");
                    }

                    Push(new PyBytes(_buffers[_nextBuffer++], IsPython2Str: false));
                    break;
                case 0x98: // READONLY_BUFFER: a no-op for this reader (nothing is mutated)
                    Peek();
                    break;

                // Containers.
                case (byte)')':
                    Push(new PyTuple([]));
                    break;
                case (byte)'t': // TUPLE
                    Push(new PyTuple(PopToMark()));
                    break;
                case 0x85:
                    Push(new PyTuple([Pop()]));
                    break;
                case 0x86:
                {
                    object? b = Pop(), a = Pop();
                    Push(new PyTuple([a, b]));
                    break;
                }

                case 0x87:
                {
                    object? c = Pop(), b = Pop(), a = Pop();
                    Push(new PyTuple([a, b, c]));
                    break;
                }

                case (byte)']':
                    Push(new List<object?>());
                    break;
                case (byte)'l': // LIST
                    Push(PopToMark());
                    break;
                case (byte)'a': // APPEND
                {
                    object? item = Pop();
                    Append(Peek(), [item]);
                    break;
                }

                case (byte)'e': // APPENDS
                {
                    List<object?> items = PopToMark();
                    Append(Peek(), items);
                    break;
                }

                case (byte)'}':
                    Push(new PyDict());
                    break;
                case (byte)'d': // DICT
                {
                    List<object?> items = PopToMark();
                    var dict = new PyDict();
                    SetItems(dict, items);
                    Push(dict);
                    break;
                }

                case (byte)'s': // SETITEM
                {
                    object? value = Pop(), key = Pop();
                    SetItems(Peek(), [key, value]);
                    break;
                }

                case (byte)'u': // SETITEMS
                {
                    List<object?> items = PopToMark();
                    SetItems(Peek(), items);
                    break;
                }

                case 0x8f: // EMPTY_SET
                    Push(new PySet());
                    break;
                case 0x90: // ADDITEMS
                {
                    List<object?> items = PopToMark();
                    if (Peek() is not PySet set)
                    {
                        throw Error($"ADDITEMS on a {PyValue.Describe(Peek())}; expected a set");
                    }

                    set.Items.AddRange(items);
                    break;
                }

                case 0x91: // FROZENSET
                {
                    var set = new PySet();
                    set.Items.AddRange(PopToMark());
                    Push(set);
                    break;
                }

                // Memo.
                case (byte)'p': // PUT
                    _memo[TextMemoKey()] = Peek();
                    break;
                case (byte)'q': // BINPUT
                    _memo[Byte()] = Peek();
                    break;
                case (byte)'r': // LONG_BINPUT
                    _memo[BinaryPrimitives.ReadUInt32LittleEndian(Take(4))] = Peek();
                    break;
                case 0x94: // MEMOIZE
                    _memo[_memo.Count] = Peek();
                    break;
                case (byte)'g': // GET
                    Push(Memo(TextMemoKey()));
                    break;
                case (byte)'h': // BINGET
                    Push(Memo(Byte()));
                    break;
                case (byte)'j': // LONG_BINGET
                    Push(Memo(BinaryPrimitives.ReadUInt32LittleEndian(Take(4))));
                    break;

                // Classes and calls.
                case (byte)'c': // GLOBAL
                {
                    string module = Line(), name = Line();
                    Push(PickleGlobals.Resolve(module, name, _source));
                    break;
                }

                case 0x93: // STACK_GLOBAL
                {
                    object? name = Pop(), module = Pop();
                    Push(PickleGlobals.Resolve(PyValue.AsString(module, "STACK_GLOBAL module"), PyValue.AsString(name, "STACK_GLOBAL name"), _source));
                    break;
                }

                case (byte)'R': // REDUCE
                {
                    object? args = Pop(), callable = Pop();
                    Push(Call(callable, args));
                    break;
                }

                case 0x81: // NEWOBJ: cls.__new__(cls, *args)
                {
                    object? args = Pop(), cls = Pop();
                    Push(New(cls, args));
                    break;
                }

                case 0x92: // NEWOBJ_EX: cls.__new__(cls, *args, **kwargs)
                {
                    Pop();
                    object? args = Pop(), cls = Pop();
                    Push(New(cls, args));
                    break;
                }

                case (byte)'i': // INST (protocol 0): module\nname\n after a mark holding the arguments
                {
                    PyGlobal cls = PickleGlobals.Resolve(Line(), Line(), _source);
                    Push(Call(cls, new PyTuple(PopToMark())));
                    break;
                }

                case (byte)'o': // OBJ (protocol 1): class and arguments after a mark
                {
                    List<object?> items = PopToMark();
                    if (items.Count == 0)
                    {
                        throw Error("OBJ without a class");
                    }

                    Push(Call(items[0], new PyTuple(items[1..])));
                    break;
                }

                case (byte)'b': // BUILD: __setstate__
                {
                    object? state = Pop();
                    Build(Peek(), state);
                    break;
                }

                case (byte)'Q': // BINPERSID
                    Push(Persistent(Pop()));
                    break;
                case (byte)'P': // PERSID
                    Push(Persistent(Line()));
                    break;
                case 0x82 or 0x83 or 0x84: // EXT1, EXT2, EXT4
                    throw Error("the pickle uses the copyreg extension registry (EXT opcodes), which model files do not; expected plain globals");
                default:
                    throw Error($"unknown opcode 0x{op:x2} at byte {at}; expected a pickle of protocol 0 to 5");
            }
        }
    }

    private object? Call(object? callable, object? argsValue)
    {
        if (callable is not PyGlobal g)
        {
            throw Error($"REDUCE calls a {PyValue.Describe(callable)}; expected a class or function");
        }

        if (argsValue is not PyTuple args)
        {
            throw Error($"REDUCE arguments for {g} are a {PyValue.Describe(argsValue)}; expected a tuple");
        }

        switch (g.Kind)
        {
            case PyGlobalKind.NumpyReconstruct:
                // _reconstruct(subtype, shape, dtype): an empty array; BUILD gives it its state.
                if (args.Count < 1 || args[0] is not PyGlobal { Kind: PyGlobalKind.NumpyArrayClass })
                {
                    throw Error($"{g} constructs a {(args.Count > 0 ? PyValue.Describe(args[0]) : "nothing")}; expected numpy.ndarray");
                }

                return new NdArray();
            case PyGlobalKind.NumpyDType:
                // dtype(obj, align, copy): obj is the type string without byte order, e.g. 'f8'; BUILD sets the order.
                string code = PyValue.AsString(args.Count > 0 ? args[0] : null, "numpy.dtype argument");
                try
                {
                    return new PickledDType(NpyDType.Parse(code));
                }
                catch (FormatException e)
                {
                    throw Error($"numpy.dtype('{code}'): {e.Message}");
                }

            case PyGlobalKind.NumpyScalar:
                return Scalar(args);
            case PyGlobalKind.NumpyFromBuffer:
                return FromBuffer(args);
            case PyGlobalKind.Set:
                var set = new PySet();
                if (args.Count > 0)
                {
                    set.Items.AddRange(Sequence(args[0], "set()"));
                }

                return set;
            case PyGlobalKind.OrderedDict:
                var dict = new PyDict();
                if (args.Count > 0)
                {
                    // Python 2: OrderedDict([[key, value], ...]).
                    foreach (object? pair in Sequence(args[0], "OrderedDict()"))
                    {
                        IReadOnlyList<object?> kv = Sequence(pair, "OrderedDict item");
                        if (kv.Count != 2)
                        {
                            throw Error("OrderedDict items must be key-value pairs");
                        }

                        dict.Set(kv[0], kv[1]);
                    }
                }

                return dict;
            case PyGlobalKind.CopyregReconstructor:
                // _reconstructor(cls, base, state): object.__new__(cls), then base.__init__(obj, state) for builtin bases.
                return New(args.Count > 0 ? args[0] : null, new PyTuple([]));
            case PyGlobalKind.CodecsEncode:
                // Python 3 pickles bytes at protocol 2 as _codecs.encode(text, 'latin1').
                string text = PyValue.AsString(args.Count > 0 ? args[0] : null, "_codecs.encode text");
                string encoding = args.Count > 1 ? PyValue.AsString(args[1], "_codecs.encode encoding") : "utf-8";
                return new PyBytes(encoding.Replace("-", "").Equals("latin1", StringComparison.OrdinalIgnoreCase) || encoding.Equals("iso-8859-1", StringComparison.OrdinalIgnoreCase)
                    ? Encoding.Latin1.GetBytes(text)
                    : Encoding.UTF8.GetBytes(text), IsPython2Str: false);
            case PyGlobalKind.TorchRebuildTensor:
                return TorchLegacyStorage.RebuildTensor(args, _source);
            case PyGlobalKind.TorchLoadFromBytes:
                return TorchLegacyStorage.LoadFromBytes(args.Count > 0 ? args[0] : null, _source);
            case PyGlobalKind.Object or PyGlobalKind.ChumpyCh or PyGlobalKind.ScipySparse:
                return New(g, args);
            default:
                throw Error($"{g} cannot be called here");
        }
    }

    private object? New(object? cls, object? args)
    {
        if (cls is not PyGlobal g)
        {
            throw Error($"NEWOBJ on a {PyValue.Describe(cls)}; expected a class");
        }

        _ = args;
        return g.Kind switch
        {
            PyGlobalKind.ChumpyCh or PyGlobalKind.ScipySparse or PyGlobalKind.Object => new PyObject(g),
            PyGlobalKind.OrderedDict => new PyDict(),
            PyGlobalKind.Set => new PySet(),
            PyGlobalKind.NumpyArrayClass => new NdArray(),
            _ => throw Error($"{g} is not a class that can be instantiated here"),
        };
    }

    private void Build(object? target, object? state)
    {
        switch (target)
        {
            case NdArray array:
                SetArrayState(array, state);
                break;
            case PickledDType dtype:
                // dtype.__setstate__((version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata])).
                if (state is not PyTuple { Count: >= 2 } t)
                {
                    throw Error($"numpy.dtype state is a {PyValue.Describe(state)}; expected a tuple");
                }

                if (t.Count > 3 && t[3] is not null)
                {
                    throw Error("structured (record) dtypes are not supported; expected a plain numeric dtype");
                }

                string order = PyValue.AsString(t[1], "dtype byte order");
                dtype.Value = dtype.Value with { BigEndian = order == ">" && dtype.Value.ItemSize > 1 };
                break;
            case PyObject obj:
                obj.State = state;
                break;
            case PyDict dict when state is PyDict extra:
                foreach (KeyValuePair<object?, object?> kv in extra.Items)
                {
                    dict.Set(kv.Key, kv.Value);
                }

                break;
            case PyDict or PySet when state is null:
                break;
            default:
                throw Error($"BUILD on a {PyValue.Describe(target)} with a {PyValue.Describe(state)}; expected the state of an allow-listed class");
        }
    }

    /// <summary>ndarray.__setstate__: <c>(version, shape, dtype, is_fortran, rawdata)</c> (the version may be absent).</summary>
    private void SetArrayState(NdArray array, object? state)
    {
        if (state is not PyTuple t || t.Count is < 4 or > 5)
        {
            throw Error($"ndarray state is a {PyValue.Describe(state)}; expected (version, shape, dtype, is_fortran, data)");
        }

        int o = t.Count - 4;
        int[] shape = [.. Sequence(t[o], "ndarray shape").Select(d => PyValue.AsInt32(d, "ndarray dimension"))];
        if (t[o + 1] is not PickledDType dtype)
        {
            throw Error($"ndarray dtype is a {PyValue.Describe(t[o + 1])}; expected numpy.dtype");
        }

        bool fortran = t[o + 2] is true or 1L;
        try
        {
            switch (t[o + 3])
            {
                case PyBytes bytes when !dtype.Value.IsObject:
                    array.SetState(shape, dtype.Value, fortran, bytes.Value, null);
                    break;
                case string text when !dtype.Value.IsObject:
                    // A Python 2 payload decoded with encoding='latin1' by an earlier Python 3 round trip.
                    array.SetState(shape, dtype.Value, fortran, Encoding.Latin1.GetBytes(text), null);
                    break;
                case List<object?> objects when dtype.Value.IsObject:
                    array.SetState(shape, dtype.Value, fortran, default, objects);
                    break;
                default:
                    throw Error($"ndarray data is a {PyValue.Describe(t[o + 3])} for dtype {dtype.Value}; expected bytes (or a list for object arrays)");
            }
        }
        catch (PythonDataException e) when (e.Path is null)
        {
            throw Error(e.Message);
        }
    }

    /// <summary>numpy.core.multiarray.scalar(dtype, data): one element, returned as a .NET number (or the object).</summary>
    private object? Scalar(PyTuple args)
    {
        if (args.Count < 2 || args[0] is not PickledDType dtype)
        {
            throw Error("numpy scalar needs (dtype, data)");
        }

        if (dtype.Value.IsObject)
        {
            return args[1];
        }

        ReadOnlyMemory<byte> bytes = args[1] switch
        {
            PyBytes b => b.Value,
            string s => Encoding.Latin1.GetBytes(s),
            _ => throw Error($"numpy scalar data is a {PyValue.Describe(args[1])}; expected bytes"),
        };
        var one = new NdArray([], dtype.Value, false, bytes);
        return dtype.Value.Kind is 'f' ? one.ToDoubleArray()[0] : dtype.Value.Kind == 'b' ? one.ToInt64Array()[0] != 0 : one.ToInt64Array()[0];
    }

    /// <summary>numpy.core.numeric._frombuffer(buffer, dtype, shape, order): NumPy's protocol-5 array reduction.</summary>
    private NdArray FromBuffer(PyTuple args)
    {
        if (args.Count < 4 || args[0] is not PyBytes buffer || args[1] is not PickledDType dtype)
        {
            throw Error("numpy _frombuffer needs (buffer, dtype, shape, order)");
        }

        int[] shape = [.. Sequence(args[2], "_frombuffer shape").Select(d => PyValue.AsInt32(d, "_frombuffer dimension"))];
        bool fortran = PyValue.AsString(args[3], "_frombuffer order") == "F";
        try
        {
            return new NdArray(shape, dtype.Value, fortran, buffer.Value);
        }
        catch (PythonDataException e) when (e.Path is null)
        {
            throw Error(e.Message);
        }
    }

    private object? Persistent(object? pid) =>
        _persistentLoad is null
            ? throw Error("the pickle refers to persistent objects (as torch.save's inner pickles do) but no loader handles them here")
            : _persistentLoad(pid);

    private static IReadOnlyList<object?> Sequence(object? value, string what) => value switch
    {
        PyTuple t => t.Items,
        List<object?> l => l,
        _ => throw new PythonDataException($"{what} is a {PyValue.Describe(value)}; expected a tuple or list"),
    };

    private void Append(object? target, List<object?> items)
    {
        switch (target)
        {
            case List<object?> list:
                list.AddRange(items);
                break;
            case PySet set:
                set.Items.AddRange(items);
                break;
            default:
                throw Error($"APPEND to a {PyValue.Describe(target)}; expected a list");
        }
    }

    private void SetItems(object? target, List<object?> items)
    {
        if (target is not PyDict dict)
        {
            throw Error($"SETITEM on a {PyValue.Describe(target)}; expected a dict");
        }

        if (items.Count % 2 != 0)
        {
            throw Error("SETITEMS with an odd number of stack items");
        }

        for (int i = 0; i < items.Count; i += 2)
        {
            dict.Set(items[i], items[i + 1]);
        }
    }

    private void Push(object? value) => _stack.Add(value);

    private object? Pop()
    {
        if (_stack.Count == 0 || (_marks.Count > 0 && _marks[^1] == _stack.Count - 1))
        {
            throw Error("stack underflow (an opcode needs more values than the pickle pushed)");
        }

        object? v = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return v;
    }

    private object? Peek()
    {
        if (_stack.Count == 0 || ReferenceEquals(_stack[^1], Mark))
        {
            throw Error("stack underflow (an opcode needs a value the pickle did not push)");
        }

        return _stack[^1];
    }

    private List<object?> PopToMark()
    {
        if (_marks.Count == 0)
        {
            throw Error("an opcode expects a MARK that the pickle did not push");
        }

        int mark = _marks[^1];
        _marks.RemoveAt(_marks.Count - 1);
        List<object?> items = _stack.GetRange(mark + 1, _stack.Count - mark - 1);
        _stack.RemoveRange(mark, _stack.Count - mark);
        return items;
    }

    private void PopMark() => PopToMark();

    private object? Memo(long key) =>
        _memo.TryGetValue(key, out object? v) ? v : throw Error($"memo entry {key} is read before it is written");

    /// <summary>The decimal memo key of protocol 0's PUT and GET.</summary>
    private long TextMemoKey()
    {
        string line = Line();
        return long.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out long key) ? key : throw Error($"memo key '{line}' is not a non-negative integer");
    }

    private byte Byte() => Take(1)[0];

    private ReadOnlySpan<byte> Take(int count) => Slice(count).Span;

    private ReadOnlyMemory<byte> Slice(long count)
    {
        if (count < 0 || count > _data.Length - _position)
        {
            throw Error($"a field of {count} bytes at byte {_position} runs past the end of the data ({_data.Length - _position} bytes remain; truncated file?)");
        }

        ReadOnlyMemory<byte> slice = _data.Slice(_position, (int)count);
        _position += (int)count;
        return slice;
    }

    private int Length32()
    {
        long n = BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
        return n <= _data.Length - _position ? (int)n : throw Error($"a length of {n} bytes at byte {_position - 4} runs past the end ({_data.Length - _position} remain; truncated file?)");
    }

    private int Length64()
    {
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
        return n <= (ulong)(_data.Length - _position) ? (int)n : throw Error($"a length of {n} bytes at byte {_position - 8} runs past the end ({_data.Length - _position} remain; truncated file?)");
    }

    private string Line()
    {
        ReadOnlySpan<byte> rest = _data.Span[_position..];
        int end = rest.IndexOf((byte)'\n');
        if (end < 0)
        {
            throw Error($"a text field at byte {_position} has no line end (truncated file?)");
        }

        _position += end + 1;
        return Encoding.Latin1.GetString(rest[..end]).TrimEnd('\r');
    }

    private static string Utf8(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new PythonDataException($"a string is not valid UTF-8: {e.Message}");
        }
    }

    /// <summary>Two's-complement little-endian integer of any length (LONG1/LONG4), as long when it fits.</summary>
    private static object LittleEndianInteger(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0)
        {
            return 0L;
        }

        if (bytes.Length <= 8)
        {
            long v = 0;
            for (int i = bytes.Length - 1; i >= 0; i--)
            {
                v = (v << 8) | bytes[i];
            }

            int shift = 64 - (8 * bytes.Length);
            return shift == 0 ? v : (v << shift) >> shift;
        }

        return new BigInteger(bytes, isUnsigned: false, isBigEndian: false);
    }

    private static object ParseInteger(string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) ? v
        : BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out BigInteger big) ? big
        : throw new PythonDataException($"'{(text.Length > 40 ? text[..40] : text)}' is not an integer");

    /// <summary>Protocol 0 STRING: a Python repr of a str, quotes included, with backslash escapes.</summary>
    private static byte[] StringEscape(string repr)
    {
        if (repr.Length < 2 || repr[0] != repr[^1] || repr[0] is not ('\'' or '"'))
        {
            throw new PythonDataException("a protocol-0 STRING is not quoted");
        }

        var bytes = new List<byte>(repr.Length);
        for (int i = 1; i < repr.Length - 1; i++)
        {
            char c = repr[i];
            if (c != '\\' || i + 1 >= repr.Length - 1)
            {
                bytes.Add((byte)c);
                continue;
            }

            char e = repr[++i];
            switch (e)
            {
                case 'n': bytes.Add((byte)'\n'); break;
                case 'r': bytes.Add((byte)'\r'); break;
                case 't': bytes.Add((byte)'\t'); break;
                case '0': bytes.Add(0); break;
                case 'x' when i + 2 < repr.Length - 1 && byte.TryParse(repr.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out byte b):
                    bytes.Add(b);
                    i += 2;
                    break;
                default: bytes.Add((byte)e); break;
            }
        }

        return [.. bytes];
    }

    /// <summary>Protocol 0 UNICODE: raw-unicode-escape (only <c>\uXXXX</c> and <c>\UXXXXXXXX</c> are escapes).</summary>
    private static string RawUnicodeEscape(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 5 < text.Length && text[i + 1] == 'u' && int.TryParse(text.AsSpan(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int u))
            {
                sb.Append((char)u);
                i += 5;
            }
            else if (text[i] == '\\' && i + 9 < text.Length && text[i + 1] == 'U' && int.TryParse(text.AsSpan(i + 2, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int cp) && cp is >= 0 and <= 0x10FFFF)
            {
                sb.Append(char.ConvertFromUtf32(cp));
                i += 9;
            }
            else
            {
                sb.Append(text[i]);
            }
        }

        return sb.ToString();
    }

    private PythonDataException Error(string message) => new(message, _source);

    /// <summary>A dtype while the pickle is built (its byte order arrives later, in BUILD).</summary>
    internal sealed class PickledDType(NpyDType value)
    {
        public NpyDType Value { get; set; } = value;
    }
}
