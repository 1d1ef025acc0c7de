using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Facebench.Contracts;

namespace Facebench.Host.Running;

/// <summary>
/// <c>results.jsonl</c>: one JSON object per sample, appended and flushed as each sample finishes, so a
/// crash or Ctrl+C loses at most the line being written. A partial last line is dropped on reading.
/// </summary>
public static class ResultsFile
{
    /// <summary>The file name inside a run folder.</summary>
    public const string FileName = "results.jsonl";

    /// <summary>Serialises one sample as a single line (without the newline).</summary>
    public static string ToLine(Sample sample)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = FacebenchJson.Options.Encoder, Indented = false }))
        {
            writer.WriteStartObject();
            writer.WriteString("id", sample.Id);
            writer.WriteNumber("index", sample.Index);
            writer.WriteString("status", sample.Failed ? "failed" : "ok");
            if (sample.ImagePath is not null)
            {
                writer.WriteString("image", sample.ImagePath);
            }

            if (sample.Labels.Count > 0)
            {
                writer.WriteStartObject("labels");
                foreach (var (k, v) in sample.Labels)
                {
                    writer.WriteString(k, v);
                }

                writer.WriteEndObject();
            }

            if (sample.Error is { } error)
            {
                writer.WritePropertyName("error");
                JsonSerializer.Serialize(writer, error, FacebenchJson.Options);
            }

            if (sample.TimingsMs.Count > 0)
            {
                writer.WriteStartObject("timings_ms");
                foreach (var (k, v) in sample.TimingsMs)
                {
                    writer.WriteNumber(k, Math.Round(v, 4));
                }

                writer.WriteEndObject();
            }

            writer.WriteStartObject("facets");
            foreach (var (name, value) in sample.Facets.Entries)
            {
                writer.WritePropertyName(name);
                if (value is JsonElement json)
                {
                    json.WriteTo(writer);
                }
                else
                {
                    JsonSerializer.Serialize(writer, value, value.GetType(), FacebenchJson.Options);
                }
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Parses one line back into a sample; facets stay JSON until a report asks for them.</summary>
    public static Sample FromLine(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var sample = new Sample(root.GetProperty("id").GetString()!)
        {
            Index = root.GetProperty("index").GetInt64(),
            ImagePath = root.TryGetProperty("image", out var image) ? image.GetString() : null,
        };

        if (root.TryGetProperty("labels", out var labels))
        {
            sample = sample with { Labels = labels.EnumerateObject().ToImmutableSortedDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal) };
        }

        if (root.TryGetProperty("error", out var error))
        {
            sample = sample with { Error = error.Deserialize<SampleError>(FacebenchJson.Options) };
        }

        if (root.TryGetProperty("timings_ms", out var timings))
        {
            sample = sample with { TimingsMs = timings.EnumerateObject().ToImmutableSortedDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.Ordinal) };
        }

        var facets = FacetSet.Empty;
        if (root.TryGetProperty("facets", out var facetsJson))
        {
            foreach (var property in facetsJson.EnumerateObject())
            {
                facets = facets.SetJson(property.Name, property.Value);
            }
        }

        return sample with { Facets = facets };
    }

    /// <summary>
    /// Reads every complete record of a results file. A last line without its newline (a write cut short)
    /// is skipped; <paramref name="validLength"/> is the byte length of the complete lines. A malformed line elsewhere is an error.
    /// </summary>
    public static List<Sample> Read(string path, out long validLength)
    {
        var samples = new List<Sample>();
        validLength = 0;
        if (!File.Exists(path))
        {
            return samples;
        }

        byte[] bytes = File.ReadAllBytes(path);
        int start = 0;
        int lineNumber = 0;
        while (start < bytes.Length)
        {
            int end = Array.IndexOf(bytes, (byte)'\n', start);
            if (end < 0)
            {
                break; // partial last line: the write was interrupted
            }

            lineNumber++;
            string line = Encoding.UTF8.GetString(bytes, start, end - start);
            if (line.Trim().Length > 0)
            {
                try
                {
                    samples.Add(FromLine(line));
                }
                catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
                {
                    throw new InvalidDataException($"{path}:{lineNumber}: not a results record: {e.Message}", e);
                }
            }

            start = end + 1;
            validLength = start;
        }

        return samples;
    }
}
