using Facebench.Contracts;
using Facebench.Contracts.Morphable;

namespace Facebench.Plugins.Models.Published;

/// <summary>
/// What the published-model components share: resolving the file (relative to the pipeline), the <c>optional</c>
/// switch (no file configured → the component reports itself unavailable instead of failing, see
/// <see cref="IOptionalModel"/>), truncation of components, and a one-line summary.
/// </summary>
/// <typeparam name="TOptions">The plugin's options.</typeparam>
public abstract class PublishedModelPlugin<TOptions> : Plugin<TOptions>, IComponent<IMorphableModel>, IOptionalModel
    where TOptions : PublishedModelOptions
{
    private IMorphableModel? _model;

    /// <summary>The plugin id, for messages.</summary>
    protected abstract string Id { get; }

    /// <summary>What the file is, for the "no path" message, e.g. "the FLAME model file (generic_model.pkl, flame2023.pkl or an .npz conversion)".</summary>
    protected abstract string Expected { get; }

    /// <inheritdoc />
    public IMorphableModel Instance => _model ?? throw new PluginInputException($"{Id} is not available: {UnavailableReason ?? "used before Initialize"}");

    /// <inheritdoc />
    public bool IsAvailable => _model is not null;

    /// <inheritdoc />
    public string? UnavailableReason { get; private set; }

    /// <inheritdoc />
    protected override void OnInitialize()
    {
        string? path = Resolve(Options.Path);
        if (path is null || (Options.Optional && !File.Exists(path)))
        {
            string reason = path is null ? $"no 'path' given; set it to {Expected}" : $"{path} does not exist";
            if (!Options.Optional)
            {
                throw new PluginInputException($"{Id}: {reason}");
            }

            UnavailableReason = reason;
            Context.Info($"{Id}: not configured ({reason}); skipped");
            return;
        }

        if (Options.IdentityComponents < 0)
        {
            throw new PluginInputException($"{Id}: option 'identity_components' is {Options.IdentityComponents}; expected 0 (all) or a number of components");
        }

        IMorphableModel model = Load(path);
        int identity = Options.IdentityComponents == 0 ? model.IdentityCount : Options.IdentityComponents;
        int expression = Options.ExpressionComponents < 0 ? model.ExpressionCount : Options.ExpressionComponents;
        _model = Truncate(model, identity, expression);
        Context.Info($"{Id}: {_model.Name}, {_model.VertexCount} vertices, {_model.IdentityCount} identity and {_model.ExpressionCount} expression components, {_model.Landmarks.MappedCount} mapped landmarks, {_model.MillimetresPerUnit} mm per unit");
        if (_model.Landmarks.MappedCount < 4)
        {
            Context.Warn($"{Id}: {path} gives only {_model.Landmarks.MappedCount} mapped iBUG landmarks; landmark fitting needs a landmark embedding (see the 'landmarks' option)");
        }
    }

    /// <summary>Reads the model.</summary>
    protected abstract IMorphableModel Load(string path);

    /// <summary>Keeps the leading components.</summary>
    protected abstract IMorphableModel Truncate(IMorphableModel model, int identity, int expression);

    /// <summary>An option's path resolved against the pipeline folder, or null when empty.</summary>
    protected string? Resolve(string? path) => string.IsNullOrWhiteSpace(path) ? null : System.IO.Path.GetFullPath(path, Context.PipelineDirectory);

    /// <summary>An option's path, or the first of the candidate names that exists beside the model file.</summary>
    protected string? ResolveOrBeside(string? option, string modelPath, params string[] candidates)
    {
        if (string.Equals(option, "none", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (Resolve(option) is { } given)
        {
            return given;
        }

        string folder = System.IO.Path.GetDirectoryName(modelPath) ?? ".";
        return candidates.Select(c => System.IO.Path.Combine(folder, c)).FirstOrDefault(File.Exists);
    }
}

/// <summary>Options every published-model component has.</summary>
public abstract class PublishedModelOptions
{
    [Option("The model file, relative to the pipeline file. Often given as ${ENV_VAR:-} in shared pipelines.")]
    [ResolvePath]
    public string Path { get; set; } = "";

    [Option("When true, a missing file makes the component unavailable (pipelines that compare models skip it with a note) instead of an error.")]
    public bool Optional { get; set; }

    [Option("Identity components to keep (leading ones); 0 keeps all.")]
    public int IdentityComponents { get; set; }

    [Option("Expression components to keep; -1 keeps all.")]
    public int ExpressionComponents { get; set; } = -1;
}
