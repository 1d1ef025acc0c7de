using System.Text.Json;
using System.Text.Json.Serialization;

namespace Facebench.Contracts;

/// <summary>
/// A point in image coordinates: pixels, (0,0) at the centre of the top-left pixel, x right, y down.
/// Missing points (a landmark that is not annotated or not visible) are NaN. Serialised as <c>[x, y]</c>.
/// </summary>
[JsonConverter(typeof(Point2JsonConverter))]
public readonly record struct Point2(double X, double Y)
{
    /// <summary>A point with both coordinates NaN: "no observation".</summary>
    public static Point2 Missing => new(double.NaN, double.NaN);

    /// <summary>True when both coordinates are finite numbers.</summary>
    public bool IsValid => double.IsFinite(X) && double.IsFinite(Y);

    /// <summary>Euclidean distance to another point.</summary>
    public double DistanceTo(Point2 other) => Math.Sqrt(((X - other.X) * (X - other.X)) + ((Y - other.Y) * (Y - other.Y)));
}

/// <summary>An axis-aligned box in image coordinates (pixels): left, top, width, height.</summary>
public readonly record struct BoundingBox(double X, double Y, double Width, double Height)
{
    /// <summary>Right edge, <c>X + Width</c>.</summary>
    [JsonIgnore]
    public double Right => X + Width;

    /// <summary>Bottom edge, <c>Y + Height</c>.</summary>
    [JsonIgnore]
    public double Bottom => Y + Height;

    /// <summary>Box centre.</summary>
    [JsonIgnore]
    public Point2 Center => new(X + (Width / 2), Y + (Height / 2));
}

/// <summary>Pixel dimensions of an image.</summary>
public readonly record struct ImageSize(int Width, int Height);

/// <summary>Reads and writes <see cref="Point2"/> as a two-element array; NaN as null.</summary>
internal sealed class Point2JsonConverter : JsonConverter<Point2>
{
    public override Point2 Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("A point is written as [x, y].");
        }

        double x = ReadCoordinate(ref reader);
        double y = ReadCoordinate(ref reader);
        if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
        {
            throw new JsonException("A point is written as [x, y].");
        }

        return new Point2(x, y);
    }

    public override void Write(Utf8JsonWriter writer, Point2 value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        WriteCoordinate(writer, value.X);
        WriteCoordinate(writer, value.Y);
        writer.WriteEndArray();
    }

    private static double ReadCoordinate(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("A point is written as [x, y].");
        }

        return reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();
    }

    private static void WriteCoordinate(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(Math.Round(value, 6));
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
