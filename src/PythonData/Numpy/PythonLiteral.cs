using System.Globalization;
using System.Text;

namespace Facebench.PythonData.Numpy;

/// <summary>
/// Parses the small subset of Python literal syntax that a .npy header uses (NEP 1: the header is
/// <c>repr()</c> of a dict with keys <c>descr</c>, <c>fortran_order</c> and <c>shape</c>): dicts, tuples, lists,
/// quoted strings, integers, <c>True</c>, <c>False</c>, <c>None</c>. Nesting is capped so that a hostile header cannot
/// exhaust the stack.
/// </summary>
internal ref struct PythonLiteral
{
    private const int MaxDepth = 16;
    private readonly ReadOnlySpan<char> _text;
    private int _at;

    private PythonLiteral(ReadOnlySpan<char> text)
    {
        _text = text;
        _at = 0;
    }

    /// <summary>Parses one literal: dict → <see cref="Dictionary{TKey, TValue}"/> (string keys), tuple/list → <c>List&lt;object?&gt;</c>, str, long, bool, null.</summary>
    /// <exception cref="FormatException">Not a literal of that subset.</exception>
    public static object? Parse(ReadOnlySpan<char> text)
    {
        var parser = new PythonLiteral(text);
        object? value = parser.Value(0);
        parser.SkipSpace();
        if (parser._at != text.Length)
        {
            throw new FormatException($"unexpected text after the literal at character {parser._at}");
        }

        return value;
    }

    private object? Value(int depth)
    {
        if (depth > MaxDepth)
        {
            throw new FormatException("literal nested too deeply");
        }

        SkipSpace();
        if (_at >= _text.Length)
        {
            throw new FormatException("unexpected end of the literal");
        }

        char c = _text[_at];
        switch (c)
        {
            case '{':
                return Dict(depth);
            case '(':
                return Sequence(')', depth);
            case '[':
                return Sequence(']', depth);
            case '\'' or '"':
                return Text();
        }

        if (c == '-' || char.IsAsciiDigit(c))
        {
            int start = _at;
            _at++;
            while (_at < _text.Length && char.IsAsciiDigit(_text[_at]))
            {
                _at++;
            }

            // Python 2 headers may write shapes as longs: (3L, 4L).
            ReadOnlySpan<char> digits = _text[start.._at];
            if (_at < _text.Length && _text[_at] is 'L' or 'l')
            {
                _at++;
            }

            return long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v)
                ? v
                : throw new FormatException($"'{digits}' is not a 64-bit integer");
        }

        foreach ((string word, object? value) in new (string, object?)[] { ("True", true), ("False", false), ("None", null) })
        {
            if (_text[_at..].StartsWith(word, StringComparison.Ordinal))
            {
                _at += word.Length;
                return value;
            }
        }

        throw new FormatException($"unexpected character '{c}' at {_at}");
    }

    private Dictionary<string, object?> Dict(int depth)
    {
        _at++; // {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (true)
        {
            SkipSpace();
            if (Peek() == '}')
            {
                _at++;
                return result;
            }

            if (Value(depth + 1) is not string key)
            {
                throw new FormatException("dict keys must be strings");
            }

            SkipSpace();
            Expect(':');
            result[key] = Value(depth + 1);
            SkipSpace();
            if (Peek() == ',')
            {
                _at++;
            }
            else if (Peek() != '}')
            {
                throw new FormatException($"expected ',' or '}}' at {_at}");
            }
        }
    }

    private List<object?> Sequence(char close, int depth)
    {
        _at++;
        var items = new List<object?>();
        while (true)
        {
            SkipSpace();
            if (Peek() == close)
            {
                _at++;
                return items;
            }

            items.Add(Value(depth + 1));
            SkipSpace();
            if (Peek() == ',')
            {
                _at++;
            }
            else if (Peek() != close)
            {
                throw new FormatException($"expected ',' or '{close}' at {_at}");
            }
        }
    }

    private string Text()
    {
        char quote = _text[_at++];
        var sb = new StringBuilder();
        while (_at < _text.Length && _text[_at] != quote)
        {
            char c = _text[_at++];
            if (c == '\\' && _at < _text.Length)
            {
                c = _text[_at++];
            }

            sb.Append(c);
        }

        Expect(quote);
        return sb.ToString();
    }

    private char Peek() => _at < _text.Length ? _text[_at] : '\0';

    private void Expect(char c)
    {
        if (Peek() != c)
        {
            throw new FormatException($"expected '{c}' at {_at}");
        }

        _at++;
    }

    private void SkipSpace()
    {
        while (_at < _text.Length && char.IsWhiteSpace(_text[_at]))
        {
            _at++;
        }
    }
}
