using System.Buffers.Binary;
using System.Text;

namespace Facebench.Onnx.Providers;

/// <summary>
/// The shared libraries a Linux shared object asks the loader for: the <c>DT_NEEDED</c> entries of its dynamic section,
/// read from the file without loading it. Follows the System V ABI's ELF-64 object file format: the file header gives
/// the section header table; the <c>SHT_DYNAMIC</c> section holds 16-byte (tag, value) entries, and a <c>DT_NEEDED</c>
/// value is an offset into the string table that the dynamic section's <c>sh_link</c> names. Only 64-bit
/// little-endian files are read (what ONNX Runtime ships for linux-x64 and linux-arm64).
/// </summary>
public static class ElfNeededLibraries
{
    private const int SectionHeaderSize = 64, DynamicEntrySize = 16;
    private const uint DynamicSectionType = 6;
    private const long NeededTag = 1, NullTag = 0;

    /// <summary>The library names, in the order the file lists them (e.g. <c>libcudart.so.13</c>).</summary>
    /// <param name="path">A 64-bit little-endian ELF shared object.</param>
    /// <exception cref="InvalidDataException">The file is not such an ELF file, or its tables run past its end; the message names it.</exception>
    public static IReadOnlyList<string> Read(string path)
    {
        using FileStream file = File.OpenRead(path);
        Span<byte> header = stackalloc byte[64];
        if (file.Read(header) != header.Length || !header[..4].SequenceEqual("\u007fELF"u8))
        {
            throw new InvalidDataException($"{path}: not an ELF file.");
        }

        if (header[4] != 2 || header[5] != 1)
        {
            throw new InvalidDataException($"{path}: not a 64-bit little-endian ELF file (class {header[4]}, data {header[5]}).");
        }

        long sectionTable = BinaryPrimitives.ReadInt64LittleEndian(header[0x28..]);
        int sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(header[0x3C..]);
        byte[] sections = ReadAt(file, path, sectionTable, (long)sectionCount * SectionHeaderSize, "section headers");
        var needed = new List<string>();
        for (int i = 0; i < sectionCount; i++)
        {
            ReadOnlySpan<byte> section = sections.AsSpan(i * SectionHeaderSize, SectionHeaderSize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(section[4..]) != DynamicSectionType)
            {
                continue;
            }

            byte[] dynamic = ReadAt(file, path, BinaryPrimitives.ReadInt64LittleEndian(section[24..]), BinaryPrimitives.ReadInt64LittleEndian(section[32..]), "dynamic section");
            int link = (int)BinaryPrimitives.ReadUInt32LittleEndian(section[40..]);
            if (link >= sectionCount)
            {
                throw new InvalidDataException($"{path}: the dynamic section links to section {link} of {sectionCount}.");
            }

            ReadOnlySpan<byte> strings = sections.AsSpan(link * SectionHeaderSize, SectionHeaderSize);
            byte[] table = ReadAt(file, path, BinaryPrimitives.ReadInt64LittleEndian(strings[24..]), BinaryPrimitives.ReadInt64LittleEndian(strings[32..]), "dynamic string table");
            for (int at = 0; at + DynamicEntrySize <= dynamic.Length; at += DynamicEntrySize)
            {
                long tag = BinaryPrimitives.ReadInt64LittleEndian(dynamic.AsSpan(at));
                if (tag == NullTag)
                {
                    break;
                }

                if (tag == NeededTag)
                {
                    needed.Add(CString(table, BinaryPrimitives.ReadInt64LittleEndian(dynamic.AsSpan(at + 8)), path));
                }
            }
        }

        return needed;
    }

    private static byte[] ReadAt(FileStream file, string path, long offset, long length, string what)
    {
        if (offset < 0 || length < 0 || length > int.MaxValue || offset > file.Length - length)
        {
            throw new InvalidDataException($"{path}: the {what} ({length} bytes at {offset}) run past the end of the file ({file.Length} bytes).");
        }

        var bytes = new byte[length];
        file.Position = offset;
        file.ReadExactly(bytes);
        return bytes;
    }

    private static string CString(byte[] table, long offset, string path)
    {
        if (offset < 0 || offset >= table.Length)
        {
            throw new InvalidDataException($"{path}: a needed library's name lies outside the string table.");
        }

        int end = Array.IndexOf(table, (byte)0, (int)offset);
        return Encoding.UTF8.GetString(table, (int)offset, (end < 0 ? table.Length : end) - (int)offset);
    }
}
