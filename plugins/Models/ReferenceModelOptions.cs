using Facebench.Contracts;

namespace Facebench.Plugins.Models;

/// <summary>Options of <c>model.reference</c>.</summary>
public sealed class ReferenceModelOptions
{
    [Option("Identity components (leading PCA components of the procedural identity prior), 1..24.")]
    public int IdentityComponents { get; set; } = 24;

    [Option("Expression blendshapes (jaw_open, smile, brow_raise, lip_pucker, eye_closure, frown), 0..6.")]
    public int ExpressionComponents { get; set; } = 6;
}
