namespace Facebench.Onnx;

/// <summary>ONNX Runtime's status codes (<c>OrtErrorCode</c> in the C API), in the header's order.</summary>
public enum OrtErrorCode
{
    /// <summary>Success (never carried by an exception).</summary>
    Ok = 0,

    /// <summary>Generic failure.</summary>
    Fail = 1,

    /// <summary>An argument was invalid: wrong name, shape or type of a tensor.</summary>
    InvalidArgument = 2,

    /// <summary>A file does not exist.</summary>
    NoSuchFile = 3,

    /// <summary>No model is loaded.</summary>
    NoModel = 4,

    /// <summary>An execution provider or kernel failed.</summary>
    EngineError = 5,

    /// <summary>An exception was raised while running.</summary>
    RuntimeException = 6,

    /// <summary>The bytes are not a valid ONNX protobuf.</summary>
    InvalidProtobuf = 7,

    /// <summary>A model is already loaded.</summary>
    ModelLoaded = 8,

    /// <summary>The operation is not implemented (an operator, a type, a provider).</summary>
    NotImplemented = 9,

    /// <summary>The graph failed validation.</summary>
    InvalidGraph = 10,

    /// <summary>An execution provider failed.</summary>
    EpFail = 11,
}
