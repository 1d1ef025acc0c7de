using Facebench.Contracts;

namespace Facebench.Host.Pipelines;

/// <summary>
/// The sources of a list-form <c>source:</c> read one after the other, each sample labelled <c>source: &lt;name&gt;</c>
/// (the entry's <c>name:</c>, default its plugin id). Ids are kept as each source gives them, so results, sharding
/// (by id) and merging treat the samples as a single source's; an id that occurs twice is refused, naming the source(s).
/// </summary>
internal sealed class SourceSequence(IReadOnlyList<(PluginUse Use, ISource Source)> sources) : ISource
{
    /// <summary>The label key every sample gets.</summary>
    public const string LabelKey = "source";

    /// <inheritdoc />
    public Type OptionsType => typeof(object);

    /// <inheritdoc />
    public long? CountHint => sources.All(s => s.Source.CountHint is not null) ? sources.Sum(s => s.Source.CountHint!.Value) : null;

    /// <inheritdoc />
    public void Initialize(object options, PluginContext context)
    {
        // The sources are initialised by the pipeline before they are sequenced.
    }

    /// <inheritdoc />
    /// <exception cref="PipelineException">A sample id occurs twice (in one source or in two).</exception>
    public IEnumerable<Sample> Read(CancellationToken cancellationToken)
    {
        var origin = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (use, source) in sources)
        {
            foreach (var sample in source.Read(cancellationToken))
            {
                if (origin.TryGetValue(sample.Id, out string? first))
                {
                    throw new PipelineException(use.Mark, first == use.Label
                        ? $"{use.Id}: sample id '{sample.Id}' occurs twice in source '{use.Label}' ({use.Path}); ids must be unique."
                        : $"sample id '{sample.Id}' comes from both source '{first}' and source '{use.Label}' ({use.Path}); ids must be unique across sources (e.g. point one source at a sub-folder, or rename the files).");
                }

                origin.Add(sample.Id, use.Label);
                yield return sample.WithLabel(LabelKey, use.Label);
            }
        }
    }
}
