using System.Runtime.InteropServices;
using System.Text;

namespace Facebench.Onnx.Native;

/// <summary>NUL-terminated UTF-8 strings in native memory, for the few ORT arguments that outlive one call.</summary>
internal static unsafe class NativeUtf8
{
    /// <summary>Copies a string into a new native block; free it with <see cref="NativeMemory.Free"/>.</summary>
    public static nint Allocate(string text)
    {
        int length = Encoding.UTF8.GetByteCount(text);
        byte* block = (byte*)NativeMemory.Alloc((nuint)length + 1);
        Encoding.UTF8.GetBytes(text, new Span<byte>(block, length));
        block[length] = 0;
        return (nint)block;
    }

    /// <summary>Copies a string into a NUL-terminated managed array, for arguments used only during one call.</summary>
    public static byte[] Bytes(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    /// <summary>The path argument of ORT's file functions: UTF-16 on Windows (<c>wchar_t*</c>), UTF-8 elsewhere.</summary>
    public static byte[] PathBytes(string path) =>
        OperatingSystem.IsWindows() ? Encoding.Unicode.GetBytes(path + "\0") : Bytes(path);
}
