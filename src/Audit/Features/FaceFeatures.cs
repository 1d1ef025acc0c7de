using Facebench.Contracts;
using Facebench.Contracts.Morphable;

namespace Facebench.Audit.Features;

/// <summary>
/// Turns a face (a model and its identity coefficients, neutral expression) into the feature vector an attribute
/// classifier sees; see <see cref="FeatureKind"/>. Thread-safe (no state beyond the immutable definition).
/// </summary>
public sealed class FaceFeatures
{
    private FaceFeatures(FeatureKind kind, int[] landmarks, int coefficients, string? modelName)
    {
        Kind = kind;
        LandmarkIndices = landmarks;
        CoefficientCount = coefficients;
        ModelName = modelName;
    }

    /// <summary>The kind of features.</summary>
    public FeatureKind Kind { get; }

    /// <summary>iBUG landmark indices used (geometry).</summary>
    public IReadOnlyList<int> LandmarkIndices { get; }

    /// <summary>Coefficients used (coefficients).</summary>
    public int CoefficientCount { get; }

    /// <summary>The model whose coefficients are the features (coefficients), else null.</summary>
    public string? ModelName { get; }

    /// <summary>Length of the feature vector.</summary>
    public int Dimension => Kind == FeatureKind.Geometry ? 3 * LandmarkIndices.Count : CoefficientCount;

    /// <summary>Geometry features over every landmark <paramref name="model"/> maps to the mesh.</summary>
    /// <exception cref="PluginInputException">The model maps fewer than 3 landmarks.</exception>
    public static FaceFeatures Geometry(IMorphableModel model)
    {
        int[] mapped = [.. Enumerable.Range(0, LandmarkEmbedding.IbugCount).Where(i => model.Landmarks.Points[i].IsMapped)];
        if (mapped.Length < 3)
        {
            throw new PluginInputException($"model '{model.Name}' maps {mapped.Length} landmarks to its mesh; geometry features need at least 3.");
        }

        return new FaceFeatures(FeatureKind.Geometry, mapped, 0, null);
    }

    /// <summary>The first <paramref name="count"/> identity coefficients of <paramref name="model"/>.</summary>
    public static FaceFeatures Coefficients(IMorphableModel model, int count)
    {
        if (count < 1 || count > model.IdentityCount)
        {
            throw new PluginInputException($"coefficient features: {count} coefficients asked, model '{model.Name}' has {model.IdentityCount}.");
        }

        return new FaceFeatures(FeatureKind.Coefficients, [], count, model.Name);
    }

    /// <summary>Throws <see cref="PluginInputException"/> when faces of <paramref name="model"/> cannot be described by these features.</summary>
    public void CheckCompatible(IMorphableModel model)
    {
        if (Kind == FeatureKind.Coefficients)
        {
            if (model.Name != ModelName || model.IdentityCount < CoefficientCount)
            {
                throw new PluginInputException($"the classifier reads the identity coefficients of model '{ModelName}'; faces of '{model.Name}' have other coefficients. Use geometry features to classify faces of several models.");
            }

            return;
        }

        int missing = LandmarkIndices.FirstOrDefault(i => !model.Landmarks.Points[i].IsMapped, -1);
        if (missing >= 0)
        {
            throw new PluginInputException($"the classifier reads landmark {missing}, which model '{model.Name}' does not map to its mesh.");
        }
    }

    /// <summary>The features of the neutral face with identity <paramref name="identity"/> (shorter spans are zero-padded).</summary>
    public double[] Compute(IMorphableModel model, ReadOnlySpan<float> identity)
    {
        if (Kind == FeatureKind.Coefficients)
        {
            var f = new double[CoefficientCount];
            for (int k = 0; k < Math.Min(CoefficientCount, identity.Length); k++)
            {
                f[k] = identity[k];
            }

            return f;
        }

        // Gather the binding vertices, evaluate only them, combine barycentrically, centre, convert to mm.
        IReadOnlyList<LandmarkBinding> points = model.Landmarks.Points;
        var vertices = new int[3 * LandmarkIndices.Count];
        for (int i = 0; i < LandmarkIndices.Count; i++)
        {
            LandmarkBinding b = points[LandmarkIndices[i]];
            vertices[3 * i] = b.V0;
            vertices[(3 * i) + 1] = b.V1;
            vertices[(3 * i) + 2] = b.V2;
        }

        var xyz = new float[3 * vertices.Length];
        model.EvaluateVertices(vertices, identity[..Math.Min(identity.Length, model.IdentityCount)], default, xyz);
        var features = new double[Dimension];
        Span<double> centroid = stackalloc double[3];
        for (int i = 0; i < LandmarkIndices.Count; i++)
        {
            LandmarkBinding b = points[LandmarkIndices[i]];
            for (int c = 0; c < 3; c++)
            {
                double v = (b.W0 * xyz[(9 * i) + c]) + (b.W1 * xyz[(9 * i) + 3 + c]) + (b.W2 * xyz[(9 * i) + 6 + c]);
                features[(3 * i) + c] = v * model.MillimetresPerUnit;
                centroid[c] += v * model.MillimetresPerUnit / LandmarkIndices.Count;
            }
        }

        for (int i = 0; i < features.Length; i++)
        {
            features[i] -= centroid[i % 3];
        }

        return features;
    }

    /// <summary>The exact affine map from the first <paramref name="coefficients"/> identity coefficients of <paramref name="model"/> to these features.</summary>
    public LinearFeatureMap Linearize(IMorphableModel model, int coefficients)
    {
        coefficients = Math.Min(coefficients, model.IdentityCount);
        double[] offset = Compute(model, default);
        var jacobian = new double[offset.Length * coefficients];
        var unit = new float[coefficients];
        for (int k = 0; k < coefficients; k++)
        {
            unit[k] = 1;
            double[] f = Compute(model, unit);
            unit[k] = 0;
            for (int r = 0; r < offset.Length; r++)
            {
                jacobian[(r * coefficients) + k] = f[r] - offset[r];
            }
        }

        return new LinearFeatureMap(offset, jacobian, coefficients);
    }
}
