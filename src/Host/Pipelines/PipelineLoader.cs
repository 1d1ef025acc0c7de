namespace Facebench.Host.Pipelines;

/// <summary>Reads a pipeline file into a checked definition: YAML → overrides → <c>${ENV}</c> → shape.</summary>
public static class PipelineLoader
{
    /// <summary>Loads and checks the shape of a pipeline file.</summary>
    /// <param name="path">The pipeline file.</param>
    /// <param name="overrides"><c>--set key=value</c> overrides, applied in order.</param>
    /// <param name="environment">Variable lookup for <c>${NAME}</c>; defaults to the process environment.</param>
    public static PipelineDefinition Load(string path, IEnumerable<string>? overrides = null, Func<string, string?>? environment = null)
    {
        var root = PipelineYamlReader.ReadFile(path);
        if (root is not MappingNode map)
        {
            throw new PipelineException(root.Mark, $"a pipeline is a mapping with keys {string.Join(", ", PipelineSchema.TopLevelKeys)}; found {root.ShapeName}.");
        }

        PipelineOverrides.Apply(map, overrides ?? []);
        EnvironmentExpansion.Expand(map, environment ?? Environment.GetEnvironmentVariable);
        return PipelineSchema.Read(map, path);
    }
}
