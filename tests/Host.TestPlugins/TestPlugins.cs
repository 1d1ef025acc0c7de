using Facebench.Contracts;
using Facebench.Plotting;

namespace Facebench.Host.TestPlugins;

/// <summary>Options of <c>test.count</c>.</summary>
public sealed class CountOptions
{
    [Option("Number of samples.")]
    public int Count { get; set; } = 10;

    [Option("Label values assigned round-robin to label 'group'.")]
    public string[] Groups { get; set; } = ["a", "b"];

    [Option("Start of every id (ids are <prefix>-0000, ...).")]
    public string IdPrefix { get; set; } = "item";
}

/// <summary>Yields <c>count</c> samples with a deterministic value facet and a group label.</summary>
[Plugin("test.count", PluginKind.Source, "1.0.0", "Test source: N numbered samples")]
public sealed class CountSource : Plugin<CountOptions>, ISource
{
    public static readonly FacetKey<double> Value = new("value");

    public long? CountHint => Options.Count;

    public IEnumerable<Sample> Read(CancellationToken cancellationToken)
    {
        for (int i = 0; i < Options.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new Sample($"{Options.IdPrefix}-{i:D4}")
                .WithLabel("group", Options.Groups[i % Options.Groups.Length])
                .With(Value, ((i * 37) + Context.Seed) % 101);
        }
    }
}

/// <summary>Options of <c>test.work</c>.</summary>
public sealed class WorkOptions
{
    [Option("Milliseconds to sleep per sample.")]
    public int DelayMs { get; set; }

    [Option("Fail samples whose number is a multiple of this (0: never).")]
    public int FailEvery { get; set; }

    [Option("Throw a PluginInputException at initialisation when set.")]
    public string? RequireFile { get; set; }
}

/// <summary>Doubles the value facet, optionally slowly, optionally failing some samples.</summary>
[Plugin("test.work", PluginKind.Stage, "1.0.0", "Test stage: doubles 'value', sleeps, fails on request")]
public sealed class WorkStage : Plugin<WorkOptions>, IStage
{
    public static readonly FacetKey<double> Doubled = new("doubled");

    protected override void OnInitialize()
    {
        if (Options.RequireFile is { } file && !File.Exists(file))
        {
            throw new PluginInputException("required file is missing.", file);
        }
    }

    public Sample Process(Sample sample, CancellationToken cancellationToken)
    {
        if (Options.DelayMs > 0)
        {
            cancellationToken.WaitHandle.WaitOne(Options.DelayMs);
            cancellationToken.ThrowIfCancellationRequested();
        }

        int number = int.Parse(sample.Id.AsSpan(sample.Id.LastIndexOf('-') + 1), System.Globalization.CultureInfo.InvariantCulture);
        if (Options.FailEvery > 0 && number % Options.FailEvery == 0)
        {
            throw new InvalidOperationException($"sample {number} fails on purpose");
        }

        return sample.With(Doubled, 2 * sample.Get(CountSource.Value));
    }
}

/// <summary>Reports the sum of the doubled values per group.</summary>
[Plugin("test.sum", PluginKind.Report, "1.0.0", "Test report: sums 'doubled' per group")]
public sealed class SumReport : Plugin<NoOptions>, IReportSection
{
    public ReportSection Build(ReportContext context)
    {
        var section = new ReportSection("Sums");
        var ok = context.Succeeded.Where(s => s.Has(WorkStage.Doubled)).ToList(); // a `when:` may skip test.work
        section.Metric("samples", ok.Count).Metric("sum", ok.Sum(s => s.Get(WorkStage.Doubled)));
        section.Table(new ReportTable("per group", ["group", "sum"], [.. ok.GroupBy(s => s.Labels["group"]).OrderBy(g => g.Key).Select(g => (IReadOnlyList<string>)[g.Key, g.Sum(s => s.Get(WorkStage.Doubled)).ToString(System.Globalization.CultureInfo.InvariantCulture)])]));
        var plot = HouseStyle.NewPlot();
        double[] values = [.. ok.Select(s => (double)s.Get(WorkStage.Doubled))];
        double[] index = [.. Enumerable.Range(0, values.Length).Select(i => (double)i)];
        plot.Add.ScatterPoints(index, values).LegendText = "doubled";
        plot.Title("Doubled values");
        section.Figure("dots", plot, "One dot per sample.", new FigureSize(320, 200));
        return section;
    }
}

/// <summary>A component with a name, to test component references.</summary>
public sealed class NamedOptions
{
    [Option("The name the component reports.")]
    public string Name { get; set; } = "unnamed";
}

/// <summary>A trivial component.</summary>
[Plugin("test.named", PluginKind.Component, "1.0.0", "Test component: carries a name")]
public sealed class NamedComponent : Plugin<NamedOptions>, IComponent
{
    public string Name => Options.Name;
}

/// <summary>Options of <c>test.uses</c>.</summary>
public sealed class UsesOptions
{
    [Option("A test.named component.")]
    [ComponentRef(typeof(NamedComponent))]
    public string Thing { get; set; } = "thing";

    [Option("Required number, to test missing options.")]
    public required int Level { get; set; }

    [Option("Mode.")]
    public UsesMode Mode { get; set; } = UsesMode.Fast;

    [Option("A file path resolved against the pipeline.")]
    [ResolvePath]
    public string File { get; set; } = "";
}

/// <summary>Modes of <c>test.uses</c>.</summary>
public enum UsesMode
{
    Fast,
    VerySlow,
}

/// <summary>A stage that needs a component and a required option.</summary>
[Plugin("test.uses", PluginKind.Stage, "1.0.0", "Test stage: needs a component")]
public sealed class UsesStage : Plugin<UsesOptions>, IStage
{
    public static readonly FacetKey<string> Thing = new("thing");
    public static readonly FacetKey<string> FilePath = new("file_path");

    private NamedComponent? _thing;

    protected override void OnInitialize() => _thing = Context.GetComponent<NamedComponent>(Options.Thing);

    public Sample Process(Sample sample, CancellationToken cancellationToken) =>
        sample.With(Thing, _thing!.Name).With(FilePath, Options.File);
}

/// <summary>Options of <c>test.tally</c>.</summary>
public sealed class TallyOptions
{
    [Option("Throw instead of tallying.")]
    public bool Fail { get; set; }
}

/// <summary>What <c>test.tally</c> stores.</summary>
public sealed record Tally(IReadOnlyDictionary<string, long> SumByGroup, long Samples);

/// <summary>
/// Test analysis: sums 'doubled' per group, and appends a line to <c>tally-invocations.txt</c> in the run folder
/// each time it runs, so that tests can count how often the host ran it.
/// </summary>
[Plugin("test.tally", PluginKind.Analysis, "1.0.0", "Test analysis: sums 'doubled' per group, counting its invocations")]
public sealed class TallyAnalysis : Plugin<TallyOptions>, IAnalysis
{
    /// <summary>The file each invocation appends to.</summary>
    public const string InvocationsFile = "tally-invocations.txt";

    public object Analyze(ReportContext context)
    {
        File.AppendAllText(Path.Combine(context.RunDirectory, InvocationsFile), "analyze\n");
        if (Options.Fail)
        {
            throw new InvalidOperationException("the tally was told to fail");
        }

        var ok = context.Succeeded.ToList();
        return new Tally(ok.GroupBy(s => s.Labels["group"]).ToDictionary(g => g.Key, g => g.Sum(s => (long)s.Get(WorkStage.Doubled))), ok.Count);
    }
}

/// <summary>Options of <c>test.tally-report</c>.</summary>
public sealed class TallyReportOptions
{
    [Option("The analysis to show.")]
    public string Analysis { get; set; } = "test.tally";
}

/// <summary>Test report: shows the stored output of <c>test.tally</c>.</summary>
[Plugin("test.tally-report", PluginKind.Report, "1.0.0", "Test report: renders test.tally's stored output")]
public sealed class TallyReport : Plugin<TallyReportOptions>, IReportSection
{
    public ReportSection Build(ReportContext context)
    {
        Tally tally = context.Analysis<Tally>(Options.Analysis);
        var section = new ReportSection("Tally").Metric("samples", tally.Samples);
        foreach (var (group, sum) in tally.SumByGroup.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            section.Metric($"sum.{group}", sum);
        }

        return section;
    }
}
