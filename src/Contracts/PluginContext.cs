namespace Facebench.Contracts;

/// <summary>What the host gives a plugin at initialisation: where things are, the seed and shared components.</summary>
public abstract class PluginContext
{
    /// <summary>Folder of the pipeline file; relative paths in it resolve against this folder.</summary>
    public abstract string PipelineDirectory { get; }

    /// <summary>Folder of the run being written (results, report, figures). May not exist yet during validation.</summary>
    public abstract string RunDirectory { get; }

    /// <summary>The pipeline's seed; plugins draw from named streams derived from it (see <see cref="Random(string)"/>).</summary>
    public abstract int Seed { get; }

    /// <summary>True while <c>facebench validate</c> checks a pipeline: load and check, but do no heavy work.</summary>
    public abstract bool IsValidationOnly { get; }

    /// <summary>
    /// Returns the component that an option annotated with <see cref="ComponentRefAttribute"/> names.
    /// </summary>
    /// <exception cref="PluginInputException">No such component, or it does not implement <typeparamref name="T"/>.</exception>
    public abstract T GetComponent<T>(string reference) where T : class;

    /// <summary>Reports something the user should know that does not stop the run.</summary>
    public abstract void Warn(string message);

    /// <summary>Reports progress of long initialisation work (loading, training).</summary>
    public abstract void Info(string message);

    /// <summary>
    /// The random stream named <paramref name="stream"/> for the whole run: stable across runs and processes, and
    /// independent of every other stream (see <see cref="StableRandom.For(int, string, string?)"/>).
    /// </summary>
    public StableRandom Random(string stream) => StableRandom.For(Seed, stream);

    /// <summary>
    /// The random stream named <paramref name="stream"/> for one sample, keyed by its id: the same draws whether the
    /// run is complete, limited, resumed, sharded or run with any number of workers.
    /// </summary>
    public StableRandom Random(string stream, string sampleId) => StableRandom.For(Seed, stream, sampleId);

    /// <summary>
    /// A 31-bit seed for one named stream, for libraries that take a seed rather than a generator: the low bits of
    /// <see cref="StableRandom.Hash(int, string, string?)"/>, stable across runs and processes.
    /// </summary>
    public int DeriveSeed(string stream) => (int)(StableRandom.Hash(Seed, stream) & 0x7FFFFFFF);
}
