namespace Facebench.Contracts;

/// <summary>What the host gives a plugin at initialisation: where things are, the seed and shared components.</summary>
public abstract class PluginContext
{
    /// <summary>Folder of the pipeline file; relative paths in it resolve against this folder.</summary>
    public abstract string PipelineDirectory { get; }

    /// <summary>Folder of the run being written (results, report, figures). May not exist yet during validation.</summary>
    public abstract string RunDirectory { get; }

    /// <summary>The pipeline's seed; plugins derive their own streams from it (see <see cref="DeriveSeed"/>).</summary>
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
    /// A seed for one named random stream, stable across runs and independent of other streams:
    /// FNV-1a over the pipeline seed and the stream name.
    /// </summary>
    public int DeriveSeed(string stream)
    {
        unchecked
        {
            uint hash = 2166136261;
            foreach (byte b in BitConverter.GetBytes(Seed))
            {
                hash = (hash ^ b) * 16777619;
            }

            foreach (char c in stream)
            {
                hash = (hash ^ (byte)c) * 16777619;
                hash = (hash ^ (byte)(c >> 8)) * 16777619;
            }

            return (int)(hash & 0x7FFFFFFF);
        }
    }
}
