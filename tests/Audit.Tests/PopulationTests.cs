using Facebench.Audit.Populations;
using Facebench.Contracts;

namespace Facebench.Audit.Tests;

/// <summary>Labelled populations: group sequences, texture draws beside the identity draws, validation.</summary>
public sealed class PopulationTests
{
    private static readonly List<PopulationGroup> Groups =
    [
        new() { Name = "A", Proportion = 0.7, Components = [1], Offset = [1], VarianceScale = 0.5 },
        new() { Name = "B", Proportion = 0.2, TextureComponents = [0, 2], TextureOffset = [2, -1], TextureVarianceScale = 0.01 },
        new() { Name = "C", Proportion = 0.1 },
    ];

    [Theory]
    [InlineData(10)]
    [InlineData(37)]
    [InlineData(200)]
    public void Sequence_has_the_allocated_counts_and_every_prefix_stays_within_one_of_its_share(int count)
    {
        PopulationGroup[] sequence = Population.Sequence(Groups, count);
        Dictionary<string, int> allocated = Population.Allocate(Groups, count);
        foreach (PopulationGroup g in Groups)
        {
            Assert.Equal(allocated[g.Name], sequence.Count(s => s == g));
            for (int n = 1; n <= count; n++)
            {
                double share = (double)allocated[g.Name] * n / count;
                Assert.InRange(sequence.Take(n).Count(s => s == g), share - 1, share + 1);
            }
        }
    }

    [Fact]
    public void Drawing_textures_leaves_the_identities_bit_identical_and_follows_the_texture_prior()
    {
        List<PopulationMember> shapes = Population.Draw(Groups, identityCount: 4, count: 300, seed: 8);
        List<PopulationMember> both = Population.Draw(Groups, identityCount: 4, count: 300, seed: 8, textureCount: 3);
        Assert.Equal(shapes.Select(m => m.Group), both.Select(m => m.Group));
        Assert.True(shapes.Zip(both).All(p => p.First.Identity.SequenceEqual(p.Second.Identity)));
        Assert.All(shapes, m => Assert.Empty(m.Texture));
        Assert.All(both, m => Assert.Equal(3, m.Texture.Length));

        PopulationMember[] b = [.. both.Where(m => m.Group == "B")];
        Assert.Equal(60, b.Length);
        Assert.All(b, m => Assert.InRange(m.Texture[0], 1.5, 2.5)); // N(2, 0.1²)
        Assert.All(b, m => Assert.InRange(m.Texture[2], -1.5, -0.5));
        Assert.InRange(both.Where(m => m.Group == "A").Average(m => m.Texture[0]), -0.3, 0.3);
        Assert.InRange(both.Where(m => m.Group == "A").Average(m => m.Identity[1]), 0.8, 1.2);

        List<PopulationMember> again = Population.Draw(Groups, 4, 300, 8, 3);
        Assert.True(both.Zip(again).All(p => p.First.Texture.SequenceEqual(p.Second.Texture)));
        List<PopulationMember> other = Population.Draw(Groups, 4, 300, 9, 3);
        Assert.False(both.Zip(other).All(p => p.First.Texture.SequenceEqual(p.Second.Texture)));
    }

    [Fact]
    public void Validation_names_the_group_and_what_is_wrong()
    {
        var error = Assert.Throws<PluginInputException>(() => Population.Validate(Groups, identityCount: 4, "owner", textureCount: 2));
        Assert.Equal("owner: group 'B': texture component 2 does not exist; the texture model has components 0..1.", error.Message);
        error = Assert.Throws<PluginInputException>(() => Population.Validate(Groups, identityCount: 4, "model.pca"));
        Assert.Contains("group 'B': texture component 0 does not exist; there is no texture model here", error.Message);
        error = Assert.Throws<PluginInputException>(() => Population.Validate([new() { Name = "A", TextureComponents = [0], TextureOffset = [1], TextureVarianceScale = 0 }], 4, "owner", 3));
        Assert.Contains("'texture_variance_scale' must be positive", error.Message);
        Population.Validate(Groups, identityCount: 4, "owner", textureCount: 3);
    }
}
