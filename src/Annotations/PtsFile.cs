using System.Globalization;
using Facebench.Contracts;

namespace Facebench.Annotations;

/// <summary>
/// The iBUG <c>.pts</c> landmark format (300-W): a <c>version:</c> line, <c>n_points:</c>, then the points
/// between braces, one <c>x y</c> per line, in 1-based pixel coordinates (the top-left pixel's centre is (1,1)).
/// Points are returned in Facebench's 0-based convention.
/// </summary>
public static class PtsFile
{
    /// <summary>Reads a .pts file.</summary>
    /// <exception cref="PluginInputException">The file is missing or malformed; the message names the line.</exception>
    public static Point2[] Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new PluginInputException("landmark file not found.", path);
        }

        return Parse(File.ReadAllLines(path), path);
    }

    /// <summary>Parses the lines of a .pts file; <paramref name="origin"/> names it in errors.</summary>
    public static Point2[] Parse(IReadOnlyList<string> lines, string origin)
    {
        int? declared = null;
        int i = 0;
        for (; i < lines.Count; i++)
        {
            string line = lines[i].Trim();
            if (line.StartsWith("n_points", StringComparison.OrdinalIgnoreCase))
            {
                string count = line[(line.IndexOf(':') + 1)..].Trim();
                if (!int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n <= 0 || n > 100_000)
                {
                    throw new PluginInputException($"line {i + 1}: n_points '{count}' is not a positive count.", origin);
                }

                declared = n;
            }
            else if (line == "{")
            {
                break;
            }
        }

        if (declared is null || i == lines.Count)
        {
            throw new PluginInputException("not a .pts file: expected 'n_points: N' and a '{' line before the points.", origin);
        }

        var points = new List<Point2>(declared.Value);
        for (i++; i < lines.Count; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line == "}")
            {
                if (points.Count != declared)
                {
                    throw new PluginInputException($"n_points says {declared} but {points.Count} points are listed.", origin);
                }

                return [.. points];
            }

            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2
                || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double x)
                || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double y))
            {
                throw new PluginInputException($"line {i + 1}: expected 'x y', found '{line}'.", origin);
            }

            points.Add(new Point2(x - 1, y - 1));
        }

        throw new PluginInputException("the point list is not closed with '}'; the file is truncated.", origin);
    }
}
