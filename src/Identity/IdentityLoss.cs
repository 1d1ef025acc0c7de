using Facebench.Contracts;

namespace Facebench.Identity;

/// <summary>
/// GANFIT's identity and content losses (Gecer et al., "GANFIT", CVPR 2019, eq. 3–4) for a render of a photo: the render
/// is composited over the photo (c = m·render + (1 − m)·photo, m the render's mask), both are aligned to the
/// recogniser's 112×112 crop by the photo's 68 landmarks (<see cref="ArcFaceAlignment"/>), and
/// L = w_id·(1 − cos(φ(photo), φ(c))) + w_content·Σ_l mean((a_l(c) − a_l(photo))²). The gradient with respect to the
/// rendered pixels runs back through the network (its backward model), the warp's adjoint and the composite.
/// </summary>
public sealed class IdentityLoss
{
    private readonly FaceRecognitionNetwork _network;
    private readonly AlignedFaceWarp _warp;
    private readonly double[] _photo;
    private readonly double[] _composite;
    private readonly double[] _imageGradient;
    private readonly float[] _crop;
    private readonly FaceFeatures _target;
    private readonly double _targetNorm;

    // Reused across evaluations (the optimiser calls Evaluate once per line-search step); the network's own outputs
    // are the ONNX runtime's and are not ours to reuse.
    private readonly float[] _embeddingGradient;
    private readonly float[][] _activationGradients;

    /// <summary>Prepares the loss for one photo.</summary>
    /// <param name="network">The recogniser.</param>
    /// <param name="photo">The photo as interleaved RGB in [0, 1], <paramref name="width"/> × <paramref name="height"/>.</param>
    /// <param name="width">Image width (the render's too).</param>
    /// <param name="height">Image height.</param>
    /// <param name="landmarks">The photo's 68 iBUG landmarks in its pixel coordinates.</param>
    /// <param name="weights">The terms' weights.</param>
    public IdentityLoss(FaceRecognitionNetwork network, ReadOnlySpan<double> photo, int width, int height, IReadOnlyList<Point2> landmarks, IdentityLossWeights weights)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (photo.Length != 3 * width * height)
        {
            throw new ArgumentException($"the photo holds {photo.Length} values; a {width}×{height} RGB image needs {3 * width * height}.", nameof(photo));
        }

        _network = network;
        Weights = weights;
        _warp = network.Warp(landmarks, width, height);
        _photo = photo.ToArray();
        _composite = new double[_photo.Length];
        _imageGradient = new double[_photo.Length];
        _crop = new float[_warp.CropLength];
        _warp.Forward(_photo, _crop);
        _target = network.Forward(_crop);
        _targetNorm = Norm(_target.Embedding);
        if (!(_targetNorm > 0))
        {
            throw new ArgumentException("the photo's embedding has length zero; the identity loss is undefined.");
        }

        _embeddingGradient = new float[_target.Embedding.Length];
        _activationGradients = _target.Activations.Select(a => new float[a.Length]).ToArray();
    }

    /// <summary>The terms' weights.</summary>
    public IdentityLossWeights Weights { get; }

    /// <summary>The photo's features.</summary>
    public FaceFeatures Target => _target;

    /// <summary>
    /// Evaluates the loss for a render and adds its gradient with respect to the rendered pixels (zero outside the
    /// mask) to <paramref name="gradient"/>, unless that span is empty.
    /// </summary>
    /// <param name="render">The render, interleaved RGB in [0, 1], the photo's size.</param>
    /// <param name="mask">Per pixel, whether the render covers it (else the photo shows).</param>
    /// <param name="gradient">Receives ∂L/∂render (added), or empty for the value only.</param>
    public IdentityLossValue Evaluate(ReadOnlySpan<double> render, ReadOnlySpan<bool> mask, Span<double> gradient)
    {
        if (render.Length != _photo.Length || mask.Length != _photo.Length / 3 || (!gradient.IsEmpty && gradient.Length != _photo.Length))
        {
            throw new ArgumentException($"the render, mask and gradient must hold {_photo.Length}, {_photo.Length / 3} and {_photo.Length} values.");
        }

        for (int p = 0; p < mask.Length; p++)
        {
            ReadOnlySpan<double> source = mask[p] ? render : _photo;
            _composite[3 * p] = source[3 * p];
            _composite[(3 * p) + 1] = source[(3 * p) + 1];
            _composite[(3 * p) + 2] = source[(3 * p) + 2];
        }

        _warp.Forward(_composite, _crop);
        FaceFeatures features = _network.Forward(_crop);
        float[] e = features.Embedding, t = _target.Embedding;
        double norm = Norm(e);
        double cosine = Dot(e, t) / (norm * _targetNorm);
        double content = 0;
        for (int l = 0; l < features.Activations.Count; l++)
        {
            float[] a = features.Activations[l], target = _target.Activations[l], g = _activationGradients[l];
            for (int i = 0; i < a.Length; i++)
            {
                double d = a[i] - target[i];
                content += d * d / a.Length;
                g[i] = (float)(Weights.Content * 2 * d / a.Length);
            }
        }

        double total = (Weights.Identity * (1 - cosine)) + (Weights.Content * content);
        if (gradient.IsEmpty)
        {
            return new IdentityLossValue(total, cosine, content);
        }

        // ∂(1 − cos)/∂e = −(t/(|t||e|) − cos·e/|e|²).
        for (int i = 0; i < e.Length; i++)
        {
            _embeddingGradient[i] = (float)(-Weights.Identity * ((t[i] / (_targetNorm * norm)) - (cosine * e[i] / (norm * norm))));
        }

        float[] cropGradient = _network.Backward(_crop, _embeddingGradient, _activationGradients);
        Array.Clear(_imageGradient);
        _warp.Backward(cropGradient, _imageGradient);
        for (int p = 0; p < mask.Length; p++)
        {
            if (mask[p])
            {
                gradient[3 * p] += _imageGradient[3 * p];
                gradient[(3 * p) + 1] += _imageGradient[(3 * p) + 1];
                gradient[(3 * p) + 2] += _imageGradient[(3 * p) + 2];
            }
        }

        return new IdentityLossValue(total, cosine, content);
    }

    private static double Dot(float[] a, float[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * b[i];
        }

        return sum;
    }

    private static double Norm(float[] a) => Math.Sqrt(Dot(a, a));
}
