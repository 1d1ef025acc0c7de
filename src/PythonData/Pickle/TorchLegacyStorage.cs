using System.Buffers.Binary;
using Facebench.PythonData.Numpy;

namespace Facebench.PythonData.Pickle;

/// <summary>
/// PyTorch tensors inside a plain pickle. <c>pickle.dump</c> of a tensor (not <c>torch.save</c>) reduces it to
/// <c>torch._utils._rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks)</c>, and
/// the storage to <c>torch.storage._load_from_bytes(b)</c>, where <c>b</c> is the storage written by
/// <c>torch.save(..., _use_new_zipfile_serialization=False)</c>: PyTorch's legacy format (torch/serialization.py,
/// <c>_legacy_save</c>), a sequence of pickles — magic number, protocol version, system info, the object (a
/// persistent id <c>('storage', storage_type, key, location, numel, view_metadata)</c>), the list of storage keys —
/// followed, for each key, by an 8-byte little-endian element count and the raw little-endian elements. DECA's
/// <c>landmark_embedding.npy</c> holds its dynamic contour tables this way.
/// </summary>
internal static class TorchLegacyStorage
{
    /// <summary>A storage: the element type and its raw bytes.</summary>
    internal sealed class Storage(NpyDType dtype, string key, long count)
    {
        public NpyDType DType { get; } = dtype;

        public string Key { get; } = key;

        public long Count { get; } = count;

        public ReadOnlyMemory<byte> Data { get; set; }
    }

    /// <summary><c>torch.storage._load_from_bytes(b)</c>.</summary>
    public static Storage LoadFromBytes(object? argument, string? source)
    {
        if (argument is not PyBytes bytes)
        {
            throw new PythonDataException($"torch.storage._load_from_bytes got a {PyValue.Describe(argument)}; expected bytes", source);
        }

        ReadOnlyMemory<byte> data = bytes.Value;
        if (data.Length > 1 && data.Span[0] == 'P' && data.Span[1] == 'K')
        {
            throw new PythonDataException("a PyTorch storage in the zip serialization format; expected the legacy format that pickled tensors use", source);
        }

        var storages = new List<Storage>();
        object? Persistent(object? pid)
        {
            // ('storage', storage_type, key, location, numel, view_metadata)
            if (pid is not PyTuple { Count: >= 5 } t || PyValue.AsString(t[0], "persistent id tag") != "storage" || t[1] is not PyGlobal { Kind: PyGlobalKind.TorchStorageType } type)
            {
                throw new PythonDataException($"a PyTorch persistent id is a {PyValue.Describe(pid)}; expected ('storage', torch.<Type>Storage, key, location, size, view)", source);
            }

            if (t.Count > 5 && t[5] is not null)
            {
                throw new PythonDataException("a PyTorch storage view; expected whole storages", source);
            }

            long count = PyValue.AsInt64(t[4], "storage size");
            NpyDType dtype = PickleGlobals.TorchStorageTypes[type.Name];
            if (count < 0 || count * dtype.ItemSize > data.Length)
            {
                throw new PythonDataException($"a PyTorch storage of {count} {type.Name} elements is larger than its {data.Length}-byte record", source);
            }

            var storage = new Storage(dtype, PyValue.AsString(t[2], "storage key"), count);
            storages.Add(storage);
            return storage;
        }

        int at = 0;
        for (int i = 0; i < 3; i++)
        {
            // Magic number, protocol version, system info (little_endian, type sizes): checked loosely.
            (object? header, at) = PickleReader.ReadAt(data, at, source, null);
            if (i == 2 && header is PyDict info && info.TryGetValue("little_endian", out object? little) && little is false)
            {
                throw new PythonDataException("a big-endian PyTorch storage; expected one saved on a little-endian machine", source);
            }
        }

        (object? value, at) = PickleReader.ReadAt(data, at, source, Persistent);
        (object? keysValue, at) = PickleReader.ReadAt(data, at, source, null);
        if (value is not Storage result || keysValue is not List<object?> keys)
        {
            throw new PythonDataException("a PyTorch legacy record does not hold one storage and its key list", source);
        }

        foreach (object? keyValue in keys)
        {
            string key = PyValue.AsString(keyValue, "storage key");
            if (data.Length - at < 8)
            {
                throw new PythonDataException("a PyTorch storage record ends before its element count (truncated)", source);
            }

            long count = BinaryPrimitives.ReadInt64LittleEndian(data.Span[at..]);
            at += 8;
            Storage? storage = storages.Find(s => s.Key == key);
            if (storage is null || count != storage.Count || count * storage.DType.ItemSize > data.Length - at)
            {
                throw new PythonDataException($"PyTorch storage '{key}' declares {count} elements, which do not match its persistent id or the bytes that remain", source);
            }

            int length = (int)(count * storage.DType.ItemSize);
            storage.Data = data.Slice(at, length);
            at += length;
        }

        return result.Data.Length == result.Count * result.DType.ItemSize
            ? result
            : throw new PythonDataException("a PyTorch storage's data are missing", source);
    }

    /// <summary><c>torch._utils._rebuild_tensor_v2(storage, storage_offset, size, stride, ...)</c> as a NumPy array.</summary>
    public static NdArray RebuildTensor(PyTuple args, string? source)
    {
        if (args.Count < 4 || args[0] is not Storage storage)
        {
            throw new PythonDataException("torch._utils._rebuild_tensor_v2 needs (storage, offset, size, stride, ...)", source);
        }

        long offset = PyValue.AsInt64(args[1], "tensor storage offset");
        int[] size = [.. Items(args[2], source).Select(v => PyValue.AsInt32(v, "tensor size"))];
        long[] stride = [.. Items(args[3], source).Select(v => PyValue.AsInt64(v, "tensor stride"))];
        long count = NdArray.ElementCount(size);
        if (stride.Length != size.Length || count < 0 || offset < 0)
        {
            throw new PythonDataException("a tensor's size and stride disagree", source);
        }

        // Check the extreme element against the storage, then gather in C order (tensors may be strided views).
        long last = offset;
        for (int a = 0; a < size.Length; a++)
        {
            if (stride[a] < 0)
            {
                throw new PythonDataException("a tensor with a negative stride", source);
            }

            last += size[a] == 0 ? 0 : (size[a] - 1) * stride[a];
        }

        if (count > 0 && last >= storage.Count)
        {
            throw new PythonDataException($"a tensor of size ({string.Join(", ", size)}) reaches element {last} of a {storage.Count}-element storage", source);
        }

        int item = storage.DType.ItemSize;
        var bytes = new byte[count * item];
        ReadOnlySpan<byte> from = storage.Data.Span;
        Span<int> index = stackalloc int[size.Length];
        for (long i = 0; i < count; i++)
        {
            long element = offset;
            for (int a = 0; a < size.Length; a++)
            {
                element += index[a] * stride[a];
            }

            from.Slice((int)(element * item), item).CopyTo(bytes.AsSpan((int)(i * item), item));
            for (int a = size.Length - 1; a >= 0; a--)
            {
                if (++index[a] < size[a])
                {
                    break;
                }

                index[a] = 0;
            }
        }

        return new NdArray(size, storage.DType, false, bytes);
    }

    private static IReadOnlyList<object?> Items(object? value, string? source) => value switch
    {
        PyTuple t => t.Items,
        List<object?> l => l,
        _ => throw new PythonDataException($"a tensor size or stride is a {PyValue.Describe(value)}; expected a tuple", source),
    };
}
