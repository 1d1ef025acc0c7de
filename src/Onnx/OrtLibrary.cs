using System.Runtime.InteropServices;
using Facebench.Onnx.Native;

namespace Facebench.Onnx;

/// <summary>
/// ONNX Runtime's native library, found, loaded and initialised once per process: the <c>OrtApi</c> function table and
/// the process-wide <c>OrtEnv</c>. Lookup order (first hit wins): an explicit path (a plugin's <c>library</c> option),
/// then <see cref="EnvironmentVariable"/>, then <c>tools/onnxruntime/</c> in the repository (filled by
/// <c>./build.sh --target=assets</c> from the npm package <c>onnxruntime-node@1.30.0</c>), then the system's library
/// search path. A path may name the library file or the folder holding it.
/// </summary>
public sealed unsafe class OrtLibrary
{
    /// <summary>Environment variable naming the library file (or its folder).</summary>
    public const string EnvironmentVariable = "FACEBENCH_ONNXRUNTIME";

    /// <summary>The <see cref="OrtLibraryCandidate.Source"/> of names resolved by the system's loader.</summary>
    public const string SystemSource = "system library path";

    /// <summary>What to run to get a library, quoted in every not-found error.</summary>
    public const string InstallHint =
        "install it with `./build.sh --target=assets` (unpacks libonnxruntime from the npm package onnxruntime-node@1.30.0 into tools/onnxruntime/), " +
        $"or set {EnvironmentVariable} to the library's path, or install ONNX Runtime 1.16 or newer on the system's library path";

    private static readonly Lock Gate = new();
    private static OrtLibrary? _loaded;

    private readonly nint _env;

    private OrtLibrary(string path, string source, nint handle)
    {
        Path = path;
        Source = source;
        var getApiBase = (delegate* unmanaged<nint>)NativeLibrary.GetExport(handle, "OrtGetApiBase");
        nint apiBase = getApiBase();
        var getApi = (delegate* unmanaged<uint, nint>)((nint*)apiBase)[0];
        var getVersion = (delegate* unmanaged<byte*>)((nint*)apiBase)[1];
        Version = Marshal.PtrToStringUTF8((nint)getVersion()) ?? "unknown";
        nint table = getApi(OrtApiSlots.RequestedVersion);
        if (table == 0)
        {
            throw new OrtLibraryNotFoundException(
                $"ONNX Runtime {Version} at {path} does not serve C API version {OrtApiSlots.RequestedVersion} (it is older than 1.{OrtApiSlots.RequestedVersion}); {InstallHint}.");
        }

        Api = new OrtApi(table);
        BuildInfo = Marshal.PtrToStringUTF8((nint)Api.GetBuildInfoString()) ?? "";
        nint env;
        fixed (byte* logId = "facebench\0"u8)
        {
            Api.Check(Api.CreateEnv((int)OrtLoggingLevel.Warning, logId, &env), "creating the ONNX Runtime environment");
        }

        // The environment lives as long as the process: sessions may be finalised in any order, and ORT requires
        // the environment to outlive them, so it is deliberately never released.
        _env = env;
        AvailableProviders = ReadProviders();
    }

    /// <summary>The library file that was loaded (or the bare name the system's loader resolved).</summary>
    public string Path { get; }

    /// <summary>Where the library was found (see <see cref="OrtLibraryCandidate.Source"/>).</summary>
    public string Source { get; }

    /// <summary>ORT's version string, e.g. <c>1.30.0</c>.</summary>
    public string Version { get; }

    /// <summary>ORT's build description (git commit, build type).</summary>
    public string BuildInfo { get; }

    /// <summary>Execution providers compiled into the library, e.g. <c>CPUExecutionProvider</c>.</summary>
    public IReadOnlyList<string> AvailableProviders { get; }

    /// <summary>The library loaded in this process, if any.</summary>
    public static OrtLibrary? Loaded => Volatile.Read(ref _loaded);

    internal OrtApi Api { get; }

    internal nint Env => _env;

    /// <summary>The loaded library, loading it by the default lookup order on first use.</summary>
    /// <exception cref="OrtLibraryNotFoundException">No usable library was found; the message says how to install one.</exception>
    public static OrtLibrary Instance => Volatile.Read(ref _loaded) ?? Load();

    /// <summary>
    /// Loads the library once per process. A process can hold one ONNX Runtime: asking for a different file once one is
    /// loaded is an error.
    /// </summary>
    /// <param name="explicitPath">A library file or its folder; null or empty for the default lookup order.</param>
    /// <exception cref="OrtLibraryNotFoundException">No usable library was found; the message lists where it looked.</exception>
    /// <exception cref="InvalidOperationException">Another library file is already loaded.</exception>
    public static OrtLibrary Load(string? explicitPath = null)
    {
        lock (Gate)
        {
            if (_loaded is { } loaded)
            {
                if (!string.IsNullOrEmpty(explicitPath) && !SameLibrary(loaded.Path, explicitPath))
                {
                    throw new InvalidOperationException(
                        $"ONNX Runtime is already loaded from {loaded.Path} ({loaded.Source}); a process can use only one, so {explicitPath} cannot be loaded too. Name the same library everywhere, or leave the path option empty.");
                }

                return loaded;
            }

            var tried = new List<string>();
            Exception? lastError = null;
            foreach (OrtLibraryCandidate candidate in Candidates(explicitPath))
            {
                if (!candidate.IsSystemName && !File.Exists(candidate.Path))
                {
                    tried.Add($"{candidate.Path} ({candidate.Source}: no such file)");
                    continue;
                }

                if (!NativeLibrary.TryLoad(candidate.Path, out nint handle))
                {
                    try
                    {
                        // Load again only to get the loader's message (a missing dependency, a wrong architecture).
                        NativeLibrary.Load(candidate.Path);
                    }
                    catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
                    {
                        lastError = e;
                    }

                    tried.Add($"{candidate.Path} ({candidate.Source}: {(candidate.IsSystemName ? "not found" : "could not be loaded: " + lastError?.Message)})");
                    continue;
                }

                if (!NativeLibrary.TryGetExport(handle, "OrtGetApiBase", out _))
                {
                    tried.Add($"{candidate.Path} ({candidate.Source}: not ONNX Runtime, it has no OrtGetApiBase)");
                    continue;
                }

                var library = new OrtLibrary(candidate.IsSystemName ? candidate.Path : System.IO.Path.GetFullPath(candidate.Path), candidate.Source, handle);
                Volatile.Write(ref _loaded, library);
                return library;
            }

            throw new OrtLibraryNotFoundException(
                $"ONNX Runtime's native library was not found; {InstallHint}. Looked for: {string.Join("; ", tried)}.", lastError);
        }
    }

    /// <summary>
    /// The places the library is looked for, in order, without loading anything: the explicit path, then
    /// <see cref="EnvironmentVariable"/>, then <c>tools/onnxruntime/</c> in every folder above this assembly and the
    /// program, then bare names for the system's loader.
    /// </summary>
    /// <param name="explicitPath">A library file or its folder; null or empty to skip.</param>
    /// <param name="environmentValue">The environment variable's value; by default read from the process environment.</param>
    public static IReadOnlyList<OrtLibraryCandidate> Candidates(string? explicitPath, string? environmentValue = null)
    {
        var candidates = new List<OrtLibraryCandidate>();
        if (!string.IsNullOrEmpty(explicitPath))
        {
            candidates.AddRange(Expand(explicitPath, "option"));
        }

        environmentValue ??= Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(environmentValue))
        {
            candidates.AddRange(Expand(environmentValue, EnvironmentVariable));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string? start in new[] { System.IO.Path.GetDirectoryName(typeof(OrtLibrary).Assembly.Location), AppContext.BaseDirectory })
        {
            for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string tools = System.IO.Path.Combine(dir.FullName, "tools", "onnxruntime");
                if (seen.Add(tools) && Directory.Exists(tools))
                {
                    candidates.AddRange(FileNames().Select(n => new OrtLibraryCandidate(System.IO.Path.Combine(tools, n), "tools/onnxruntime")));
                }
            }
        }

        candidates.AddRange(FileNames().Select(n => new OrtLibraryCandidate(n, SystemSource)));
        return candidates;
    }

    /// <summary>The library's file names on this operating system, most specific first.</summary>
    public static IReadOnlyList<string> FileNames() =>
        OperatingSystem.IsWindows() ? ["onnxruntime.dll"]
        : OperatingSystem.IsMacOS() ? ["libonnxruntime.dylib", "libonnxruntime.1.dylib"]
        : ["libonnxruntime.so.1", "libonnxruntime.so"];

    /// <summary>A path option may name the folder that holds the library: then each file name in it is a candidate.</summary>
    private static IEnumerable<OrtLibraryCandidate> Expand(string path, string source) =>
        Directory.Exists(path)
            ? FileNames().Select(n => new OrtLibraryCandidate(System.IO.Path.Combine(path, n), source))
            : [new OrtLibraryCandidate(path, source)];

    private static bool SameLibrary(string loaded, string requested)
    {
        string file = Directory.Exists(requested) ? requested : System.IO.Path.GetFullPath(requested);
        return Directory.Exists(requested)
            ? string.Equals(System.IO.Path.GetDirectoryName(loaded), System.IO.Path.GetFullPath(requested).TrimEnd(System.IO.Path.DirectorySeparatorChar), StringComparison.Ordinal)
            : string.Equals(loaded, file, StringComparison.Ordinal);
    }

    private string[] ReadProviders()
    {
        byte** names;
        int count;
        Api.Check(Api.GetAvailableProviders(&names, &count), "listing ONNX Runtime's execution providers");
        var providers = new string[count];
        for (int i = 0; i < count; i++)
        {
            providers[i] = Marshal.PtrToStringUTF8((nint)names[i]) ?? "";
        }

        Api.Check(Api.ReleaseAvailableProviders(names, count), "releasing the execution provider list");
        return providers;
    }
}
