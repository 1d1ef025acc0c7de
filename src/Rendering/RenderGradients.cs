using Facebench.Geometry;

namespace Facebench.Rendering;

/// <summary>
/// Gradients of a scalar per-pixel loss with respect to everything a render depends on, written by
/// <see cref="DifferentiableRenderer.Backward"/>. Buffers are sized once for a mesh (and texture) and reused.
/// </summary>
public sealed class RenderGradients
{
    /// <summary>Allocates gradient buffers for a mesh of <paramref name="vertexCount"/> vertices and, optionally, a texture.</summary>
    public RenderGradients(int vertexCount, int textureWidth = 0, int textureHeight = 0)
    {
        Positions = new double[3 * vertexCount];
        VertexAlbedo = new double[3 * vertexCount];
        Texture = new float[textureWidth * textureHeight * 3];
    }

    /// <summary>∂L/∂x for model-frame vertex positions (3N, interleaved xyz).</summary>
    public double[] Positions { get; }

    /// <summary>∂L/∂albedo per vertex (3N, RGB); zero in texture mode.</summary>
    public double[] VertexAlbedo { get; }

    /// <summary>∂L/∂texel (W·H·3); empty unless a texture size was given, zero in vertex-colour mode.</summary>
    public float[] Texture { get; }

    /// <summary>∂L/∂ℓ for the 27 lighting coefficients (<see cref="SphericalHarmonics"/> layout).</summary>
    public double[] Lighting { get; } = new double[SphericalHarmonics.CoefficientCount];

    /// <summary>∂L/∂R, the gradient with respect to the entries of the rotation matrix (not projected onto rotations).</summary>
    public Mat3 Rotation { get; internal set; }

    /// <summary>∂L/∂t.</summary>
    public Vec3 Translation { get; internal set; }

    /// <summary>∂L/∂s for the pose scale s.</summary>
    public double Scale { get; internal set; }

    /// <summary>∂L/∂f (focal length or orthographic scale).</summary>
    public double Focal { get; internal set; }

    /// <summary>∂L/∂cx.</summary>
    public double Cx { get; internal set; }

    /// <summary>∂L/∂cy.</summary>
    public double Cy { get; internal set; }

    /// <summary>Sets everything to zero.</summary>
    public void Clear()
    {
        Array.Clear(Positions);
        Array.Clear(VertexAlbedo);
        Array.Clear(Texture);
        Array.Clear(Lighting);
        Rotation = default;
        Translation = default;
        Scale = Focal = Cx = Cy = 0;
    }
}
