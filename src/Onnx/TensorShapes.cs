using System.Globalization;

namespace Facebench.Onnx;

/// <summary>Helpers for tensor shapes: their text form in messages and their element counts.</summary>
public static class TensorShapes
{
    /// <summary>The shape as messages show it, e.g. <c>[1,3,112,112]</c>.</summary>
    public static string Format(ReadOnlySpan<long> shape)
    {
        var parts = new string[shape.Length];
        for (int i = 0; i < shape.Length; i++)
        {
            parts[i] = shape[i].ToString(CultureInfo.InvariantCulture);
        }

        return "[" + string.Join(",", parts) + "]";
    }

    /// <summary>The number of elements of a shape (1 for a scalar).</summary>
    /// <exception cref="ArgumentException">A dimension is negative.</exception>
    /// <exception cref="OverflowException">The count does not fit 64 bits.</exception>
    public static long ElementCount(ReadOnlySpan<long> shape)
    {
        long count = 1;
        foreach (long d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"tensor dimensions must be 0 or more; the shape is {Format(shape)}.", nameof(shape));
            }

            count = checked(count * d);
        }

        return count;
    }
}
