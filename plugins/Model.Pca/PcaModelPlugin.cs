using Facebench.Audit.Models;
using Facebench.Audit.Populations;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;

namespace Facebench.Plugins.Model.Pca;

/// <summary>
/// A 3DMM built the way real ones are, by PCA over meshes in correspondence (<see cref="PcaModelBuilder"/>), from a
/// labelled population drawn from a generator model. The population's make-up (e.g. 160 A + 40 B) is stored in the
/// model (<see cref="IDisclosesTrainingMakeup"/>) and printed by the audit reports, so that balanced and imbalanced
/// models of the same generator can be compared side by side in one pipeline.
/// </summary>
[Plugin("model.pca", PluginKind.Component, "1.0.0", "3DMM built by PCA from a labelled population of meshes drawn from a generator model; discloses its training make-up")]
public sealed class PcaModelPlugin : Plugin<PcaModelOptions>, IComponent<IMorphableModel>
{
    private PcaMorphableModel? _model;

    /// <inheritdoc />
    public IMorphableModel Instance => _model ?? throw new InvalidOperationException("model.pca was used before Initialize.");

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        PcaModelOptions o = Options;
        IMorphableModel generator = Context.GetComponent<IMorphableModel>(o.Generator);
        Population.Validate(o.Groups, generator.IdentityCount, "model.pca");
        if (o.Count < 2)
        {
            throw new PluginInputException($"option 'count' is {o.Count}; PCA needs at least 2 training meshes.");
        }

        if (o.IdentityComponents < 1 || o.IdentityComponents >= o.Count)
        {
            throw new PluginInputException($"option 'identity_components' is {o.IdentityComponents}; expected 1..{o.Count - 1} (fewer than the {o.Count} training meshes).");
        }

        if (o.ExpressionComponents < 0 || !(o.NoiseMm >= 0) || !(o.ExpressionScale > 0))
        {
            throw new PluginInputException("options 'expression_components' and 'noise_mm' must be non-negative and 'expression_scale' positive.");
        }

        if (o.ExpressionComponents > 0 && generator.ExpressionCount == 0)
        {
            Context.Warn($"expression_components = {o.ExpressionComponents}, but generator '{o.Generator}' has no expressions; building an identity-only model.");
        }

        if (string.IsNullOrWhiteSpace(o.Attribute))
        {
            throw new PluginInputException("option 'attribute' is empty; name the label the groups are values of (e.g. group).");
        }

        // Built during validation too (about a second): stages and sources validated next ask for the model itself.
        // The stream name does not depend on the component's name, so two models of one pipeline draw common random
        // numbers (their first members coincide): differences between them come from the make-up, not from the draw.
        _model = PcaModelBuilder.Build(generator, new PcaModelSpec
        {
            Count = o.Count,
            Groups = o.Groups,
            Attribute = o.Attribute,
            IdentityComponents = o.IdentityComponents,
            ExpressionComponents = o.ExpressionComponents,
            ExpressionScale = o.ExpressionScale,
            NoiseMm = o.NoiseMm,
            Seed = Context.DeriveSeed("model.pca"),
        });
        Context.Info($"model.pca: {_model.IdentityCount} identity components ({100 * _model.ExplainedVariance:F1}% of the variance), {_model.ExpressionCount} expression; built from {_model.TrainingMakeup}");
    }
}
