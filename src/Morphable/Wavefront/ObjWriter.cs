using System.Globalization;
using System.Text;
using Facebench.Contracts.Morphable;

namespace Facebench.Morphable.Wavefront;

/// <summary>
/// Writes triangle meshes as Wavefront OBJ text (positions, optional per-vertex texture coordinates, 1-based faces),
/// the format every mesh viewer opens. Numbers use the invariant culture and round-trip float precision.
/// </summary>
public static class ObjWriter
{
    /// <summary>Writes an OBJ file.</summary>
    /// <param name="path">Destination; its folder is created if missing.</param>
    /// <param name="vertices">Positions, interleaved xyz.</param>
    /// <param name="triangles">Vertex-index triples, 0-based.</param>
    /// <param name="textureCoordinates">Per-vertex uv (2N floats) or empty.</param>
    /// <param name="comment">Optional comment lines written at the top (e.g. the model and its coefficients).</param>
    /// <param name="vertexColours">Per-vertex RGB in [0, 1] (3N floats), written after each position (the "v x y z r g b" extension MeshLab and Blender read), or empty.</param>
    /// <param name="material">The material the faces use (<c>mtllib</c> and <c>usemtl</c>), or null.</param>
    public static void Write(string path, ReadOnlySpan<float> vertices, ReadOnlySpan<int> triangles, ReadOnlySpan<float> textureCoordinates = default, string? comment = null, ReadOnlySpan<float> vertexColours = default, ObjMaterial? material = null)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        Write(writer, vertices, triangles, textureCoordinates, comment, vertexColours, material);
    }

    /// <summary>Writes OBJ text to a writer; see <see cref="Write(string, ReadOnlySpan{float}, ReadOnlySpan{int}, ReadOnlySpan{float}, string?, ReadOnlySpan{float}, ObjMaterial?)"/>.</summary>
    public static void Write(TextWriter writer, ReadOnlySpan<float> vertices, ReadOnlySpan<int> triangles, ReadOnlySpan<float> textureCoordinates = default, string? comment = null, ReadOnlySpan<float> vertexColours = default, ObjMaterial? material = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (vertices.Length % 3 != 0 || triangles.Length % 3 != 0)
        {
            throw new ArgumentException("Vertices and triangles come in triples.");
        }

        int n = vertices.Length / 3;
        bool withUv = !textureCoordinates.IsEmpty;
        if (withUv && textureCoordinates.Length != 2 * n)
        {
            throw new ArgumentException($"Texture coordinates are per vertex: expected {2 * n} floats, got {textureCoordinates.Length}.", nameof(textureCoordinates));
        }

        if (!vertexColours.IsEmpty && vertexColours.Length != 3 * n)
        {
            throw new ArgumentException($"Vertex colours are RGB per vertex: expected {3 * n} floats, got {vertexColours.Length}.", nameof(vertexColours));
        }

        writer.NewLine = "\n";
        if (comment is not null)
        {
            foreach (string line in comment.Split('\n'))
            {
                writer.Write("# ");
                writer.WriteLine(line.TrimEnd('\r'));
            }
        }

        if (material is not null)
        {
            writer.WriteLine($"mtllib {material.Library}");
        }

        CultureInfo c = CultureInfo.InvariantCulture;
        for (int i = 0; i < n; i++)
        {
            writer.WriteLine(vertexColours.IsEmpty
                ? string.Create(c, $"v {vertices[3 * i]:R} {vertices[(3 * i) + 1]:R} {vertices[(3 * i) + 2]:R}")
                : string.Create(c, $"v {vertices[3 * i]:R} {vertices[(3 * i) + 1]:R} {vertices[(3 * i) + 2]:R} {vertexColours[3 * i]:0.####} {vertexColours[(3 * i) + 1]:0.####} {vertexColours[(3 * i) + 2]:0.####}"));
        }

        if (withUv)
        {
            for (int i = 0; i < n; i++)
            {
                writer.WriteLine(string.Create(c, $"vt {textureCoordinates[2 * i]:R} {textureCoordinates[(2 * i) + 1]:R}"));
            }
        }

        if (material is not null)
        {
            writer.WriteLine($"usemtl {material.Name}");
        }

        for (int t = 0; t < triangles.Length; t += 3)
        {
            int a = triangles[t] + 1, b = triangles[t + 1] + 1, d = triangles[t + 2] + 1;
            if (withUv)
            {
                // Per-vertex uv: the texture index of each corner is its vertex index.
                writer.WriteLine(string.Create(c, $"f {a}/{a} {b}/{b} {d}/{d}"));
            }
            else
            {
                writer.WriteLine(string.Create(c, $"f {a} {b} {d}"));
            }
        }
    }

    /// <summary>
    /// Evaluates a model instance (<see cref="IMorphableModel.Evaluate"/>) and writes it with the model's triangles
    /// and texture coordinates: what <c>facebench model export</c> does.
    /// </summary>
    public static void WriteInstance(string path, IMorphableModel model, ReadOnlySpan<float> identity = default, ReadOnlySpan<float> expression = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var vertices = new float[3 * model.VertexCount];
        model.Evaluate(identity, expression, vertices);
        string comment = string.Create(
            CultureInfo.InvariantCulture,
            $"{model.Name}\nunit: {model.MillimetresPerUnit} mm per unit; {identity.Length} identity and {expression.Length} expression coefficients (σ units)");
        Write(path, vertices, model.Triangles, model.TextureCoordinates, comment);
    }
}
