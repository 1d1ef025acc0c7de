using System.Reflection;
using System.Runtime.Loader;

namespace Facebench.Host.Catalog;

/// <summary>
/// One load context for the whole plugins folder: plugins share their libraries with each other (so a
/// model from one plugin assembly is the same type in another), and share with the host everything the
/// host itself ships (Contracts above all), so that contract types have one identity.
/// </summary>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private static readonly HashSet<string> HostAssemblies = ReadHostAssemblies();
    private readonly string _folder;

    public PluginLoadContext(string folder)
        : base($"facebench-plugins:{folder}", isCollectible: false)
    {
        _folder = folder;
    }

    /// <summary>True when the host process provides an assembly of this simple name.</summary>
    public static bool IsHostAssembly(string simpleName) => HostAssemblies.Contains(simpleName);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is null || HostAssemblies.Contains(assemblyName.Name))
        {
            return null; // the default context provides it
        }

        string candidate = Path.Combine(_folder, assemblyName.Name + ".dll");
        return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        foreach (string name in new[] { unmanagedDllName, $"lib{unmanagedDllName}.so", $"{unmanagedDllName}.so", $"{unmanagedDllName}.dll" })
        {
            string candidate = Path.Combine(_folder, name);
            if (File.Exists(candidate))
            {
                return LoadUnmanagedDllFromPath(candidate);
            }
        }

        return IntPtr.Zero;
    }

    private static HashSet<string> ReadHostAssemblies()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string tpa)
        {
            foreach (string path in tpa.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                names.Add(Path.GetFileNameWithoutExtension(path));
            }
        }

        foreach (var assembly in Default.Assemblies)
        {
            if (assembly.GetName().Name is { } n)
            {
                names.Add(n);
            }
        }

        return names;
    }
}
