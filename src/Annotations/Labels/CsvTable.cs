using Facebench.Contracts;

namespace Facebench.Annotations.Labels;

/// <summary>One data row of a <see cref="CsvTable"/>: its fields and the 1-based line it starts on (for errors).</summary>
/// <param name="Line">The line of the file the row starts on.</param>
/// <param name="Fields">The fields, unquoted.</param>
public sealed record CsvRow(int Line, IReadOnlyList<string> Fields);

/// <summary>
/// A comma-separated table with a header row, read as RFC 4180 describes it: fields may be quoted with <c>"</c>,
/// a quoted field may hold commas, line breaks and doubled quotes. A UTF-8 byte-order mark is skipped, blank lines
/// are ignored. A header without names, a duplicate column, an unterminated quote or a row whose field count differs
/// from the header's is an error naming the file and line: label files are hand-edited, and a silently shifted
/// column would put every label of a row on the wrong attribute.
/// </summary>
public sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;

    private CsvTable(string origin, IReadOnlyList<string> header, IReadOnlyList<CsvRow> rows, Dictionary<string, int> columns)
    {
        Origin = origin;
        Header = header;
        Rows = rows;
        _columns = columns;
    }

    /// <summary>The file the table came from (named in errors).</summary>
    public string Origin { get; }

    /// <summary>Column names, in file order.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>The data rows, in file order.</summary>
    public IReadOnlyList<CsvRow> Rows { get; }

    /// <summary>Reads a CSV file.</summary>
    /// <exception cref="PluginInputException">Missing or malformed file; the message names the file and line.</exception>
    public static CsvTable Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new PluginInputException("label file not found.", path);
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses CSV text; <paramref name="origin"/> names it in errors.</summary>
    /// <exception cref="PluginInputException">Malformed text; the message names the line.</exception>
    public static CsvTable Parse(string text, string origin)
    {
        var records = SplitRecords(text, origin);
        if (records.Count == 0)
        {
            throw new PluginInputException("the file is empty; expected a header row naming the columns.", origin);
        }

        var header = records[0];
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < header.Fields.Count; c++)
        {
            string name = header.Fields[c].Trim();
            if (name.Length == 0)
            {
                throw new PluginInputException($"line {header.Line}: column {c + 1} of the header has no name.", origin);
            }

            if (!columns.TryAdd(name, c))
            {
                throw new PluginInputException($"line {header.Line}: column '{name}' appears twice in the header.", origin);
            }
        }

        var rows = records.Skip(1).ToList();
        foreach (var row in rows)
        {
            if (row.Fields.Count != header.Fields.Count)
            {
                throw new PluginInputException(
                    $"line {row.Line}: {row.Fields.Count} fields, but the header has {header.Fields.Count} ({string.Join(",", header.Fields)}).", origin);
            }
        }

        return new CsvTable(origin, [.. header.Fields.Select(f => f.Trim())], rows, columns);
    }

    /// <summary>True when the header has the column.</summary>
    public bool HasColumn(string name) => _columns.ContainsKey(name);

    /// <summary>The index of a column.</summary>
    /// <exception cref="PluginInputException">No such column; the message lists the ones there are.</exception>
    public int Column(string name) => _columns.TryGetValue(name, out int index)
        ? index
        : throw new PluginInputException($"no column '{name}' in the header; the columns are: {string.Join(", ", Header)}.", Origin);

    private static List<CsvRow> SplitRecords(string text, string origin)
    {
        var records = new List<CsvRow>();
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        int line = 1;
        int recordLine = 1;
        bool quoted = false;
        bool fieldWasQuoted = false;
        int quoteLine = 0;
        int i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        for (; i < text.Length; i++)
        {
            char ch = text[i];
            if (quoted)
            {
                if (ch == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    line += ch == '\n' ? 1 : 0;
                    field.Append(ch);
                }

                continue;
            }

            switch (ch)
            {
                case '"' when field.Length == 0 && !fieldWasQuoted:
                    quoted = true;
                    fieldWasQuoted = true;
                    quoteLine = line;
                    break;
                case '"':
                    throw new PluginInputException($"line {line}: a quote inside an unquoted field; quote the whole field and double the quote (\"\").", origin);
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldWasQuoted = false;
                    break;
                case '\r':
                    break;
                case '\n':
                    EndRecord();
                    line++;
                    recordLine = line;
                    break;
                default:
                    if (fieldWasQuoted)
                    {
                        throw new PluginInputException($"line {line}: text after a closing quote.", origin);
                    }

                    field.Append(ch);
                    break;
            }
        }

        if (quoted)
        {
            throw new PluginInputException($"line {quoteLine}: a quoted field is not closed before the end of the file.", origin);
        }

        EndRecord();
        return records;

        void EndRecord()
        {
            fields.Add(field.ToString());
            field.Clear();
            fieldWasQuoted = false;
            bool blank = fields.Count == 1 && fields[0].Trim().Length == 0;
            if (!blank)
            {
                records.Add(new CsvRow(recordLine, [.. fields]));
            }

            fields.Clear();
        }
    }
}
