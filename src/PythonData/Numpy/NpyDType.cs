using System.Globalization;

namespace Facebench.PythonData.Numpy;

/// <summary>
/// A NumPy scalar type as the array-interface protocol spells it (NumPy's <c>dtype.str</c>, used in the .npy
/// header's <c>descr</c> and, without the byte-order character, in pickled dtypes): a byte order (<c>&lt;</c> little,
/// <c>&gt;</c> big, <c>|</c> not applicable), a kind (<c>b</c> bool, <c>i</c> signed, <c>u</c> unsigned, <c>f</c>
/// float, <c>c</c> complex, <c>O</c> object, <c>S</c>/<c>U</c>/<c>V</c> bytes, text, void) and an item size in bytes.
/// Structured (record) dtypes are not represented: model files do not use them.
/// </summary>
/// <param name="Kind">The kind character.</param>
/// <param name="ItemSize">Bytes per element (for <c>U</c>, four per character).</param>
/// <param name="BigEndian">True when multi-byte elements are stored most significant byte first.</param>
public sealed record NpyDType(char Kind, int ItemSize, bool BigEndian)
{
    /// <summary>True for the kinds that convert to numbers: bool, signed, unsigned, float.</summary>
    public bool IsRealNumeric => Kind switch
    {
        'b' => ItemSize == 1,
        'i' or 'u' => ItemSize is 1 or 2 or 4 or 8,
        'f' => ItemSize is 2 or 4 or 8,
        _ => false,
    };

    /// <summary>True for the object kind: elements are Python objects (pickled), not bytes.</summary>
    public bool IsObject => Kind == 'O';

    /// <summary>Parses a descriptor such as <c>&lt;f8</c>, <c>|b1</c>, <c>&gt;i4</c>, <c>|O</c> or <c>f8</c> (native order).</summary>
    /// <exception cref="FormatException">Not a simple dtype descriptor.</exception>
    public static NpyDType Parse(string descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        string s = descriptor;
        bool big = false;
        if (s.Length > 0 && s[0] is '<' or '>' or '|' or '=')
        {
            big = s[0] == '>';
            s = s[1..];
        }

        if (s.Length == 0 || !char.IsAsciiLetter(s[0]))
        {
            throw new FormatException($"'{descriptor}' is not a NumPy dtype descriptor such as '<f8'.");
        }

        char kind = s[0];
        int size;
        if (s.Length == 1)
        {
            // '|O' (object) and '?' style one-letter codes: object pointers are 8 bytes on the 64-bit builds that wrote them.
            size = kind switch
            {
                'O' => 8,
                'b' => 1,
                _ => throw new FormatException($"'{descriptor}' has no item size; expected e.g. '{kind}8'."),
            };
        }
        else if (!int.TryParse(s.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out size) || size <= 0 || size > (1 << 20))
        {
            throw new FormatException($"'{descriptor}' has an invalid item size.");
        }

        if (kind == '?')
        {
            kind = 'b';
        }

        if (kind is not ('b' or 'i' or 'u' or 'f' or 'c' or 'O' or 'S' or 'U' or 'V' or 'M' or 'm'))
        {
            throw new FormatException($"'{descriptor}' has the unknown kind '{kind}'.");
        }

        // The byte order only matters for multi-byte elements; U is stored as UCS-4 in the given order.
        return new NpyDType(kind, kind == 'U' ? checked(size * 4) : size, big && size > 1);
    }

    /// <summary>The descriptor in .npy form, e.g. <c>&lt;f8</c>.</summary>
    public override string ToString() => Kind switch
    {
        'O' => "|O",
        'U' => $"{(BigEndian ? '>' : '<')}U{ItemSize / 4}",
        _ when ItemSize == 1 => $"|{Kind}1",
        _ => $"{(BigEndian ? '>' : '<')}{Kind}{ItemSize}",
    };
}
