using System.Reflection;
using System.Runtime.InteropServices;

namespace Facebench.Imaging;

/// <summary>
/// The few TurboJPEG 2.x functions the decoder calls (turbojpeg.h, API 1.4+: tjInitDecompress,
/// tjDecompressHeader3, tjDecompress2, tjGetErrorStr2, tjGetErrorCode, tjDestroy), which Debian's libturbojpeg0
/// (2.1.x) exports; TurboJPEG 3 still exports them for compatibility. The library is found by a resolver that
/// tries the versioned Linux name first, because Debian ships no unversioned libturbojpeg.so without the -dev
/// package.
/// </summary>
internal static partial class TurboJpeg
{
    public const string Package = "libturbojpeg0";
    public const string LibraryFile = "libturbojpeg.so.0";

    private const string Library = "turbojpeg";

    /// <summary>TJPF_RGB: 3 bytes per pixel, R G B.</summary>
    public const int PixelFormatRgb = 0;

    /// <summary>TJPF_GRAY: 1 byte per pixel.</summary>
    public const int PixelFormatGray = 6;

    /// <summary>TJCS_GRAY: the JPEG holds one component.</summary>
    public const int ColorspaceGray = 2;

    /// <summary>TJCS_CMYK and TJCS_YCCK: four components, which tjDecompress2 cannot turn into RGB.</summary>
    public const int ColorspaceCmyk = 3, ColorspaceYcck = 4;

    /// <summary>TJFLAG_ACCURATEDCT: the slow, exact integer IDCT (libjpeg's default JDCT_ISLOW, what dlib's loader gets).</summary>
    public const int FlagAccurateDct = 4096;

    /// <summary>TJERR_WARNING: the data was corrupt or truncated but decoding went on.</summary>
    public const int ErrorWarning = 0;

    private static readonly Lazy<Exception?> LoadError = new(TryLoad);
    private static readonly string[] Candidates = ["libturbojpeg.so.0", "libturbojpeg.so", "libturbojpeg.0.dylib", "libturbojpeg.dylib", "turbojpeg.dll", "turbojpeg"];

    static TurboJpeg()
    {
        NativeLibrary.SetDllImportResolver(typeof(TurboJpeg).Assembly, Resolve);
    }

    /// <summary>Throws <see cref="MissingNativeLibraryException"/> when libturbojpeg cannot be loaded.</summary>
    public static void EnsureAvailable(string? path)
    {
        if (LoadError.Value is { } error)
        {
            throw new MissingNativeLibraryException(LibraryFile, Package, "JPEG decoding", path, error);
        }
    }

    private static Exception? TryLoad()
    {
        try
        {
            _ = tjGetErrorCode(IntPtr.Zero); // forces the resolver; with a null handle it only returns a constant
            return null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return e;
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Library)
        {
            return IntPtr.Zero;
        }

        foreach (string candidate in Candidates)
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out IntPtr handle))
            {
                return handle;
            }
        }

        return IntPtr.Zero;
    }

    [LibraryImport(Library)]
    public static partial IntPtr tjInitDecompress();

    [LibraryImport(Library)]
    public static unsafe partial int tjDecompressHeader3(IntPtr handle, byte* jpegBuf, CULong jpegSize, out int width, out int height, out int subsampling, out int colorspace);

    [LibraryImport(Library)]
    public static unsafe partial int tjDecompress2(IntPtr handle, byte* jpegBuf, CULong jpegSize, byte* dstBuf, int width, int pitch, int height, int pixelFormat, int flags);

    [LibraryImport(Library)]
    public static partial IntPtr tjGetErrorStr2(IntPtr handle);

    [LibraryImport(Library)]
    public static partial int tjGetErrorCode(IntPtr handle);

    [LibraryImport(Library)]
    public static partial int tjDestroy(IntPtr handle);

    /// <summary>The handle's last error message.</summary>
    public static string ErrorMessage(IntPtr handle) => Marshal.PtrToStringUTF8(tjGetErrorStr2(handle)) ?? "unknown libturbojpeg error";
}
