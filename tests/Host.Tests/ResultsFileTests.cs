using Facebench.Contracts;
using Facebench.Host.Running;
using Xunit;

namespace Facebench.Host.Tests;

public sealed class ResultsFileTests
{
    private static readonly FacetKey<Point2[]> Points = new("points");
    private static readonly FacetKey<string> Scratch = new("scratch", persist: false);

    [Fact]
    public void A_sample_round_trips_through_a_results_line()
    {
        var sample = new Sample("a/b.png") { Index = 7, ImagePath = "/data/a/b.png" }
            .WithLabel("group", "x")
            .With(Points, [new Point2(1.5, -2), Point2.Missing])
            .With(CoreFacets.FaceBox, new BoundingBox(1, 2, 3, 4));

        var back = ResultsFile.FromLine(ResultsFile.ToLine(sample));

        Assert.Equal("a/b.png", back.Id);
        Assert.Equal(7, back.Index);
        Assert.Equal("/data/a/b.png", back.ImagePath);
        Assert.Equal("x", back.Labels["group"]);
        var points = back.Get(Points);
        Assert.Equal(new Point2(1.5, -2), points[0]);
        Assert.False(points[1].IsValid);
        Assert.Equal(new BoundingBox(1, 2, 3, 4), back.Get(CoreFacets.FaceBox));
    }

    [Fact]
    public void Transient_facets_are_not_written()
    {
        var sample = new Sample("s").With(Scratch, "big pixels").With(Points, []);

        string line = ResultsFile.ToLine(sample);

        Assert.Contains("\"points\"", line, StringComparison.Ordinal);
        Assert.DoesNotContain("scratch", line, StringComparison.Ordinal);
        Assert.Equal("big pixels", sample.Get(Scratch));
    }

    [Fact]
    public void A_facet_of_the_wrong_shape_is_a_clear_error()
    {
        var back = ResultsFile.FromLine("{\"id\":\"s\",\"index\":0,\"status\":\"ok\",\"facets\":{\"points\":\"oops\"}}");

        var error = Assert.Throws<InvalidDataException>(() => back.Get(Points));
        Assert.StartsWith("Facet 'points' in the stored results is not a Point2[]", error.Message, StringComparison.Ordinal);
    }
}
