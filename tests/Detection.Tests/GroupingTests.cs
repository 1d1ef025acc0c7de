namespace Facebench.Detection.Tests;

public sealed class GroupingTests
{
    [Fact]
    public void Similarity_uses_a_fifth_of_the_smaller_mean_side()
    {
        var a = new PixelRect(100, 100, 50, 50);
        // δ = 0.2 · (50 + 50) / 2 = 10: every edge may move by 10.
        Assert.True(RectangleGrouping.AreSimilar(a, new PixelRect(110, 90, 50, 50), 0.2));
        Assert.False(RectangleGrouping.AreSimilar(a, new PixelRect(111, 100, 50, 50), 0.2));
        Assert.True(RectangleGrouping.AreSimilar(a, new PixelRect(95, 95, 60, 60), 0.2));
    }

    [Fact]
    public void Clusters_are_averaged_thresholded_and_ordered_by_first_member()
    {
        var rects = new List<PixelRect>
        {
            new(300, 300, 40, 40), // lone window: dropped (1 member ≤ 3)
            new(100, 100, 50, 50),
            new(102, 101, 50, 50),
            new(104, 99, 52, 52),
            new(101, 103, 49, 49),
            new(10, 10, 30, 30), new(11, 10, 30, 30), new(12, 11, 30, 30), new(10, 12, 31, 31), new(11, 11, 30, 30),
        };
        var neighbours = new List<int>();
        var grouped = RectangleGrouping.Group(rects, 3, 0.2, neighbours);

        // Means in float, rounded half to even: x (100+102+104+101)/4 = 101.75 -> 102, y 100.75 -> 101, w 50.25 -> 50.
        Assert.Equal([new PixelRect(102, 101, 50, 50), new PixelRect(11, 11, 30, 30)], grouped);
        Assert.Equal([4, 5], neighbours);
    }

    [Fact]
    public void Half_ties_round_to_even_like_cvRound()
    {
        var rects = new List<PixelRect> { new(10, 10, 20, 20), new(11, 11, 21, 21) };
        // x mean 10.5 -> 10, y 10.5 -> 10, size 20.5 -> 20.
        Assert.Equal([new PixelRect(10, 10, 20, 20)], RectangleGrouping.Group(rects, 1));
    }

    [Fact]
    public void A_weaker_cluster_inside_a_stronger_one_is_dropped()
    {
        var rects = new List<PixelRect>();
        for (int i = 0; i < 8; i++)
        {
            rects.Add(new PixelRect(100 + (i % 2), 100, 100, 100)); // strong: 8 members
        }

        for (int i = 0; i < 4; i++)
        {
            rects.Add(new PixelRect(130, 130 + (i % 2), 30, 30)); // weak, inside the strong one: 4 members
        }

        var grouped = RectangleGrouping.Group(rects, 3);
        Assert.Equal([new PixelRect(100, 100, 100, 100)], grouped);
    }

    [Fact]
    public void Threshold_zero_returns_the_raw_windows()
    {
        var rects = new List<PixelRect> { new(1, 2, 3, 4), new(1, 2, 3, 4) };
        Assert.Equal(rects, RectangleGrouping.Group(rects, 0));
    }
}
