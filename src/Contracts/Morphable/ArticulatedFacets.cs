namespace Facebench.Contracts.Morphable;

/// <summary>Facets of articulated models (<see cref="IArticulatedModel"/>): joint rotations, fitted and true.</summary>
public static class ArticulatedFacets
{
    /// <summary>Fitted joint rotations: 3·J axis-angle values in the model's joint order (zero for joints not fitted).</summary>
    public static readonly FacetKey<double[]> FittedJointRotations = new("fitted_joint_rotations");

    /// <summary>Ground-truth joint rotations of a synthetic face, same layout.</summary>
    public static readonly FacetKey<double[]> TrueJointRotations = new("true_joint_rotations");
}
