namespace Facebench.Onnx.Format;

/// <summary>Field numbers of ONNX's <c>TensorProto</c> (onnx.proto) that Facebench reads and writes.</summary>
internal static class TensorProtoFields
{
    public const int Dims = 1;
    public const int DataType = 2;
    public const int Segment = 3;
    public const int FloatData = 4;
    public const int Int32Data = 5;
    public const int StringData = 6;
    public const int Int64Data = 7;
    public const int Name = 8;
    public const int RawData = 9;
    public const int DoubleData = 10;
    public const int Uint64Data = 11;
    public const int DocString = 12;
    public const int ExternalData = 13;
    public const int DataLocation = 14;
}
