using System.Buffers;
using Facebench.Onnx.Native;

namespace Facebench.Onnx;

/// <summary>
/// A value ORT runs on: here, a dense tensor. Created over managed memory (<see cref="CreateTensorValueFromMemory{T}(T[], long[])"/>)
/// it pins that memory and views it without a copy for as long as it lives, so a caller that keeps its input and output
/// values and refills their arrays runs without any managed allocation. Values a run returns own native memory.
/// Mirrors Microsoft.ML.OnnxRuntime's <c>OrtValue</c>.
/// </summary>
public sealed unsafe class OrtValue : IDisposable
{
    private readonly OrtApi _api;

    private OrtValue(OrtApi api, OrtValueHandle handle)
    {
        _api = api;
        Handle = handle;
    }

    internal OrtValueHandle Handle { get; }

    /// <summary>True for a dense tensor.</summary>
    public bool IsTensor
    {
        get
        {
            using var value = new HandleLease(Handle);
            int isTensor;
            _api.Check(_api.IsTensor(value.Value, &isTensor), "asking whether a value is a tensor");
            return isTensor != 0;
        }
    }

    /// <summary>The kind of value.</summary>
    public OnnxValueType OnnxType
    {
        get
        {
            using var value = new HandleLease(Handle);
            OnnxValueType type;
            _api.Check(_api.GetValueType(value.Value, &type), "reading a value's type");
            return type;
        }
    }

    /// <summary>
    /// A tensor over the caller's array, without a copy: the array stays pinned until the value is disposed, and ORT reads
    /// (inputs) or writes (pre-bound outputs) it directly.
    /// </summary>
    /// <param name="data">The elements, row-major; the length must equal the product of <paramref name="shape"/>.</param>
    /// <param name="shape">The dimensions.</param>
    public static OrtValue CreateTensorValueFromMemory<T>(T[] data, long[] shape) where T : unmanaged =>
        CreateTensorValueFromMemory(new Memory<T>(data), shape);

    /// <summary>A tensor over a slice of managed memory, without a copy (see <see cref="CreateTensorValueFromMemory{T}(T[], long[])"/>).</summary>
    /// <exception cref="ArgumentException">The memory's length does not match the shape, or a dimension is negative.</exception>
    public static OrtValue CreateTensorValueFromMemory<T>(Memory<T> data, ReadOnlySpan<long> shape) where T : unmanaged =>
        Create(TensorElementTypes.Of<T>(), data.Pin(), (long)data.Length * sizeof(T), data.Length, shape);

    /// <summary>
    /// A tensor of any fixed-size element type over raw little-endian bytes, without a copy (used for tensors read
    /// from ONNX files, whose element type is known only at run time).
    /// </summary>
    /// <exception cref="ArgumentException">The byte count does not match the shape and type.</exception>
    public static OrtValue CreateTensorValueFromBytes(Memory<byte> data, TensorElementType elementType, ReadOnlySpan<long> shape)
    {
        int size = TensorElementTypes.SizeOf(elementType);
        if (size == 0)
        {
            throw new ArgumentException($"{TensorElementTypes.Name(elementType)} tensors cannot be created over raw bytes.", nameof(elementType));
        }

        if (data.Length % size != 0)
        {
            throw new ArgumentException($"{data.Length} bytes are not a whole number of {TensorElementTypes.Name(elementType)} elements.", nameof(data));
        }

        return Create(elementType, data.Pin(), data.Length, data.Length / size, shape);
    }

    /// <summary>A tensor whose memory ORT allocates (zero-filled is not guaranteed); fill it through <see cref="GetTensorMutableDataAsSpan{T}"/>.</summary>
    public static OrtValue CreateAllocatedTensorValue(TensorElementType elementType, ReadOnlySpan<long> shape)
    {
        OrtApi api = OrtLibrary.Instance.Api;
        TensorShapes.ElementCount(shape);
        nint allocator;
        api.Check(api.GetAllocatorWithDefaultOptions(&allocator), "getting ORT's default allocator");
        nint value;
        fixed (long* dims = shape)
        {
            api.Check(api.CreateTensorAsOrtValue(allocator, dims, (nuint)shape.Length, elementType, &value), $"allocating a {TensorElementTypes.Name(elementType)} tensor of shape {TensorShapes.Format(shape)}");
        }

        return new OrtValue(api, new OrtValueHandle(value, default));
    }

    /// <summary>Wraps a value ORT created (a run's output); the new object owns it.</summary>
    internal static OrtValue FromNative(OrtApi api, nint value) => new(api, new OrtValueHandle(value, default));

    /// <summary>The element type and shape of the tensor.</summary>
    public OrtTensorTypeAndShapeInfo GetTensorTypeAndShape()
    {
        using var value = new HandleLease(Handle);
        return ReadTypeAndShape(value.Value);
    }

    /// <summary>The tensor's elements, read-only; valid while the value lives.</summary>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> is not the tensor's element type.</exception>
    public ReadOnlySpan<T> GetTensorDataAsSpan<T>() where T : unmanaged => GetTensorMutableDataAsSpan<T>();

    /// <summary>The tensor's elements, writable; valid while the value lives. Allocation-free.</summary>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> is not the tensor's element type.</exception>
    public Span<T> GetTensorMutableDataAsSpan<T>() where T : unmanaged
    {
        (nint data, TensorElementType type, long count) = ReadData();
        TensorElementType wanted = TensorElementTypes.Of<T>();
        if (type != wanted)
        {
            throw new InvalidOperationException($"the tensor holds {TensorElementTypes.Name(type)} elements, not {TensorElementTypes.Name(wanted)}.");
        }

        return new Span<T>((void*)data, checked((int)count));
    }

    /// <summary>The tensor's bytes, little-endian, whatever its element type; valid while the value lives.</summary>
    public ReadOnlySpan<byte> GetTensorRawData()
    {
        (nint data, TensorElementType type, long count) = ReadData();
        int size = TensorElementTypes.SizeOf(type);
        if (size == 0)
        {
            throw new InvalidOperationException($"{TensorElementTypes.Name(type)} tensors have no raw bytes.");
        }

        return new ReadOnlySpan<byte>((void*)data, checked((int)(count * size)));
    }

    /// <inheritdoc />
    public void Dispose() => Handle.Dispose();

    private static OrtValue Create(TensorElementType type, MemoryHandle pin, long bytes, long elements, ReadOnlySpan<long> shape)
    {
        try
        {
            long expected = TensorShapes.ElementCount(shape);
            if (expected != elements)
            {
                throw new ArgumentException($"a tensor of shape {TensorShapes.Format(shape)} has {expected} elements, but the buffer holds {elements}.", nameof(shape));
            }

            OrtApi api = OrtLibrary.Instance.Api;
            nint value;

            // ORT refuses a null data pointer even for an empty tensor; any valid address will do when nothing is read.
            void* data = pin.Pointer != null ? pin.Pointer : (void*)OrtMemoryInfo.DefaultInstance.Handle.DangerousGetHandle();
            fixed (long* dims = shape)
            {
                api.Check(
                    api.CreateTensorWithDataAsOrtValue(OrtMemoryInfo.DefaultInstance.Handle.DangerousGetHandle(), data, (nuint)bytes, dims, (nuint)shape.Length, type, &value),
                    $"creating a {TensorElementTypes.Name(type)} tensor of shape {TensorShapes.Format(shape)}");
            }

            return new OrtValue(api, new OrtValueHandle(value, pin));
        }
        catch
        {
            pin.Dispose();
            throw;
        }
    }

    private (nint Info, TensorElementType Type, long Count) ReadInfo(nint value)
    {
        nint info;
        _api.Check(_api.GetTensorTypeAndShape(value, &info), "reading a tensor's type and shape");
        try
        {
            TensorElementType type;
            nuint count;
            _api.Check(_api.GetTensorElementType(info, &type), "reading a tensor's element type");
            _api.Check(_api.GetTensorShapeElementCount(info, &count), "reading a tensor's element count");
            return (info, type, (long)count);
        }
        catch
        {
            _api.ReleaseTensorTypeAndShapeInfo(info);
            throw;
        }
    }

    private OrtTensorTypeAndShapeInfo ReadTypeAndShape(nint value)
    {
        (nint info, TensorElementType type, long count) = ReadInfo(value);
        try
        {
            nuint rank;
            _api.Check(_api.GetDimensionsCount(info, &rank), "reading a tensor's rank");
            var shape = new long[(int)rank];
            fixed (long* dims = shape)
            {
                _api.Check(_api.GetDimensions(info, dims, rank), "reading a tensor's shape");
            }

            return new OrtTensorTypeAndShapeInfo(type, shape, count);
        }
        finally
        {
            _api.ReleaseTensorTypeAndShapeInfo(info);
        }
    }

    private (nint Data, TensorElementType Type, long Count) ReadData()
    {
        using var value = new HandleLease(Handle);
        (nint info, TensorElementType type, long count) = ReadInfo(value.Value);
        _api.ReleaseTensorTypeAndShapeInfo(info);
        void* data;
        _api.Check(_api.GetTensorMutableData(value.Value, &data), "reading a tensor's data");
        return ((nint)data, type, count);
    }
}
