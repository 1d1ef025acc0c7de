using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Facebench.Contracts;

namespace Facebench.Landmarks.Ert;

/// <summary>
/// Reads dlib's portable serialization (docs/dlib-shape-predictor.md §a): integers as a control byte
/// (low nibble = payload length 1..8, bit 0x80 = negative, bits 0x70 zero) plus a little-endian magnitude, and
/// floats as a mantissa integer then an exponent integer. Every read is bounds-checked; every failure is a
/// <see cref="PluginInputException"/> saying where in the file it happened.
/// </summary>
internal ref struct DlibReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly string? _origin;
    private int _pos;

    public DlibReader(ReadOnlySpan<byte> data, string? origin)
    {
        _data = data;
        _origin = origin;
        _pos = 0;
    }

    /// <summary>Bytes consumed so far.</summary>
    public readonly int Position => _pos;

    /// <summary>Bytes left.</summary>
    public readonly int Remaining => _data.Length - _pos;

    /// <summary>Reads a signed integer of at most <paramref name="maxBytes"/> payload bytes (the C++ type's size).</summary>
    public long ReadInt64(string what, int maxBytes = 8)
    {
        int start = _pos;
        if (_pos >= _data.Length)
        {
            throw Fail($"the file ends where {what} should be; it is truncated or not a dlib shape predictor.", start);
        }

        byte control = _data[_pos++];
        int n = control & 0x0F;
        if ((control & 0x70) != 0 || n == 0 || n > maxBytes)
        {
            throw Fail($"bad integer encoding (control byte 0x{control:X2}) for {what}; not a dlib shape predictor file.", start);
        }

        if (n > _data.Length - _pos)
        {
            throw Fail($"the file ends inside {what}; it is truncated.", start);
        }

        ulong magnitude = 0;
        for (int i = 0; i < n; i++)
        {
            magnitude |= (ulong)_data[_pos + i] << (8 * i);
        }

        _pos += n;
        if (magnitude > long.MaxValue)
        {
            throw Fail($"{what} is out of range.", start);
        }

        return (control & 0x80) != 0 ? -(long)magnitude : (long)magnitude;
    }

    /// <summary>Reads an unsigned integer (C++ <c>unsigned long</c>): a set sign bit is an error, as in dlib.</summary>
    public ulong ReadUInt64(string what)
    {
        int start = _pos;
        if (_pos < _data.Length && (_data[_pos] & 0x80) != 0)
        {
            throw Fail($"{what} is negative; not a dlib shape predictor file.", start);
        }

        return (ulong)ReadInt64(what);
    }

    /// <summary>
    /// Reads a vector's element count and checks it against the bytes left, at <paramref name="minElementBytes"/>
    /// each, so that a forged count cannot make the caller allocate more than the file could hold.
    /// </summary>
    public int ReadCount(string what, long minElementBytes)
    {
        int start = _pos;
        ulong count = ReadUInt64(what);
        if (count > int.MaxValue || (long)count * minElementBytes > Remaining)
        {
            throw Fail($"{what} is {count}, more than the {Remaining} bytes left can hold; the file is truncated or corrupt.", start);
        }

        return (int)count;
    }

    /// <summary>Reads a float: mantissa (int64), exponent (int16); value = ldexp((float)mantissa, exponent).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float ReadSingle(string what)
    {
        // Fast path for the common encoding (16 M leaf values): both integers decoded from one unaligned
        // 8-byte load each, a normal-range exponent. Anything else takes the checked general path.
        if (_data.Length - _pos >= 20)
        {
            var s = _data[_pos..];
            byte control = s[0];
            int n = control & 0x0F;
            if ((control & 0x70) == 0 && (uint)(n - 1) < 8u)
            {
                ulong magnitude = BinaryPrimitives.ReadUInt64LittleEndian(s[1..]) & (ulong.MaxValue >> (64 - (8 * n)));
                byte control2 = s[1 + n];
                int n2 = control2 & 0x0F;
                if ((control2 & 0x70) == 0 && (uint)(n2 - 1) < 2u && magnitude <= long.MaxValue)
                {
                    int exponent = n2 == 1 ? s[2 + n] : s[2 + n] | (s[3 + n] << 8);
                    if ((control2 & 0x80) != 0)
                    {
                        exponent = -exponent;
                    }

                    if (exponent is >= -126 and <= 127)
                    {
                        _pos += 2 + n + n2;
                        float m = (control & 0x80) != 0 ? -(float)(long)magnitude : (long)magnitude;
                        // Exact shortcut for ldexp: |m| >= 1 (or 0), so the product with a normal power of two cannot
                        // land in the subnormal range, and a product that overflows gives infinity in both.
                        return m * BitConverter.Int32BitsToSingle((exponent + 127) << 23);
                    }
                }
            }
        }

        return ReadSingleChecked(what);
    }

    private float ReadSingleChecked(string what)
    {
        int start = _pos;
        long mantissa = ReadInt64(what);
        long exponent = ReadInt64(what, maxBytes: 2);
        if (exponent is < short.MinValue or > short.MaxValue)
        {
            throw Fail($"the exponent of {what} is out of range.", start);
        }

        switch (exponent)
        {
            case 32000: return float.PositiveInfinity;
            case 32001: return float.NegativeInfinity;
            case 32002: return float.NaN;
        }

        return MathF.ScaleB(mantissa, (int)exponent);
    }

    /// <summary>Reads a dlib column vector <c>matrix&lt;float,0,1&gt;</c> of exactly <paramref name="length"/> floats into <paramref name="target"/>.</summary>
    public void ReadFloatColumn(string what, int length, Span<float> target)
    {
        int start = _pos;
        long rows = Math.Abs(ReadInt64("a matrix row count"));
        long cols = Math.Abs(ReadInt64("a matrix column count"));
        if (cols != 1 || rows != length)
        {
            throw Fail($"{what} is a {rows}x{cols} matrix, not a column of {length}; the model does not fit together.", start);
        }

        for (int i = 0; i < length; i++)
        {
            target[i] = ReadSingle(what);
        }
    }

    /// <summary>Reads a column vector's length without its elements (for the first one, which fixes the shape size).</summary>
    public int ReadColumnLength(string what)
    {
        int start = _pos;
        long rows = Math.Abs(ReadInt64("a matrix row count"));
        long cols = Math.Abs(ReadInt64("a matrix column count"));
        if (cols != 1 || rows <= 0 || rows > Remaining / 4)
        {
            throw Fail($"{what} is a {rows}x{cols} matrix; expected a non-empty column the file can hold.", start);
        }

        return (int)rows;
    }

    /// <summary>An error at a byte offset.</summary>
    public readonly PluginInputException Fail(string message, int at) =>
        new($"{message} (at byte {at} of {_data.Length})", _origin);
}
