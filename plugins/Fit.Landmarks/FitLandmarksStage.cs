using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Fitting;
using Facebench.Fitting.Articulated;

namespace Facebench.Plugins.Fit.Landmarks;

/// <summary>
/// Fits a morphable model to each sample's 2D landmarks (<see cref="CoreFacets.Landmarks"/>) and stores a
/// <see cref="LandmarkFitResult"/> under <see cref="FittingFacets.LandmarkFit"/>: closed-form affine initialisation,
/// rigid L-BFGS, then joint non-rigid L-BFGS with analytic gradients, a Gaussian coefficient prior, optional Huber
/// loss and sliding contour landmarks (see <see cref="LandmarkFitter"/>). The runner creates one instance per
/// worker, so each instance owns its fitter and workspace and a fit allocates only its result record.
/// Samples with fewer than 6 usable landmarks fail with the reason; the run goes on.
/// </summary>
[Plugin("fit.landmarks", PluginKind.Stage, "1.0.0", "Fits a 3D morphable model to 2D landmarks: affine init, rigid then joint non-rigid L-BFGS")]
public sealed class FitLandmarksStage : Plugin<FitLandmarksOptions>, IStage
{
    private LandmarkFitter? _fitter;
    private ArticulatedLandmarkFitter? _articulated;
    private FacetKey<LandmarkFitResult> _facet = FittingFacets.LandmarkFit;

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        FitLandmarksOptions o = Options;
        Check(o.RigidIterations >= 0, "rigid_iterations", $"must be 0 or more, not {o.RigidIterations}");
        Check(o.Iterations >= 0, "iterations", $"must be 0 or more, not {o.Iterations}");
        Check(o.PriorIdentity >= 0 && double.IsFinite(o.PriorIdentity), "prior_identity", $"must be a finite number ≥ 0, not {o.PriorIdentity}");
        Check(o.PriorExpression >= 0 && double.IsFinite(o.PriorExpression), "prior_expression", $"must be a finite number ≥ 0, not {o.PriorExpression}");
        Check(o.Huber >= 0 && double.IsFinite(o.Huber), "huber", $"must be 0 (off) or a positive number of pixels, not {o.Huber}");
        Check(o.FocalLength >= 0 && double.IsFinite(o.FocalLength), "focal_length", $"must be 0 (automatic) or a positive number of pixels, not {o.FocalLength}");
        Check(o.FieldOfView > 0 && o.FieldOfView < 180, "field_of_view", $"must be between 0 and 180 degrees, not {o.FieldOfView}");
        Check(o.Shape >= -1, "shape", $"must be -1 (all) or a number of components, not {o.Shape}");
        Check(o.Expression >= -1, "expression", $"must be -1 (all) or a number of components, not {o.Expression}");

        Check(!string.IsNullOrWhiteSpace(o.Facet), "facet", "must name the facet to store the fit under");
        _facet = o.Facet == FittingFacets.LandmarkFit.Name ? FittingFacets.LandmarkFit : new FacetKey<LandmarkFitResult>(o.Facet);

        IMorphableModel model = Context.GetComponent<IMorphableModel>(o.Model);
        if (model.Landmarks.MappedCount < LandmarkFitter.MinimumStaticLandmarks)
        {
            throw new PluginInputException($"fit.landmarks: model '{o.Model}' ({model.Name}) maps only {model.Landmarks.MappedCount} of the 68 landmarks to vertices; at least {LandmarkFitter.MinimumStaticLandmarks} are needed.");
        }

        if (o.Shape > model.IdentityCount)
        {
            Context.Warn($"shape = {o.Shape} but model '{o.Model}' has {model.IdentityCount} identity components; fitting {model.IdentityCount}.");
        }

        if (o.Expression > model.ExpressionCount)
        {
            Context.Warn($"expression = {o.Expression} but model '{o.Model}' has {model.ExpressionCount} expression components; fitting {model.ExpressionCount}.");
        }

        if (Context.IsValidationOnly)
        {
            return;
        }

        var options = new LandmarkFitterOptions
        {
            IdentityCount = o.Shape,
            ExpressionCount = o.Expression,
            RigidIterations = o.RigidIterations,
            Iterations = o.Iterations,
            PriorIdentity = o.PriorIdentity,
            PriorExpression = o.PriorExpression,
            HuberDelta = o.Huber,
            Contours = o.Contours,
            FitScale = o.FitScale,
        };

        // Articulated models (FLAME) also fit joint rotations; linear models keep the linear fitter's fast path.
        if (model is IArticulatedModel articulated && o.Joints.Length > 0)
        {
            Check(o.PriorRotation >= 0 && double.IsFinite(o.PriorRotation), "prior_rotation", $"must be a finite number ≥ 0, not {o.PriorRotation}");
            try
            {
                _articulated = new ArticulatedLandmarkFitter(articulated, options, new ArticulationOptions { Joints = o.Joints, PriorRotation = o.PriorRotation });
            }
            catch (ArgumentException e)
            {
                throw new PluginInputException($"fit.landmarks: option 'joints': {e.Message}");
            }

            return;
        }

        _fitter = new LandmarkFitter(model, options);
    }

    /// <inheritdoc />
    public Sample Process(Sample sample, CancellationToken cancellationToken)
    {
        if (_fitter is null && _articulated is null)
        {
            throw new InvalidOperationException("fit.landmarks was not initialised for processing (validation-only run?).");
        }
        if (!sample.TryGet(CoreFacets.Landmarks, out Point2[] landmarks))
        {
            throw new InvalidOperationException($"sample '{sample.Id}' has no '{CoreFacets.Landmarks.Name}' facet: put a landmark detector stage, or a source that provides landmarks, before fit.landmarks.");
        }

        if (landmarks.Length != LandmarkEmbedding.IbugCount)
        {
            throw new InvalidOperationException($"sample '{sample.Id}' has {landmarks.Length} landmarks; fit.landmarks needs the iBUG 68-point scheme.");
        }

        CameraIntrinsics camera = ResolveCamera(sample);
        if (_articulated is { } articulated)
        {
            articulated.Fit(landmarks, camera.FocalLength, camera.Cx, camera.Cy);
            return sample
                .With(_facet, articulated.ToResult(camera))
                .With(ArticulatedFacets.FittedJointRotations, articulated.FullJointRotations());
        }

        _fitter!.Fit(landmarks, camera.FocalLength, camera.Cx, camera.Cy);
        return sample.With(_facet, _fitter.ToResult(camera));
    }

    /// <summary>
    /// The camera to fit with: the sample's own (<see cref="MorphableFacets.Camera"/>, known for synthetic data) unless
    /// focal_length overrides its focal length; otherwise a centred principal point and focal_length, or field_of_view
    /// over the width, from <see cref="CoreFacets.ImageSize"/>.
    /// </summary>
    private CameraIntrinsics ResolveCamera(Sample sample)
    {
        double focal = Options.FocalLength;
        if (sample.TryGet(MorphableFacets.Camera, out CameraIntrinsics camera))
        {
            return focal > 0 ? camera with { FocalLength = focal } : camera;
        }

        if (sample.TryGet(CoreFacets.ImageSize, out ImageSize size))
        {
            CameraIntrinsics fromFov = CameraIntrinsics.FromFieldOfView(size.Width, size.Height, Options.FieldOfView);
            return focal > 0 ? fromFov with { FocalLength = focal } : fromFov;
        }

        throw new InvalidOperationException(
            $"sample '{sample.Id}' has neither a '{MorphableFacets.Camera.Name}' nor an '{CoreFacets.ImageSize.Name}' facet: fit.landmarks needs one of them to place the principal point.");
    }

    private static void Check(bool ok, string option, string message)
    {
        if (!ok)
        {
            throw new PluginInputException($"fit.landmarks: option '{option}' {message}.");
        }
    }
}
