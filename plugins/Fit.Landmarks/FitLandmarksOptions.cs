using Facebench.Contracts;
using Facebench.Contracts.Morphable;

namespace Facebench.Plugins.Fit.Landmarks;

/// <summary>Options of <c>fit.landmarks</c> (YAML keys are the snake_case property names).</summary>
public sealed class FitLandmarksOptions
{
    /// <summary>The morphable model component to fit.</summary>
    [Option("The morphable model to fit: a name from the pipeline's components block or a model plugin id.")]
    [ComponentRef(typeof(IMorphableModel))]
    public string Model { get; set; } = "model";

    /// <summary>Identity components to fit.</summary>
    [Option("Number of identity (shape) components to fit, the first N of the model; clamped to the model's count. -1 = all.")]
    public int Shape { get; set; } = -1;

    /// <summary>Expression components to fit.</summary>
    [Option("Number of expression components to fit, the first N of the model; 0 = none, -1 = all.")]
    public int Expression { get; set; } = -1;

    /// <summary>Rigid-stage iteration limit.</summary>
    [Option("Most L-BFGS iterations of the rigid stage (pose only, mean shape).")]
    public int RigidIterations { get; set; } = 30;

    /// <summary>Non-rigid-stage iteration limit.</summary>
    [Option("Most L-BFGS iterations of the joint non-rigid stage (shape, expression and pose); 0 = rigid fit only.")]
    public int Iterations { get; set; } = 100;

    /// <summary>λ_id.</summary>
    [Option("Weight of the Gaussian prior on identity coefficients, in px²: read it as the landmark noise variance per coordinate (1 = 1 px noise); smaller trusts the landmarks more.")]
    public double PriorIdentity { get; set; } = 1.0;

    /// <summary>λ_exp.</summary>
    [Option("Weight of the Gaussian prior on expression coefficients, in px² (as prior_identity).")]
    public double PriorExpression { get; set; } = 1.0;

    /// <summary>Huber threshold.</summary>
    [Option("Huber threshold in pixels on each landmark's reprojection distance (robust to outliers); 0 = plain least squares.")]
    public double Huber { get; set; }

    /// <summary>Sliding contour landmarks.</summary>
    [Option("Fit the jaw-line landmarks as points sliding along the model's projected contour (when the model has contour candidates); false = use only landmarks bound to fixed vertices.")]
    public bool Contours { get; set; } = true;

    /// <summary>Fit an isotropic scale.</summary>
    [Option("Also fit an isotropic scale of the model (otherwise the model's length unit is trusted and only the distance changes the size).")]
    public bool FitScale { get; set; }

    /// <summary>Focal length override.</summary>
    [Option("Focal length in pixels; 0 = the sample's camera when it has one, otherwise field_of_view over the image width.")]
    public double FocalLength { get; set; }

    /// <summary>Facet the result is stored under.</summary>
    [Option("Facet the fit is stored under (default landmark_fit); give each fit.landmarks of a pipeline that fits several models its own, e.g. landmark_fit.balanced.")]
    public string Facet { get; set; } = "landmark_fit";

    /// <summary>Joints to fit on articulated models.</summary>
    [Option("Joint rotations to fit when the model is articulated (FLAME): names such as jaw and neck; empty fits it at rest like a linear model. Ignored for linear models.")]
    public string[] Joints { get; set; } = ["jaw"];

    /// <summary>λ_θ.</summary>
    [Option("Weight of the Gaussian prior on fitted joint rotations, in px² per rad² (100: 1 px noise with a 0.1 rad prior spread).")]
    public double PriorRotation { get; set; } = 100;

    /// <summary>Default field of view.</summary>
    [Option("Horizontal field of view in degrees assumed for samples without a camera when focal_length is 0.")]
    public double FieldOfView { get; set; } = 40;
}
