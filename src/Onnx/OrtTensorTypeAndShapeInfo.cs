namespace Facebench.Onnx;

/// <summary>The element type and shape of a tensor value.</summary>
/// <param name="ElementDataType">The element type.</param>
/// <param name="Shape">The dimensions.</param>
/// <param name="ElementCount">The number of elements, the product of <paramref name="Shape"/>.</param>
public readonly record struct OrtTensorTypeAndShapeInfo(TensorElementType ElementDataType, long[] Shape, long ElementCount);
