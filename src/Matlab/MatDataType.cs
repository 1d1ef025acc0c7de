namespace Facebench.Matlab;

/// <summary>Data types of MAT-file data elements (MATLAB "MAT-File Format", R2024, Table 1-1).</summary>
public enum MatDataType
{
    /// <summary>8-bit signed.</summary>
    Int8 = 1,

    /// <summary>8-bit unsigned.</summary>
    UInt8 = 2,

    /// <summary>16-bit signed.</summary>
    Int16 = 3,

    /// <summary>16-bit unsigned.</summary>
    UInt16 = 4,

    /// <summary>32-bit signed.</summary>
    Int32 = 5,

    /// <summary>32-bit unsigned.</summary>
    UInt32 = 6,

    /// <summary>IEEE 754 single.</summary>
    Single = 7,

    /// <summary>IEEE 754 double.</summary>
    Double = 9,

    /// <summary>64-bit signed.</summary>
    Int64 = 12,

    /// <summary>64-bit unsigned.</summary>
    UInt64 = 13,

    /// <summary>A MATLAB array (variable).</summary>
    Matrix = 14,

    /// <summary>A zlib-compressed data element.</summary>
    Compressed = 15,

    /// <summary>UTF-8 text.</summary>
    Utf8 = 16,

    /// <summary>UTF-16 text.</summary>
    Utf16 = 17,

    /// <summary>UTF-32 text.</summary>
    Utf32 = 18,
}

/// <summary>MATLAB array classes (MAT-File Format, Table 1-3).</summary>
public enum MatClass
{
    /// <summary>Cell array.</summary>
    Cell = 1,

    /// <summary>Structure.</summary>
    Struct = 2,

    /// <summary>Object.</summary>
    Object = 3,

    /// <summary>Character array.</summary>
    Char = 4,

    /// <summary>Sparse array.</summary>
    Sparse = 5,

    /// <summary>Double precision.</summary>
    Double = 6,

    /// <summary>Single precision.</summary>
    Single = 7,

    /// <summary>8-bit signed integer.</summary>
    Int8 = 8,

    /// <summary>8-bit unsigned integer.</summary>
    UInt8 = 9,

    /// <summary>16-bit signed integer.</summary>
    Int16 = 10,

    /// <summary>16-bit unsigned integer.</summary>
    UInt16 = 11,

    /// <summary>32-bit signed integer.</summary>
    Int32 = 12,

    /// <summary>32-bit unsigned integer.</summary>
    UInt32 = 13,

    /// <summary>64-bit signed integer.</summary>
    Int64 = 14,

    /// <summary>64-bit unsigned integer.</summary>
    UInt64 = 15,
}
