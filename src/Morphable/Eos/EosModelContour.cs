using System.Text.Json;
using Facebench.Contracts;

namespace Facebench.Morphable.Eos;

/// <summary>
/// eos's model contour file (<c>sfm_model_contours.json</c>): <c>{"model_contour": {"right_contour": [...],
/// "left_contour": [...]}}</c>, the vertex indices along the right and left face outline, from the top of the jaw
/// (temple side) down towards the chin. eos matches each 2D jaw-line landmark to the nearest of these projected vertices.
/// </summary>
/// <param name="Right">Vertex indices along the subject's right outline.</param>
/// <param name="Left">Vertex indices along the subject's left outline.</param>
public sealed record EosModelContour(IReadOnlyList<int> Right, IReadOnlyList<int> Left)
{
    private const string Expected = "an eos model contour file ({\"model_contour\": {\"right_contour\": [...], \"left_contour\": [...]}})";

    /// <summary>Reads a contour file and checks the vertex indices.</summary>
    /// <exception cref="PluginInputException">Missing file, wrong structure, or an index outside the model.</exception>
    public static EosModelContour Read(string path, int vertexCount)
    {
        if (!File.Exists(path))
        {
            throw new PluginInputException($"file not found; expected {Expected}", path);
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
            if (!document.RootElement.TryGetProperty("model_contour", out JsonElement contour))
            {
                throw new PluginInputException($"no 'model_contour' object; expected {Expected}", path);
            }

            return new EosModelContour(ReadList(contour, "right_contour", path, vertexCount), ReadList(contour, "left_contour", path, vertexCount));
        }
        catch (JsonException e)
        {
            throw new PluginInputException($"not valid JSON ({e.Message}); expected {Expected}", path, e);
        }
    }

    private static List<int> ReadList(JsonElement contour, string name, string path, int vertexCount)
    {
        if (!contour.TryGetProperty(name, out JsonElement array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new PluginInputException($"no '{name}' array; expected {Expected}", path);
        }

        var result = new List<int>(array.GetArrayLength());
        foreach (JsonElement item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out int v) || v < 0 || v >= vertexCount)
            {
                throw new PluginInputException($"'{name}' holds {item.GetRawText()}, not a vertex index in [0, {vertexCount})", path);
            }

            result.Add(v);
        }

        return result;
    }
}
