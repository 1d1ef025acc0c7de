using Facebench.Contracts;

namespace Facebench.Plugins.Detect.Haar;

/// <summary>
/// How tracking names a sample's stream and position: the stream is the id up to its last <c>#</c> (dataset.video
/// ids are <c>&lt;file&gt;#&lt;frame&gt;</c>; other ids are streams of their own) and the position is the runner's
/// <see cref="Sample.Index"/>, which counts frames in source order, so a frame the run skipped or lost breaks the
/// chain and the next frame is detected afresh.
/// </summary>
internal static class TrackingKeys
{
    public static string Stream(Sample sample)
    {
        int hash = sample.Id.LastIndexOf('#');
        return hash > 0 ? sample.Id[..hash] : sample.Id;
    }
}
