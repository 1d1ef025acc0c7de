namespace Facebench.Morphable.Eos;

/// <summary>
/// Reads eos's model files. The layout was learnt from eos's public headers (<c>MorphableModel.hpp</c>,
/// <c>PcaModel.hpp</c>, <c>Blendshape.hpp</c>, <c>io/eigen_cerealisation.hpp</c>, <c>cpp17/*_serialization.hpp</c>)
/// and cereal's binary archive; see <see cref="CerealBinaryReader"/> for the primitives.
/// <code>
/// MorphableModel := uint32 version (1..4)
///                   PcaModel shape, PcaModel colour,
///                   [v≥2] optional&lt;variant&lt;PcaModel, vector&lt;Blendshape&gt;&gt;&gt; expression,
///                   [v≥3] optional&lt;unordered_map&lt;string, int32&gt;&gt; landmark_definitions,
///                   vector&lt;array&lt;double, 2&gt;&gt; texture_coordinates,
///                   [v≥4] vector&lt;array&lt;int32, 3&gt;&gt; texture_triangle_indices
/// PcaModel       := Eigen mean [3N×1], Eigen orthonormal_pca_basis [3N×K], Eigen eigenvalues [K×1],
///                   vector&lt;array&lt;int32, 3&gt;&gt; triangle_list
/// Blendshape     := string name, Eigen deformation [3N×1]
/// Eigen matrix   := int32 rows, int32 cols, rows·cols floats (column-major)
/// optional&lt;T&gt;    := bool nullopt (1 = empty), then T when not empty
/// variant        := int32 index, then the alternative
/// </code>
/// </summary>
internal static class EosArchiveReader
{
    private const string ModelExpected = "an eos MorphableModel archive (cereal binary, class version 1–4)";
    private const string BlendshapesExpected = "an eos blendshapes archive (cereal binary vector<Blendshape>)";

    /// <summary>Longest name accepted for a blendshape or landmark: a sanity bound against foreign files.</summary>
    private const int MaxNameLength = 4096;

    /// <summary>Reads a MorphableModel archive.</summary>
    public static EosMorphableModel ReadModel(string path)
    {
        var reader = new CerealBinaryReader(path, ModelExpected);
        uint version = reader.ReadUInt32("the MorphableModel class version");
        if (version is < 1 or > 4)
        {
            throw reader.Error($"the archive starts with version {version} (0x{version:X8})");
        }

        EosPcaModel shape = ReadPcaModel(reader, "shape model");
        if (shape.IsEmpty || shape.OrthonormalBasis.Cols == 0)
        {
            throw reader.Error("the shape model is empty");
        }

        EosPcaModel color = ReadPcaModel(reader, "colour model");
        if (!color.IsEmpty && color.Mean.Length != shape.Mean.Length)
        {
            throw reader.Error($"the colour model has {color.Mean.Length / 3} vertices, the shape model {shape.Mean.Length / 3}");
        }

        EosPcaModel? expressionPca = null;
        IReadOnlyList<EosBlendshape>? blendshapes = null;
        if (version >= 2 && !reader.ReadBool("the expression model's nullopt flag"))
        {
            int alternative = reader.ReadInt32("the expression model's variant index");
            switch (alternative)
            {
                case 0:
                    expressionPca = ReadPcaModel(reader, "expression PCA model");
                    break;
                case 1:
                    blendshapes = ReadBlendshapeList(reader);
                    break;
                default:
                    throw reader.Error($"the expression model's variant index is {alternative}; 0 (PCA) or 1 (blendshapes) expected");
            }
        }

        IReadOnlyDictionary<string, int>? landmarks = null;
        if (version >= 3 && !reader.ReadBool("the landmark definitions' nullopt flag"))
        {
            // An unordered_map: size tag, then (key, value) pairs; each pair is at least 8 + 4 bytes.
            int count = reader.ReadSize("landmark definitions", 12);
            var map = new Dictionary<string, int>(count, StringComparer.Ordinal);
            for (int i = 0; i < count; i++)
            {
                string name = reader.ReadString("a landmark name", MaxNameLength);
                map[name] = reader.ReadInt32($"landmark '{name}'");
            }

            landmarks = map;
        }

        int uvCount = reader.ReadSize("texture coordinates", 16);
        double[] uvs = reader.ReadDoubles(2 * uvCount, "texture coordinates");
        int[] textureTriangles = version >= 4 ? ReadTriangles(reader, "texture triangles") : [];
        reader.ExpectEnd();

        int n = shape.Mean.Length / 3;
        if (uvCount != 0 && uvCount != n)
        {
            throw reader.Error($"{uvCount} texture coordinates for {n} vertices");
        }

        CheckExpression(reader, n, expressionPca, blendshapes);
        return new EosMorphableModel(version, shape, color, expressionPca, blendshapes, landmarks, uvs, textureTriangles);
    }

    /// <summary>Reads a blendshapes archive (a bare <c>std::vector&lt;Blendshape&gt;</c>, as eos's <c>save_blendshapes</c> writes).</summary>
    public static IReadOnlyList<EosBlendshape> ReadBlendshapes(string path)
    {
        var reader = new CerealBinaryReader(path, BlendshapesExpected);
        IReadOnlyList<EosBlendshape> result = ReadBlendshapeList(reader);
        reader.ExpectEnd();
        return result;
    }

    private static List<EosBlendshape> ReadBlendshapeList(CerealBinaryReader reader)
    {
        // Each blendshape is at least a name size tag (8) and a matrix header (8).
        int count = reader.ReadSize("the blendshape count", 16);
        var result = new List<EosBlendshape>(count);
        for (int i = 0; i < count; i++)
        {
            string name = reader.ReadString($"the name of blendshape {i}", MaxNameLength);
            EigenMatrix deformation = reader.ReadEigenMatrix($"blendshape '{name}'");
            if (deformation.Cols != 1 || deformation.Rows % 3 != 0)
            {
                throw reader.Error($"blendshape '{name}' is {deformation.Rows} × {deformation.Cols}; a 3N × 1 vector expected");
            }

            if (result.Count > 0 && deformation.Rows != result[0].Deformation.Length)
            {
                throw reader.Error($"blendshape '{name}' has {deformation.Rows / 3} vertices, blendshape '{result[0].Name}' {result[0].Deformation.Length / 3}");
            }

            result.Add(new EosBlendshape(name, deformation.Data));
        }

        return result;
    }

    private static EosPcaModel ReadPcaModel(CerealBinaryReader reader, string what)
    {
        EigenMatrix mean = reader.ReadEigenMatrix($"the {what}'s mean");
        EigenMatrix basis = reader.ReadEigenMatrix($"the {what}'s basis");
        EigenMatrix eigenvalues = reader.ReadEigenMatrix($"the {what}'s eigenvalues");
        int[] triangles = ReadTriangles(reader, $"the {what}'s triangles");
        if (mean.IsEmpty)
        {
            // eos writes an absent model (e.g. the colour model of a shape-only file) as empty matrices.
            if (!basis.IsEmpty || !eigenvalues.IsEmpty)
            {
                throw reader.Error($"the {what} has no mean but a non-empty basis");
            }

            return new EosPcaModel([], basis, [], triangles);
        }

        if (mean.Cols != 1 || mean.Rows % 3 != 0)
        {
            throw reader.Error($"the {what}'s mean is {mean.Rows} × {mean.Cols}; a 3N × 1 vector expected");
        }

        if (basis.Rows != mean.Rows)
        {
            throw reader.Error($"the {what}'s basis has {basis.Rows} rows, its mean {mean.Rows}");
        }

        if (eigenvalues.Cols != 1 || eigenvalues.Rows != basis.Cols)
        {
            throw reader.Error($"the {what} has {eigenvalues.Rows} × {eigenvalues.Cols} eigenvalues for {basis.Cols} basis vectors");
        }

        foreach (float lambda in eigenvalues.Data)
        {
            if (!(lambda > 0) || !float.IsFinite(lambda))
            {
                throw reader.Error($"the {what} has the eigenvalue {lambda}; variances must be positive");
            }
        }

        int n = mean.Rows / 3;
        foreach (int v in triangles)
        {
            if ((uint)v >= (uint)n)
            {
                throw reader.Error($"the {what}'s triangle list refers to vertex {v} of {n}");
            }
        }

        return new EosPcaModel(mean.Data, basis, eigenvalues.Data, triangles);
    }

    private static int[] ReadTriangles(CerealBinaryReader reader, string what)
    {
        int count = reader.ReadSize(what, 12);
        return reader.ReadInt32s(3 * count, what);
    }

    private static void CheckExpression(CerealBinaryReader reader, int n, EosPcaModel? pca, IReadOnlyList<EosBlendshape>? blendshapes)
    {
        if (pca is not null && pca.Mean.Length != 3 * n)
        {
            throw reader.Error($"the expression model has {pca.Mean.Length / 3} vertices, the shape model {n}");
        }

        if (blendshapes is { Count: > 0 } && blendshapes[0].Deformation.Length != 3 * n)
        {
            throw reader.Error($"the blendshapes have {blendshapes[0].Deformation.Length / 3} vertices, the shape model {n}");
        }
    }
}
