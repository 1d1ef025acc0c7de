using System.Globalization;

namespace Facebench.Plotting;

/// <summary>One axis tick: its position in data units and its label.</summary>
/// <param name="Position">Tick position in data units.</param>
/// <param name="Label">Text written next to the tick.</param>
public readonly record struct Tick(double Position, string Label);

/// <summary>
/// "Nice numbers" tick placement (Heckbert, Graphics Gems 1990, simplified): the tick step is the smallest value of
/// the form {1, 2, 5}·10^k that keeps the number of ticks inside the range at or below the requested maximum.
/// </summary>
public static class TickGenerator
{
    /// <summary>Hard upper bound on the number of ticks the generator will produce.</summary>
    public const int MaxTickCount = 10;

    private static readonly double[] Mantissas = [1, 2, 5];

    /// <summary>
    /// The nice step for ticks between <paramref name="min"/> and <paramref name="max"/> with at most
    /// <paramref name="maxTicks"/> ticks (clamped to 2..<see cref="MaxTickCount"/>). Returns NaN for an empty or
    /// non-finite range.
    /// </summary>
    public static double NiceStep(double min, double max, int maxTicks = MaxTickCount)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || !(max > min))
        {
            return double.NaN;
        }

        maxTicks = Math.Clamp(maxTicks, 2, MaxTickCount);
        double raw = (max - min) / maxTicks;
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)) - 1);
        for (int guard = 0; guard < 8; guard++, magnitude *= 10)
        {
            foreach (double m in Mantissas)
            {
                double step = m * magnitude;
                if (CountTicks(min, max, step) <= maxTicks)
                {
                    return step;
                }
            }
        }

        return max - min; // unreachable for finite input; keeps the method total
    }

    /// <summary>
    /// Ticks at multiples of the nice step that lie within [<paramref name="min"/>, <paramref name="max"/>].
    /// An empty or non-finite range yields no ticks.
    /// </summary>
    public static IReadOnlyList<Tick> Generate(double min, double max, int maxTicks = MaxTickCount)
    {
        double step = NiceStep(min, max, maxTicks);
        if (double.IsNaN(step))
        {
            return [];
        }

        (long first, long last) = TickIndexRange(min, max, step);
        string format = FormatFor(min, max, step);
        var ticks = new List<Tick>((int)(last - first + 1));
        for (long k = first; k <= last; k++)
        {
            double position = k * step;
            ticks.Add(new Tick(position, Format(position, format)));
        }

        return ticks;
    }

    /// <summary>Formats a tick value with just enough decimals for <paramref name="step"/>, in the invariant culture.</summary>
    public static string FormatTick(double value, double step) => Format(value, FormatFor(value - step, value + step, step));

    private static int CountTicks(double min, double max, double step)
    {
        (long first, long last) = TickIndexRange(min, max, step);
        return (int)Math.Min(int.MaxValue, last - first + 1);
    }

    private static (long First, long Last) TickIndexRange(double min, double max, double step)
    {
        // A relative tolerance keeps ticks that sit on the limits despite floating-point noise (e.g. 0.3/0.1).
        const double eps = 1e-9;
        long first = (long)Math.Ceiling((min / step) - eps);
        long last = (long)Math.Floor((max / step) + eps);
        return (first, last);
    }

    /// <summary>
    /// A .NET format string that tells ticks <paramref name="step"/> apart: fixed decimals for ordinary magnitudes,
    /// otherwise exponent notation with as many significant digits as the step needs relative to the largest value.
    /// </summary>
    private static string FormatFor(double min, double max, double step)
    {
        int stepExponent = (int)Math.Floor(Math.Log10(step) + 1e-9);
        double maxAbs = Math.Max(Math.Abs(min), Math.Abs(max));
        if (maxAbs < 1e6 && step >= 1e-4)
        {
            return "F" + Math.Max(0, -stepExponent).ToString(CultureInfo.InvariantCulture);
        }

        int valueExponent = (int)Math.Floor(Math.Log10(maxAbs));
        int significant = Math.Clamp(valueExponent - stepExponent + 1, 1, 15);
        return significant == 1 ? "0e0" : "0." + new string('#', significant - 1) + "e0";
    }

    private static string Format(double value, string format)
    {
        if (Math.Abs(value) < 1e-300)
        {
            return format[0] == 'F' ? 0.0.ToString(format, CultureInfo.InvariantCulture) : "0";
        }

        string text = value.ToString(format, CultureInfo.InvariantCulture);
        // Rounding can still produce "-0.00" for tiny negative noise around zero.
        return text.StartsWith('-') && text.AsSpan(1).IndexOfAnyExcept("0.") < 0 ? text[1..] : text;
    }
}
