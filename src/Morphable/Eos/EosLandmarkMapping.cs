using System.Globalization;
using Facebench.Contracts;

namespace Facebench.Morphable.Eos;

/// <summary>
/// eos's landmark mapping file (<c>ibug_to_sfm.txt</c>, TOML): <c>[landmark_mappings]</c> lines
/// <c>ibug_id = vertex_index</c> with 1-based iBUG ids and 0-based vertex indices, and <c>[contour_landmarks]</c>
/// arrays <c>right = [1, …, 8]</c>, <c>left = [10, …, 17]</c> naming the jaw-line landmarks that are fitted to the model
/// contour instead of a fixed vertex. Stored here 0-based, as the iBUG scheme is everywhere else in Facebench.
/// </summary>
/// <param name="Vertices">0-based iBUG index → vertex index, for the mapped (static) points.</param>
/// <param name="RightContourLandmarks">0-based iBUG indices of the right contour (eos default 0..7).</param>
/// <param name="LeftContourLandmarks">0-based iBUG indices of the left contour (eos default 9..16).</param>
public sealed record EosLandmarkMapping(
    IReadOnlyDictionary<int, int> Vertices,
    IReadOnlyList<int> RightContourLandmarks,
    IReadOnlyList<int> LeftContourLandmarks)
{
    private const string Expected = "an eos landmark mapping in TOML form ([landmark_mappings] lines 'ibug_id = vertex')";

    /// <summary>eos's contour landmarks when the file has no <c>[contour_landmarks]</c> table: iBUG 1–8 and 10–17, 1-based.</summary>
    public static readonly IReadOnlyList<int> DefaultRightContour = [0, 1, 2, 3, 4, 5, 6, 7];

    /// <inheritdoc cref="DefaultRightContour"/>
    public static readonly IReadOnlyList<int> DefaultLeftContour = [9, 10, 11, 12, 13, 14, 15, 16];

    /// <summary>Reads a mapping file. Only the subset of TOML that eos's files use is understood.</summary>
    /// <param name="path">The file.</param>
    /// <param name="vertexCount">The model's vertex count, to check the indices.</param>
    /// <exception cref="PluginInputException">Missing file, malformed line, out-of-range id or vertex.</exception>
    public static EosLandmarkMapping Read(string path, int vertexCount)
    {
        if (!File.Exists(path))
        {
            throw new PluginInputException($"file not found; expected {Expected}", path);
        }

        var vertices = new SortedDictionary<int, int>();
        List<int>? right = null, left = null;
        string section = "";
        string[] lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            string line = StripComment(lines[i]).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line[0] == '[')
            {
                section = line.Trim('[', ']', ' ');
                continue;
            }

            int eq = line.IndexOf('=');
            if (eq < 0)
            {
                throw Error(path, i + 1, $"'{line}' is not a 'key = value' line");
            }

            string key = line[..eq].Trim().Trim('"');
            string value = line[(eq + 1)..].Trim();
            switch (section)
            {
                case "landmark_mappings":
                    int ibug = ParseIbugId(key, path, i + 1);
                    if (!int.TryParse(value.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out int vertex) || vertex >= vertexCount)
                    {
                        throw Error(path, i + 1, $"'{value}' is not a vertex index in [0, {vertexCount})");
                    }

                    if (!vertices.TryAdd(ibug, vertex))
                    {
                        throw Error(path, i + 1, $"iBUG landmark {ibug + 1} is mapped twice");
                    }

                    break;
                case "contour_landmarks":
                    // A TOML array may span lines: gather until the closing bracket.
                    while (!value.Contains(']', StringComparison.Ordinal) && i + 1 < lines.Length)
                    {
                        value += " " + StripComment(lines[++i]).Trim();
                    }

                    List<int> ids = ParseIdArray(value, path, i + 1);
                    if (key == "right")
                    {
                        right = ids;
                    }
                    else if (key == "left")
                    {
                        left = ids;
                    }

                    break;
            }
        }

        if (vertices.Count == 0)
        {
            throw new PluginInputException($"no landmark mappings found; expected {Expected}", path);
        }

        return new EosLandmarkMapping(vertices, right ?? DefaultRightContour, left ?? DefaultLeftContour);
    }

    private static int ParseIbugId(string text, string path, int line)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int id) || id is < 1 or > 68)
        {
            throw Error(path, line, $"'{text}' is not an iBUG landmark id in 1..68");
        }

        return id - 1;
    }

    private static List<int> ParseIdArray(string value, string path, int line)
    {
        int open = value.IndexOf('['), close = value.IndexOf(']');
        if (open < 0 || close < open)
        {
            throw Error(path, line, $"'{value}' is not an array [a, b, …]");
        }

        return [.. value[(open + 1)..close]
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => ParseIbugId(t.Trim('"'), path, line))];
    }

    private static string StripComment(string line)
    {
        int hash = line.IndexOf('#');
        return hash < 0 ? line : line[..hash];
    }

    private static PluginInputException Error(string path, int line, string detail) => new($"line {line}: {detail}; expected {Expected}", path);
}
