using Facebench.Audit.Populations;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;

namespace Facebench.Plugins.Model.Pca;

/// <summary>Options of <c>model.pca</c>.</summary>
public sealed class PcaModelOptions
{
    [Option("The model the training meshes are drawn from (a components entry or a model plugin id); the new model keeps its topology and landmarks.")]
    [ComponentRef(typeof(IMorphableModel))]
    public string Generator { get; set; } = "model.reference";

    [Option("Number of training meshes.")]
    public int Count { get; set; } = 200;

    [Option("The training population's groups (name, proportion, components, offset, variance_scale; as dataset.synthetic's groups). Their proportions are the make-up the model is built from and discloses.")]
    public List<PopulationGroup> Groups { get; set; } = [new PopulationGroup { Name = "all" }];

    [Option("Label the group names are values of, recorded in the model's make-up.")]
    public string Attribute { get; set; } = "group";

    [Option("Identity components to keep (leading principal components).")]
    public int IdentityComponents { get; set; } = 10;

    [Option("Expression components learnt from displacement vectors (expressive minus neutral mesh of each training identity); 0 = identity-only model.")]
    public int ExpressionComponents { get; set; }

    [Option("Spread of the generator's expression weights for the displacement vectors (half-normal).")]
    public double ExpressionScale { get; set; } = 0.5;

    [Option("Registration noise: standard deviation added to every mesh coordinate, millimetres.")]
    public double NoiseMm { get; set; }
}
