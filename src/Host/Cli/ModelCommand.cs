using System.CommandLine;
using System.Globalization;
using Facebench.Contracts;
using Facebench.Contracts.Morphable;
using Facebench.Host.Catalog;
using Facebench.Host.Pipelines;
using Facebench.Morphable.Wavefront;

namespace Facebench.Host.Cli;

/// <summary>
/// <c>facebench model info|export</c>: inspect a morphable-model component and write any instance of it as OBJ,
/// without writing a pipeline. The model is a component plugin id with its options given as <c>--with key=value</c>.
/// </summary>
public static class ModelCommand
{
    /// <summary>Builds the command group.</summary>
    public static Command Create()
    {
        var group = new Command("model", "Inspect a morphable model or export an instance of it as OBJ.");
        group.Subcommands.Add(CreateInfo());
        group.Subcommands.Add(CreateExport());
        return group;
    }

    private static Command CreateInfo()
    {
        var model = new Argument<string>("model") { Description = "A model file (FLAME .pkl/.npz, FaceVerse .npy, BFM .mat/.h5, eos .bin) or a model plugin id such as model.reference." };
        var with = With();
        var plugins = CommonOptions.Plugins();
        var command = new Command("info", "Vertex/triangle counts, components per basis, landmark embedding and unit of a model.") { model, with, plugins };
        command.SetAction(result => Info(result.GetValue(model)!, result.GetValue(with) ?? [], result.GetValue(plugins)));
        return command;
    }

    private static Command CreateExport()
    {
        var model = new Argument<string>("model") { Description = "A model file (FLAME .pkl/.npz, FaceVerse .npy, BFM .mat/.h5, eos .bin) or a model plugin id such as model.reference." };
        var with = With();
        var identity = new Option<string>("--identity") { Description = "Identity coefficients in standard deviations, comma-separated (missing ones are 0)." };
        var expression = new Option<string>("--expression") { Description = "Expression coefficients, comma-separated (missing ones are 0)." };
        var output = new Option<string>("--output", "-o") { Description = "The OBJ file to write.", Required = true };
        var plugins = CommonOptions.Plugins();
        var command = new Command("export", "Write the model's shape for given coefficients (default: the mean) as a Wavefront OBJ file.") { model, with, identity, expression, output, plugins };
        command.SetAction(result => Export(result.GetValue(model)!, result.GetValue(with) ?? [], result.GetValue(identity), result.GetValue(expression), result.GetValue(output)!, result.GetValue(plugins)));
        return command;
    }

    private static Option<string[]> With() => new("--with") { Description = "An option of the model plugin, key=value (e.g. --with path=../shared/models/sfm/sfm_shape_3448.bin)." };

    /// <summary>Prints a model's facts.</summary>
    public static int Info(string id, string[] with, string[]? pluginFolders)
    {
        try
        {
            var model = Load(id, with, pluginFolders);
            var landmarks = model.Landmarks;
            HostConsole.Table(["property", "value"],
            [
                ["name", model.Name],
                ["vertices", model.VertexCount.ToString(CultureInfo.InvariantCulture)],
                ["triangles", (model.Triangles.Length / 3).ToString(CultureInfo.InvariantCulture)],
                ["identity components", model.IdentityCount.ToString(CultureInfo.InvariantCulture)],
                ["expression components", model.ExpressionCount.ToString(CultureInfo.InvariantCulture)],
                ["texture coordinates", model.TextureCoordinates.Length > 0 ? "yes" : "no"],
                ["iBUG-68 landmarks mapped", $"{landmarks.MappedCount} of {LandmarkEmbedding.IbugCount}"],
                ["contour landmarks", landmarks.HasContours ? $"{landmarks.RightContourLandmarks.Count} right ({landmarks.RightContourVertices.Count} candidates), {landmarks.LeftContourLandmarks.Count} left ({landmarks.LeftContourVertices.Count} candidates)" : "none"],
                ["unit", $"{model.MillimetresPerUnit.ToString(CultureInfo.InvariantCulture)} mm per unit"],
                .. model is IArticulatedModel articulated
                    ? [(IReadOnlyList<string>)["articulated", $"{articulated.JointCount} joints ({string.Join(", ", articulated.JointNames)}), dynamic contour: {(articulated.DynamicContour is null ? "none" : "yes")}"]]
                    : Array.Empty<IReadOnlyList<string>>(),
            ]);
            return ExitCodes.Ok;
        }
        catch (PipelineException e)
        {
            HostConsole.Error(e.Message);
            return ExitCodes.InvalidInput;
        }
    }

    /// <summary>Writes an instance as OBJ.</summary>
    public static int Export(string id, string[] with, string? identity, string? expression, string output, string[]? pluginFolders)
    {
        try
        {
            var model = Load(id, with, pluginFolders);
            float[] alpha = ParseCoefficients(identity, "--identity", model.IdentityCount);
            float[] beta = ParseCoefficients(expression, "--expression", model.ExpressionCount);
            ObjWriter.WriteInstance(output, model, alpha, beta);
            HostConsole.Info($"Wrote {output}: {model.Name}, {model.VertexCount} vertices, {model.Triangles.Length / 3} triangles.");
            return ExitCodes.Ok;
        }
        catch (PipelineException e)
        {
            HostConsole.Error(e.Message);
            return ExitCodes.InvalidInput;
        }
        catch (IOException e)
        {
            HostConsole.Error($"{output}: {e.Message}");
            return ExitCodes.InvalidInput;
        }
    }

    private static IMorphableModel Load(string id, string[] with, string[]? pluginFolders)
    {
        if (File.Exists(id))
        {
            // A file: recognise its format and use the plugin that reads it.
            var format = Morphable.Formats.ModelFileFormat.Detect(id)
                ?? throw new PipelineException(new SourceMark(id, 0, 0), "not a model file Facebench recognises (FLAME .pkl/.npz, FaceVerse .npy, BFM .mat/.h5, eos .bin).");
            with = [$"{format.PathOption}={Path.GetFullPath(id)}", .. with];
            id = format.PluginId;
        }

        var catalog = CommonOptions.LoadCatalog(pluginFolders);
        var yaml = string.Join("\n", [$"name: model-{id.Replace('.', '-')}", "components:", $"  model: {{ use: {id} }}", "source: { use: none }"]);
        var root = (MappingNode)PipelineYamlReader.Parse(yaml, "facebench model");
        PipelineOverrides.Apply(root, with.Select(w => $"components.model.with.{w}"));
        var components = (MappingNode)root["components"]!;
        var use = new PluginUse(id, root.Mark, ((MappingNode)components["model"]!)["with"] as MappingNode, "model", "model");
        var definition = new PipelineDefinition
        {
            Name = "model",
            Seed = 0,
            FilePath = Path.Combine(Directory.GetCurrentDirectory(), "facebench-model.yaml"),
            Components = [use],
            Source = use,
            Stages = [],
            Reports = [],
            Root = root,
        };
        if (catalog.Find(id) is not { Kind: PluginKind.Component })
        {
            var models = catalog.Plugins.Where(p => p.Kind == PluginKind.Component && p.Id.StartsWith("model.", StringComparison.Ordinal)).Select(p => p.Id).Order(StringComparer.Ordinal);
            throw new PipelineException(new SourceMark("facebench model", 0, 0), $"'{id}' is not a model component{Suggestions.DidYouMean(id, models)} Models: {string.Join(", ", models)}.");
        }

        var pipeline = LoadedPipeline.LoadComponentsOnly(definition, catalog, new RunSettings(Path.GetTempPath(), 0, IsValidationOnly: false));
        return (IMorphableModel)pipeline.GetComponent("model", typeof(IMorphableModel), use.Mark);
    }

    private static float[] ParseCoefficients(string? text, string option, int count)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var values = text.Split(',', StringSplitOptions.TrimEntries).Select(t =>
            float.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out float v) && float.IsFinite(v)
                ? v
                : throw new PipelineException(new SourceMark(option, 0, 0), $"'{t}' is not a number.")).ToArray();
        return values.Length <= count ? values : throw new PipelineException(new SourceMark(option, 0, 0), $"{values.Length} coefficients given; the model has {count}.");
    }
}
