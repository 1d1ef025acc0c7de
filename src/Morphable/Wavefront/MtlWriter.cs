using System.Text;

namespace Facebench.Morphable.Wavefront;

/// <summary>
/// Writes a Wavefront material library (.mtl) with one diffuse-textured material: what an OBJ with <c>vt</c> needs for
/// a viewer to show a baked texture image (MTL spec: <c>newmtl</c>, <c>Kd</c>, <c>map_Kd</c>).
/// </summary>
public static class MtlWriter
{
    /// <summary>Writes the library.</summary>
    /// <param name="path">Destination .mtl file.</param>
    /// <param name="name">The material's name (what the OBJ's <c>usemtl</c> names).</param>
    /// <param name="diffuseMap">The texture image, relative to the .mtl's folder.</param>
    public static void Write(string path, string name, string diffuseMap)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(diffuseMap);
        // White diffuse and no ambient or specular: the image alone gives the colour (it holds albedo, not shading).
        File.WriteAllText(path, $"newmtl {name}\nKa 0 0 0\nKd 1 1 1\nKs 0 0 0\nillum 1\nmap_Kd {diffuseMap}\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }
}
