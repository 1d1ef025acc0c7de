using Facebench.Audit.Features;
using Facebench.Audit.Models;
using Facebench.Audit.Populations;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Morphable;
using Facebench.Plugins.Model.Pca;
using Facebench.Testing;

namespace Facebench.Audit.Tests;

public sealed class ModelAndFeatureTests
{
    internal static readonly Lazy<LinearMorphableModel> Reference = new(() => ReferenceModelBuilder.Build(identityComponents: 12, expressionComponents: 2));

    private static List<PopulationGroup> Groups(double a, double b) =>
    [
        new() { Name = "A", Proportion = a, Components = [8, 9], Offset = [0, 0], VarianceScale = 0.1 },
        new() { Name = "B", Proportion = b, Components = [8, 9], Offset = [0.5, 0.5], VarianceScale = 6 },
    ];

    [Fact]
    public void Snapshot_pca_recovers_an_orthonormal_basis_with_the_data_spread()
    {
        var random = new StableRandom(2);
        float[][] rows = [.. Enumerable.Range(0, 400).Select(_ => new[] { (float)(3 * random.NextGaussian()), (float)random.NextGaussian(), 0f, 5f })];
        PrincipalComponents pca = SnapshotPca.Compute(rows, 4);
        Assert.Equal(2, pca.StdDev.Length); // the constant and the zero coordinate have no variance
        Assert.Equal(3, pca.StdDev[0], 0.3);
        Assert.Equal(1, pca.StdDev[1], 0.1);
        Assert.Equal(1, Math.Abs(pca.Basis[0 * 2]), 2); // coordinate 0 loads on component 0
        Assert.Equal(5, pca.Mean[3], 5);
        Assert.Throws<ArgumentException>(() => SnapshotPca.Compute([[1f, 2f], [1f, 2f]], 1));
    }

    [Fact]
    public void Pca_model_discloses_its_exact_make_up_and_reuses_the_generator_topology()
    {
        PcaMorphableModel model = PcaModelBuilder.Build(Reference.Value, new PcaModelSpec { Groups = Groups(0.8, 0.2), Count = 50, IdentityComponents = 6, Seed = 3 });
        Assert.Equal(new Dictionary<string, int> { ["A"] = 40, ["B"] = 10 }, model.TrainingMakeup.Counts);
        Assert.Contains("A 40 (80%)", model.TrainingMakeup.ToString());
        Assert.Equal(6, model.IdentityCount);
        Assert.Equal(Reference.Value.VertexCount, model.VertexCount);
        Assert.Same(Reference.Value.Landmarks, model.Landmarks);
        Assert.InRange(model.ExplainedVariance, 0.5, 1.0);
        float[] sigma = model.IdentityStdDev.ToArray();
        Assert.True(sigma.Zip(sigma.Skip(1)).All(p => p.First >= p.Second));
    }

    [Fact]
    public void Model_pca_plugin_rejects_bad_groups_with_the_reason()
    {
        var context = new TestPluginContext().WithComponent("g", Reference.Value);
        var plugin = new PcaModelPlugin();
        var error = Assert.Throws<PluginInputException>(() => plugin.Initialize(new PcaModelOptions { Generator = "g", Groups = [new() { Name = "A", Components = [99], Offset = [1] }] }, context));
        Assert.Contains("component 99 does not exist", error.Message);
        error = Assert.Throws<PluginInputException>(() => new PcaModelPlugin().Initialize(new PcaModelOptions { Generator = "g", Count = 5, IdentityComponents = 5 }, context));
        Assert.Contains("identity_components", error.Message);
    }

    [Fact]
    public void Geometry_features_are_exactly_affine_in_the_coefficients()
    {
        IMorphableModel model = Reference.Value;
        FaceFeatures features = FaceFeatures.Geometry(model);
        Assert.Equal(3 * 68, features.Dimension);
        LinearFeatureMap map = features.Linearize(model, model.IdentityCount);
        float[] z = [.. Enumerable.Range(0, model.IdentityCount).Select(k => (float)Math.Sin(k + 1))];
        double[] direct = features.Compute(model, z);
        double[] linear = map.Apply([.. z.Select(v => (double)v)]);
        for (int i = 0; i < direct.Length; i++)
        {
            Assert.Equal(direct[i], linear[i], 2);
        }

        Assert.Equal(0, Enumerable.Range(0, 68).Sum(i => direct[3 * i]), 6); // centred
        var other = FaceFeatures.Coefficients(model, 4);
        Assert.Throws<PluginInputException>(() => other.CheckCompatible(PcaModelBuilder.Build(model, new PcaModelSpec { Groups = Groups(0.5, 0.5), Count = 20, IdentityComponents = 4 })));
    }
}
