using System.Diagnostics;
using Facebench.Contracts;
using Facebench.Testing;
using Xunit;

namespace Facebench.Pipelines.Tests;

/// <summary>Issue 5 end to end: real photos and a video through detection, dlib landmarks and the fit.</summary>
public sealed class PhotoAndVideoPipelineTests
{
    private const string Lfpw = "data/lfpw-sample/image_0010.png";

    [AssetFact(Lfpw, Assets.FrontalFace, Assets.DlibModel)]
    public async Task Photos_pipeline_detects_landmarks_and_fits_the_lfpw_face()
    {
        using var run = await PipelineRun.Start("photos");

        Assert.Equal(0, run.ExitCode);
        var m = run.Metrics;
        Assert.Equal(1, m["report.landmark-errors.annotated_faces"]);
        Assert.True(m["report.landmark-errors.nme"] < 0.05, $"dlib NME {m["report.landmark-errors.nme"]:P2} from the Haar box");
        Assert.Equal(1, m["report.fit-errors.fitted"]);
        string overlay = File.ReadAllText(Directory.GetFiles(Path.Combine(run.Directory, "figures"), "report.fit-errors-overlay-*.svg").Single());
        Assert.Contains("data:image/jpeg;base64,", overlay, StringComparison.Ordinal); // the photo under the landmarks, drawn with SkiaSharp
        Assert.Contains("image_0010.png: RMSE", overlay, StringComparison.Ordinal); // its title
        Assert.Matches(">\\s*observed\\s*<", overlay); // the legend
    }

    [AssetFact("data/dlib-faces/2007_007763.jpg", Assets.FrontalFace, Assets.DlibModel, "models/sfm/sfm_shape_3448.bin")]
    public async Task Photos_pipeline_swaps_to_sfm_with_one_override_and_reads_jpeg()
    {
        using var run = await PipelineRun.Start("photos", "model=model.sfm", $"source.with.path={RepositoryPaths.Shared("data/dlib-faces")}");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(4, run.Samples.Count);
        Assert.All(run.Samples, s => Assert.Equal(68, s.Get(CoreFacets.Landmarks).Count(p => p.IsValid)));
        Assert.True(run.Metrics["report.fit-errors.mean_error_observed_px"] < 3, "SFM should follow dlib's points within a few pixels");
    }

    [AssetFact(Lfpw, Assets.Ffmpeg, Assets.Ffprobe, Assets.FrontalFace, Assets.DlibModel)]
    public async Task Video_pipeline_tracks_after_the_first_detection()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"facebench-video-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            // A 12-frame clip that pans across the photo, made here with ffmpeg.
            string clip = Path.Combine(folder, "pan.mp4");
            var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg", [
                "-loglevel", "error", "-y", "-loop", "1", "-i", RepositoryPaths.Shared(Lfpw),
                "-vf", "scale=640:-2,crop=480:480:x='40+4*n':y=0", "-frames:v", "12", "-r", "25", "-pix_fmt", "yuv420p", clip])
            { RedirectStandardError = true })!;
            Assert.True(ffmpeg.WaitForExit(60_000) && ffmpeg.ExitCode == 0, ffmpeg.StandardError.ReadToEnd());

            using var run = await PipelineRun.Start("video", $"source.with.path={clip}");

            Assert.Equal(0, run.ExitCode);
            var samples = run.Samples;
            Assert.Equal(12, samples.Count);
            Assert.All(samples, s => Assert.True(s.Has(Contracts.Morphable.FittingFacets.LandmarkFit)));
            var source = new FacetKey<string>("face_box_source");
            Assert.Equal("detected", samples.Single(s => s.Index == 0).Get(source));
            Assert.True(samples.Count(s => s.Get(source) == "tracked") >= 10, "later frames should be tracked from the previous landmarks");
            Assert.True(run.Metrics["report.fit-errors.rmse_observed_px"] < 6);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
