namespace Facebench.Morphable.Wavefront;

/// <summary>A material an OBJ file refers to: its <c>mtllib</c> file (relative to the OBJ) and its <c>usemtl</c> name.</summary>
/// <param name="Library">The .mtl file name, relative to the OBJ's folder.</param>
/// <param name="Name">The material's name in that file.</param>
public sealed record ObjMaterial(string Library, string Name);
