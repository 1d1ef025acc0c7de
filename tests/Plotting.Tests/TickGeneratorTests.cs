using System.Globalization;

namespace Facebench.Plotting.Tests;

public class TickGeneratorTests
{
    [Fact]
    public void Range_0_to_7_3_gives_unit_or_two_steps()
    {
        double[] positions = TickGenerator.Generate(0, 7.3).Select(t => t.Position).ToArray();
        Assert.True(
            positions.SequenceEqual([0, 1, 2, 3, 4, 5, 6, 7]) || positions.SequenceEqual([0, 2, 4, 6]),
            string.Join(", ", positions));
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "7"], TickGenerator.Generate(0, 7.3).Select(t => t.Label));
    }

    [Fact]
    public void Fewer_ticks_requested_gives_a_coarser_nice_step()
    {
        Assert.Equal([0, 2, 4, 6], TickGenerator.Generate(0, 7.3, 4).Select(t => t.Position));
        Assert.Equal([0, 5], TickGenerator.Generate(0, 7.3, 2).Select(t => t.Position));
    }

    [Fact]
    public void Random_ranges_give_at_most_ten_nice_ticks_inside_the_range()
    {
        var rng = new TestData(99);
        for (int trial = 0; trial < 2000; trial++)
        {
            double scale = Math.Pow(10, (rng.Uniform() * 16) - 8);
            double a = (rng.Uniform() - 0.5) * 10 * scale;
            double b = a + ((rng.Uniform() + 1e-3) * scale);
            int maxTicks = 2 + (int)(rng.Uniform() * 12);
            IReadOnlyList<Tick> ticks = TickGenerator.Generate(a, b, maxTicks);
            Assert.InRange(ticks.Count, 1, Math.Min(maxTicks, TickGenerator.MaxTickCount));
            double step = TickGenerator.NiceStep(a, b, maxTicks);
            double mantissa = step / Math.Pow(10, Math.Floor(Math.Log10(step) + 1e-12));
            Assert.Contains(Math.Round(mantissa, 9), new[] { 1.0, 2.0, 5.0 });
            double tol = (b - a) * 1e-6;
            Assert.All(ticks, t => Assert.InRange(t.Position, a - tol, b + tol));
        }
    }

    [Fact]
    public void Labels_have_matching_decimals_and_no_negative_zero()
    {
        Assert.Equal(["-1.0", "-0.5", "0.0", "0.5", "1.0"], TickGenerator.Generate(-1.1, 1.1, 5).Select(t => t.Label));
        Assert.Equal(["-0.04", "-0.02", "0.00", "0.02", "0.04"], TickGenerator.Generate(-0.05, 0.05, 5).Select(t => t.Label));
    }

    [Fact]
    public void Labels_ignore_the_current_culture()
    {
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Assert.Equal("0.5", TickGenerator.Generate(0, 1, 3).Single(t => t.Position == 0.5).Label);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Very_large_values_use_exponent_notation()
    {
        IReadOnlyList<Tick> ticks = TickGenerator.Generate(0, 5e7, 6);
        Assert.Equal("1e7", ticks.Single(t => t.Position == 1e7).Label);
    }

    [Fact]
    public void Large_offset_with_tiny_span_keeps_labels_distinct()
    {
        IReadOnlyList<Tick> ticks = TickGenerator.Generate(1e9, 1e9 + 1e-3, 3);
        Assert.Equal(ticks.Count, ticks.Select(t => t.Label).Distinct().Count());
        Assert.Contains("1.0000000000005e9", ticks.Select(t => t.Label));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(double.NaN, 1)]
    [InlineData(0, double.PositiveInfinity)]
    public void Empty_or_invalid_ranges_give_no_ticks(double min, double max) =>
        Assert.Empty(TickGenerator.Generate(min, max));
}
