using Facebench.Onnx.Protobuf;

namespace Facebench.Onnx.Format;

/// <summary>Writes an <see cref="OnnxTensor"/> as a <c>TensorProto</c> (dims, data type, name, raw data).</summary>
public static class TensorProtoWriter
{
    /// <summary>The tensor's serialised bytes.</summary>
    public static byte[] ToBytes(OnnxTensor tensor)
    {
        var writer = new ProtoWriter();
        Write(writer, tensor);
        return writer.ToArray();
    }

    /// <summary>Writes the tensor's fields into a message being written.</summary>
    public static void Write(ProtoWriter writer, OnnxTensor tensor)
    {
        if (tensor.Dims.Length > 0)
        {
            writer.PackedInt64(TensorProtoFields.Dims, tensor.Dims);
        }

        writer.Int64(TensorProtoFields.DataType, (int)tensor.ElementType);
        if (tensor.Name.Length > 0)
        {
            writer.String(TensorProtoFields.Name, tensor.Name);
        }

        writer.Bytes(TensorProtoFields.RawData, tensor.Data);
    }
}
