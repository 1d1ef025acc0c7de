namespace Facebench.Morphable.Formats;

/// <summary>What a model file is and which plugin reads it: the answer of <see cref="ModelFileFormat.Detect"/>.</summary>
/// <param name="PluginId">The model component plugin, e.g. <c>model.flame</c>.</param>
/// <param name="PathOption">The plugin option that takes the file, e.g. <c>path</c>.</param>
/// <param name="Format">A human-readable description of the format, e.g. "FLAME model (Python pickle)".</param>
public sealed record ModelFileFormatInfo(string PluginId, string PathOption, string Format);

/// <summary>
/// Tells from a file's first bytes (and, for pickles and eos archives, which have no reliable magic, its extension)
/// which model plugin reads it, so that <c>facebench model info &lt;file&gt;</c> can pick the plugin: NumPy .npy
/// dictionaries are FaceVerse, .npz archives and pickles FLAME, level-5 MAT-files BFM 2009, HDF5 files BFM
/// 2017/2019, eos cereal archives (.bin) the Surrey Face Model.
/// </summary>
public static class ModelFileFormat
{
    private static ReadOnlySpan<byte> NpyMagic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    private static ReadOnlySpan<byte> HdfMagic => [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> ZipMagic => [(byte)'P', (byte)'K', 3, 4];

    private static ReadOnlySpan<byte> MatMagic => "MATLAB 5.0 MAT-file"u8;

    /// <summary>Detects the format, or returns null when the file is of none of the known kinds.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static ModelFileFormatInfo? Detect(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: file not found.", path);
        }

        Span<byte> head = stackalloc byte[32];
        int read;
        using (FileStream stream = File.OpenRead(path))
        {
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        ReadOnlySpan<byte> magic = head[..read];
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (magic.StartsWith(NpyMagic))
        {
            return new("model.faceverse", "path", "FaceVerse model dictionary (NumPy .npy)");
        }

        if (magic.StartsWith(ZipMagic))
        {
            return new("model.flame", "path", "FLAME model (NumPy .npz)");
        }

        if (magic.StartsWith(HdfMagic))
        {
            return new("model.bfm", "path", "Basel Face Model 2017/2019 (HDF5)");
        }

        if (magic.StartsWith(MatMagic))
        {
            return new("model.bfm", "path", "Basel Face Model 2009 (MATLAB level-5 MAT-file)");
        }

        // Pickles start with PROTO (0x80) from protocol 2 on; older ones are recognised by extension only.
        if ((magic.Length >= 2 && magic[0] == 0x80 && magic[1] is >= 2 and <= 5) || extension is ".pkl" or ".pickle")
        {
            return new("model.flame", "path", "FLAME model (Python pickle)");
        }

        return extension == ".bin" ? new("model.sfm", "path", "eos MorphableModel archive (Surrey Face Model)") : null;
    }
}
