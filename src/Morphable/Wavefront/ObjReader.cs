using System.Globalization;
using Facebench.Contracts;

namespace Facebench.Morphable.Wavefront;

/// <summary>
/// Reads the geometry of a Wavefront OBJ file: <c>v</c>, <c>vt</c> and <c>f</c> lines (faces as <c>v</c>,
/// <c>v/vt</c>, <c>v//vn</c> or <c>v/vt/vn</c>, negative indices relative to the end, polygons fan-triangulated).
/// Everything else (normals, groups, materials) is ignored. Enough to compare a model against a reference mesh.
/// </summary>
public static class ObjReader
{
    /// <summary>Reads an OBJ file.</summary>
    /// <exception cref="PluginInputException">The file is missing or a line is malformed; the message names the file and line.</exception>
    public static ObjMesh Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new PluginInputException("file not found; expected a Wavefront OBJ mesh", path);
        }

        var positions = new List<float>();
        var uvs = new List<float>();
        var triangles = new List<int>();
        var corners = new List<int>();
        int lineNumber = 0;
        foreach (string raw in File.ReadLines(path))
        {
            lineNumber++;
            ReadOnlySpan<char> line = raw.AsSpan().Trim();
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }

            string[] parts = line.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            switch (parts[0])
            {
                case "v":
                    ReadFloats(parts, 3, positions, path, lineNumber);
                    break;
                case "vt":
                    ReadFloats(parts, 2, uvs, path, lineNumber);
                    break;
                case "f":
                    corners.Clear();
                    for (int i = 1; i < parts.Length; i++)
                    {
                        corners.Add(ReadVertexIndex(parts[i], positions.Count / 3, path, lineNumber));
                    }

                    if (corners.Count < 3)
                    {
                        throw new PluginInputException($"line {lineNumber}: a face needs at least 3 vertices", path);
                    }

                    for (int i = 1; i + 1 < corners.Count; i++)
                    {
                        triangles.Add(corners[0]);
                        triangles.Add(corners[i]);
                        triangles.Add(corners[i + 1]);
                    }

                    break;
            }
        }

        return new ObjMesh([.. positions], [.. triangles], [.. uvs]);
    }

    private static void ReadFloats(string[] parts, int count, List<float> into, string path, int lineNumber)
    {
        if (parts.Length < count + 1)
        {
            throw new PluginInputException($"line {lineNumber}: '{parts[0]}' needs {count} numbers", path);
        }

        for (int i = 1; i <= count; i++)
        {
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out float value))
            {
                throw new PluginInputException($"line {lineNumber}: '{parts[i]}' is not a number", path);
            }

            into.Add(value);
        }
    }

    private static int ReadVertexIndex(string corner, int vertexCount, string path, int lineNumber)
    {
        int slash = corner.IndexOf('/');
        string text = slash < 0 ? corner : corner[..slash];
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int index) || index == 0)
        {
            throw new PluginInputException($"line {lineNumber}: '{corner}' is not a vertex reference", path);
        }

        // OBJ indices are 1-based; negative ones count back from the last vertex read so far.
        int zeroBased = index > 0 ? index - 1 : vertexCount + index;
        if ((uint)zeroBased >= (uint)vertexCount)
        {
            throw new PluginInputException($"line {lineNumber}: vertex {index} is not defined (the file has {vertexCount} vertices so far)", path);
        }

        return zeroBased;
    }
}
