using Facebench.Contracts;

namespace Facebench.Imaging;

/// <summary>
/// A native library the operation needs is not installed. It is user-fixable input (the message names the
/// package to install), so it derives from <see cref="PluginInputException"/>.
/// </summary>
public sealed class MissingNativeLibraryException : PluginInputException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="library">The library's file name, e.g. <c>libturbojpeg.so.0</c>.</param>
    /// <param name="package">The Debian/Ubuntu package that installs it.</param>
    /// <param name="purpose">What it is needed for.</param>
    /// <param name="path">The file being processed, if any.</param>
    /// <param name="inner">The loader's error.</param>
    public MissingNativeLibraryException(string library, string package, string purpose, string? path = null, Exception? inner = null)
        : base($"{purpose} needs the native library {library}, which is not installed: install the Debian/Ubuntu package '{package}' (sudo apt-get install {package}, or ./build.sh --target=assets).", path, inner)
    {
        Library = library;
        Package = package;
    }

    /// <summary>The missing library.</summary>
    public string Library { get; }

    /// <summary>The package that provides it.</summary>
    public string Package { get; }
}
