using Facebench.Contracts;
using Facebench.Onnx;

namespace Facebench.Plugins.Onnx.Inference.Preprocessing;

/// <summary>
/// The declarative pre-processing shared by the image stages: which model, how the face is cropped from its box,
/// the input size, value normalisation, channel order and tensor layout, and the batch size.
/// A value fed to the model is <c>(pixel × pixel_scale − mean[c]) / std[c]</c> for pixel values 0..255.
/// </summary>
public abstract class ImageInputOptions
{
    /// <summary>The infer.onnx component.</summary>
    [Option("The infer.onnx component that holds the model: a name from the pipeline's components block.")]
    [ComponentRef(typeof(OnnxModel))]
    public string Model { get; set; } = "onnx";

    /// <summary>The input to feed.</summary>
    [Option("The model input to feed the image to; empty = the model's only input.")]
    public string Input { get; set; } = "";

    /// <summary>Input width.</summary>
    [Option("Input width in pixels; 0 = the model's (fixed) width.")]
    public int Width { get; set; }

    /// <summary>Input height.</summary>
    [Option("Input height in pixels; 0 = the model's (fixed) height.")]
    public int Height { get; set; }

    /// <summary>Crop scale.</summary>
    [Option("Crop size as a multiple of the face box (1.3 adds 15% margin on each side). Without a face_box facet the whole image is used.")]
    public double BoxScale { get; set; } = 1.0;

    /// <summary>Horizontal crop shift.</summary>
    [Option("Shift of the crop centre to the right, as a fraction of the box width.")]
    public double BoxShiftX { get; set; }

    /// <summary>Vertical crop shift.</summary>
    [Option("Shift of the crop centre downwards, as a fraction of the box height (detector boxes often sit high: 0.1).")]
    public double BoxShiftY { get; set; }

    /// <summary>Square crops.</summary>
    [Option("Crop a square of the box's longer side (keeps the aspect ratio); false stretches the box to the input size.")]
    public bool Square { get; set; } = true;

    /// <summary>Pixel scale.</summary>
    [Option("Factor applied to 0..255 pixel values before mean and std (1/255 maps to 0..1).")]
    public double PixelScale { get; set; } = 1.0 / 255;

    /// <summary>Per-channel mean.</summary>
    [Option("Per-channel mean subtracted after pixel_scale, in the model's channel order (one value for all channels, or one per channel).")]
    public List<double> Mean { get; set; } = [0.0];

    /// <summary>Per-channel standard deviation.</summary>
    [Option("Per-channel divisor applied after the mean (one value for all channels, or one per channel).")]
    public List<double> Std { get; set; } = [1.0];

    /// <summary>Channel order.</summary>
    [Option("Channels the model expects: rgb, bgr or gray.")]
    public ChannelOrder Channels { get; set; } = ChannelOrder.Rgb;

    /// <summary>Tensor layout.</summary>
    [Option("Input layout: nchw (PyTorch) or nhwc (TensorFlow).")]
    public TensorLayout Layout { get; set; } = TensorLayout.Nchw;

    /// <summary>Batch size.</summary>
    [Option("Most samples per model run when the stage is given several at once (ProcessBatch); a model with a fixed batch dimension uses that.")]
    public int BatchSize { get; set; } = 8;
}
