using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Morphable;

namespace Facebench.Plugins.Models;

/// <summary>
/// The embedded default model: Facebench's <b>synthetic</b> reference head, built by code at start-up with no
/// download (see <see cref="ReferenceModelBuilder"/>). Deterministic; in millimetres; all 68 iBUG landmarks mapped.
/// Not a statistical model of real faces.
/// </summary>
[Plugin("model.reference", PluginKind.Component, "1.0.0", "Synthetic procedural reference head (12,674 vertices, 24 identity components, 6 blendshapes); no download needed")]
public sealed class ReferenceModelPlugin : Plugin<ReferenceModelOptions>, IComponent<IMorphableModel>
{
    private IMorphableModel? _model;

    /// <inheritdoc />
    public IMorphableModel Instance => _model ?? throw new InvalidOperationException("model.reference was used before Initialize.");

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        int maxId = ReferenceModelBuilder.MaxIdentityComponents, maxExp = ReferenceModelBuilder.MaxExpressionComponents;
        if (Options.IdentityComponents < 1 || Options.IdentityComponents > maxId)
        {
            throw new PluginInputException($"option 'identity_components' is {Options.IdentityComponents}; expected 1..{maxId}");
        }

        if (Options.ExpressionComponents < 0 || Options.ExpressionComponents > maxExp)
        {
            throw new PluginInputException($"option 'expression_components' is {Options.ExpressionComponents}; expected 0..{maxExp}");
        }

        _model = ReferenceModelBuilder.Build(Options.IdentityComponents, Options.ExpressionComponents);
    }
}
