using Facebench.Plugins.Onnx.Inference.Classification;
using Facebench.Plugins.Onnx.Inference.Preprocessing;

namespace Facebench.ImageAudit.Tests;

/// <summary>
/// classify.onnx set up for faceplugin's SSR-Net models as pipelines/attributes-photos.yaml sets it up, which is how
/// the package's own fr_age.js / fr_gender.js crop them: the face box grown 1.4 times about its centre and stretched
/// to 64×64, ImageNet mean and standard deviation, SSR-Net's stagewise sum with V = 101 (age) or 1 (gender). Channels
/// are BGR although the JavaScript labels channel 0 "R": on the shared photos BGR input reads adult ages with a mean
/// error of 6 years against 12 with RGB, and ranks every man above every woman in p(male) (RGB does not), so the
/// networks were evidently trained on OpenCV's BGR order.
/// </summary>
internal static class AttributeDiagnostics
{
    public static ClassifyOnnxOptions Age() => Ssr(new ClassifierHead { Decoder = HeadDecoder.SsrNet, Range = 101 }, "age");

    public static ClassifyOnnxOptions Gender() => Ssr(new ClassifierHead { Decoder = HeadDecoder.SsrNet, Range = 1, Labels = ["female", "male"] }, "gender");

    private static ClassifyOnnxOptions Ssr(ClassifierHead head, string name) => new()
    {
        BoxScale = 1.4,
        Square = false,
        PixelScale = 1.0 / 255,
        Mean = [0.485, 0.456, 0.406],
        Std = [0.229, 0.224, 0.225],
        BatchSize = 1,
        Channels = ChannelOrder.Bgr,
        Heads = new() { [name] = head },
    };
}
