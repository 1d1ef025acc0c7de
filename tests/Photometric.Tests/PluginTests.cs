using Facebench.Contracts;
using Facebench.Contracts.Imaging;
using Facebench.Contracts.Morphable;
using Facebench.Morphable;
using Facebench.Plugins.Dataset.Rendered;
using Facebench.Plugins.Fit.Photometric;
using Facebench.Plugins.Texture.Models;
using Facebench.Testing;

namespace Facebench.Photometric.Tests;

/// <summary>The plugins' behaviour and their errors on bad input: each names the sample or file and what is wrong.</summary>
public sealed class PluginTests
{
    [Fact]
    public void Rendered_samples_depend_only_on_the_seed_and_their_index()
    {
        List<Sample> a = PluginScene.Rendered(PluginScene.Context(seed: 3), 3);
        List<Sample> b = PluginScene.Rendered(PluginScene.Context(seed: 3), 3);
        List<Sample> c = PluginScene.Rendered(PluginScene.Context(seed: 4), 3);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal($"rendered-{i:D6}", a[i].Id);
            Assert.Equal(a[i].Get(CoreFacets.Image).Pixels, b[i].Get(CoreFacets.Image).Pixels);
            Assert.NotEqual(a[i].Get(CoreFacets.Image).Pixels, c[i].Get(CoreFacets.Image).Pixels);
        }

        Sample s = a[1];
        ImageBuffer photo = s.Get(CoreFacets.Image);
        Assert.Equal((320, 320), (photo.Width, photo.Height));
        Assert.False(CoreFacets.Image.IsPersisted);
        Assert.Equal(27, s.Get(TextureFacets.TrueAppearance).Lighting.Length);
        Assert.Equal(ReferenceAlbedoBuilder.MaxComponents, s.Get(TextureFacets.TrueAppearance).TextureCoefficients.Length);
        Assert.All(s.Get(CoreFacets.Landmarks), p => Assert.True(p.IsValid && p.X > 0 && p.X < 320 && p.Y > 0 && p.Y < 320));

        // The face is lit but never clipped, and the background is the requested grey.
        Assert.True(photo.Pixels.Max() < 255, "no pixel saturates");
        Assert.Equal(110, photo.Pixels[0]);
        int face = (160 * 320) + 160;
        Assert.NotEqual(110, photo.Pixels[3 * face]);

        // Pixel noise changes the photo but not the ground truth.
        List<Sample> noisy = PluginScene.Rendered(PluginScene.Context(seed: 3), 2, o => o.NoiseSigma = 2);
        Assert.NotEqual(a[1].Get(CoreFacets.Image).Pixels, noisy[1].Get(CoreFacets.Image).Pixels);
        Assert.Equal(a[1].Get(MorphableFacets.TrueParameters).Identity, noisy[1].Get(MorphableFacets.TrueParameters).Identity);
    }

    [Fact]
    public void A_texture_for_another_mesh_is_refused_by_name()
    {
        var context = PluginScene.Context();
        LinearMorphableModel other = TestModels.Hemisphere();
        context.WithComponent("hemisphere", other);
        var error = Assert.Throws<PluginInputException>(() => new RenderedDatasetPlugin().Initialize(new RenderedDatasetOptions { Model = "hemisphere", Texture = "texture" }, context));
        Assert.Contains("texture", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{other.VertexCount}", error.Message, StringComparison.Ordinal);

        error = Assert.Throws<PluginInputException>(() => PluginScene.PhotometricStage(context, o => o.Model = "hemisphere"));
        Assert.Contains("texture 'texture'", error.Message, StringComparison.Ordinal);

        error = Assert.Throws<PluginInputException>(() => new ProceduralTexturePlugin().Initialize(new ProceduralTextureOptions { Model = "hemisphere" }, context));
        Assert.Contains("reference head", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mesh_with_degenerate_triangles_is_refused_at_start()
    {
        LinearMorphableModel hemisphere = TestModels.Hemisphere();
        int[] triangles = [.. hemisphere.Triangles.ToArray(), 5, 5, 6];
        var broken = new LinearMorphableModel("broken hemisphere", 1, hemisphere.Mean.ToArray(), hemisphere.IdentityBasis.ToArray(), hemisphere.IdentityStdDev.ToArray(),
            hemisphere.ExpressionBasis.ToArray(), hemisphere.ExpressionStdDev.ToArray(), triangles, hemisphere.TextureCoordinates.ToArray(), hemisphere.Landmarks);
        var context = new TestPluginContext().WithComponent("model", broken).WithComponent("texture", TestModels.VertexTexture(broken));
        var error = Assert.Throws<PluginInputException>(() => new FitPhotometricStage().Initialize(new FitPhotometricOptions(), context));
        Assert.Contains("degenerate", error.Message, StringComparison.Ordinal);
        Assert.Contains("'model'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Samples_without_a_photo_or_landmarks_fail_alone_with_their_id()
    {
        var context = PluginScene.Context();
        var stage = PluginScene.PhotometricStage(context);
        Sample good = PluginScene.Rendered(context, 1)[0];

        var noLandmarks = new Sample("no-landmarks").With(CoreFacets.Image, good.Get(CoreFacets.Image));
        Assert.Contains("'no-landmarks'", Assert.Throws<InvalidOperationException>(() => stage.Process(noLandmarks, CancellationToken.None)).Message, StringComparison.Ordinal);

        var noPhoto = new Sample("no-photo").With(CoreFacets.Landmarks, good.Get(CoreFacets.Landmarks));
        string message = Assert.Throws<InvalidOperationException>(() => stage.Process(noPhoto, CancellationToken.None)).Message;
        Assert.Contains("'no-photo'", message, StringComparison.Ordinal);
        Assert.Contains("no photo", message, StringComparison.Ordinal);

        string missing = Path.Combine(Path.GetTempPath(), "facebench-no-such-photo.png");
        var missingFile = new Sample("missing-file") { ImagePath = missing }.With(CoreFacets.Landmarks, good.Get(CoreFacets.Landmarks));
        Assert.Contains(missing, Assert.ThrowsAny<PluginInputException>(() => stage.Process(missingFile, CancellationToken.None)).Message, StringComparison.Ordinal);

        // A landmark fit with NaN in it (a broken upstream stage) is named, not fitted.
        LandmarkFitResult start = PluginScene.LandmarkStage(context).Process(good, CancellationToken.None).Get(new FacetKey<LandmarkFitResult>("landmark_fit.landmarks_only"));
        float[] identity = [.. start.Parameters.Identity];
        identity[0] = float.NaN;
        Sample poisoned = good.With(new FacetKey<LandmarkFitResult>("landmark_fit.landmarks_only"), start with { Parameters = start.Parameters with { Identity = identity } });
        Assert.Contains("NaN", Assert.Throws<InvalidOperationException>(() => stage.Process(poisoned, CancellationToken.None)).Message, StringComparison.Ordinal);

        // The good sample still fits with the same stage instance, and without a landmark fit the stage makes its own.
        Sample fitted = stage.Process(good, CancellationToken.None);
        Assert.True(fitted.Get(PhotometricFacets.Fit).PhotometricError < 1);
        Assert.True(fitted.Has(FittingFacets.LandmarkFit), "the photometric fit is also stored as the landmark fit view");
        PhotometricRender render = fitted.Get(PhotometricFacets.Render);
        Assert.Equal(224, render.Render.Width);
        Assert.Equal(fitted.Get(PhotometricFacets.Fit).MaskPixels, render.Mask.Count(m => m == 1));
    }

    [Fact]
    public void Bad_options_and_texture_files_are_named()
    {
        var context = PluginScene.Context();
        Assert.Contains("image_size", Assert.Throws<PluginInputException>(() => PluginScene.PhotometricStage(context, o => o.ImageSize = 8)).Message, StringComparison.Ordinal);
        Assert.Contains("fit_facet", Assert.Throws<PluginInputException>(() => PluginScene.PhotometricStage(context, o => o.FitFacet = o.LandmarkFit)).Message, StringComparison.Ordinal);
        string recogniser = Assert.Throws<PluginInputException>(() => PluginScene.PhotometricStage(context, o => o.Recogniser = "no-such-recogniser.onnx")).Message;
        Assert.Contains("'recogniser'", recogniser, StringComparison.Ordinal);
        Assert.Contains("no-such-recogniser.onnx", recogniser, StringComparison.Ordinal);

        string missing = Path.Combine(Path.GetTempPath(), "facebench-no-such-texture.npz");
        Assert.Contains(missing, Assert.ThrowsAny<PluginInputException>(() => new LinearTexturePlugin().Initialize(new LinearTextureOptions { Path = missing }, context)).Message, StringComparison.Ordinal);
        string text = Path.Combine(TextureModelTests.TempFolder(), "texture.txt");
        File.WriteAllText(text, "not a texture");
        Assert.Contains("unknown texture file kind", Assert.ThrowsAny<PluginInputException>(() => new LinearTexturePlugin().Initialize(new LinearTextureOptions { Path = text }, context)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_texture_file_with_NaNs_is_refused_naming_the_file()
    {
        const int h = 2, w = 2, k = 1;
        double[] mean = [.. Enumerable.Range(0, h * w * 3).Select(i => i == 5 ? double.NaN : 100.0 + i)];
        string path = Path.Combine(TextureModelTests.TempFolder(), "FLAME_texture.npz");
        NumpyFiles.WriteNpz(path, new Dictionary<string, NumpyFiles.Array>
        {
            ["mean"] = new([h, w, 3], mean),
            ["tex_dir"] = new([h, w, 3, k], [.. Enumerable.Range(0, h * w * 3 * k).Select(i => 1.0 + i)]),
            ["vt"] = new([4, 2], [0, 0, 1, 0, 1, 1, 0, 1]),
            ["ft"] = new([2, 3], Longs: [0, 1, 2, 0, 2, 3]),
        });
        string message = Assert.ThrowsAny<PluginInputException>(() => Facebench.Morphable.Formats.Flame.FlameTextureReader.Read(path, vertexCount: 4, triangleCount: 2)).Message;
        Assert.Contains(path, message, StringComparison.Ordinal);
        Assert.Contains("NaN", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_whose_texture_is_not_configured_is_skipped_and_each_fit_keeps_its_own_facet()
    {
        var context = PluginScene.Context();
        var off = new LinearTexturePlugin();
        off.Initialize(new LinearTextureOptions { Path = "", Model = "model", Optional = true }, context);
        Assert.False(off.IsAvailable);
        Assert.Contains("no 'path'", off.UnavailableReason, StringComparison.Ordinal);
        Assert.Throws<PluginInputException>(() => new LinearTexturePlugin().Initialize(new LinearTextureOptions { Path = "", Model = "model" }, context));
        context.WithComponent("texture_off", off);

        // The stage of a model that is not configured passes samples through and says why.
        var skipped = PluginScene.PhotometricStage(context, o => { o.Texture = "texture_off"; o.Facet = "photometric_fit.off"; o.FitFacet = ""; });
        Assert.Contains("texture 'texture_off' is not configured", skipped.SkipReason, StringComparison.Ordinal);
        Sample good = PluginScene.Rendered(context, 1)[0];
        Assert.Same(good, skipped.Process(good, CancellationToken.None));

        // A stage with its own facet stores its fit, its landmark-only start and its preview there, and leaves the standard facets alone.
        var own = PluginScene.PhotometricStage(context, o => { o.Facet = "photometric_fit.mine"; o.LandmarkFit = "landmark_fit.mine"; o.FitFacet = ""; o.Previews = 1; });
        Assert.Null(own.SkipReason);
        Sample fitted = own.Process(good, CancellationToken.None);
        Assert.True(fitted.Has(new FacetKey<PhotometricFitResult>("photometric_fit.mine")));
        Assert.True(fitted.Has(new FacetKey<LandmarkFitResult>("landmark_fit.mine")), "the landmark fit the stage made itself is kept as the start");
        Assert.False(fitted.Has(PhotometricFacets.Fit));
        PhotometricPreview preview = fitted.Get(PhotometricFacets.Preview("photometric_fit.mine"));
        ImageBuffer error = Facebench.Imaging.ImageCodec.Decode(preview.Error);
        Assert.Equal(224, error.Width);
        int inside = Enumerable.Range(0, error.Width * error.Height).Count(p => error.Pixels[p * error.Channels] != PhotometricPreview.OutsideMask);
        Assert.Equal(fitted.Get(new FacetKey<PhotometricFitResult>("photometric_fit.mine")).MaskPixels, inside);
        Assert.Equal(224, Facebench.Imaging.ImageCodec.Decode(preview.Render).Width);
        Assert.False(own.Process(good with { Index = 1 }, CancellationToken.None).Has(PhotometricFacets.Preview("photometric_fit.mine")), "previews: 1 keeps the first sample's only");
    }

    [SharedDataFact("data/lfpw-sample/image_0010.pts")]
    public void A_texture_needs_at_least_two_usable_photographed_faces()
    {
        var context = PluginScene.Context();
        var error = Assert.ThrowsAny<PluginInputException>(() => new PhotoTexturePlugin().Initialize(new PhotoTextureOptions { Path = RepositoryPaths.Shared("data", "lfpw-sample") }, context));
        Assert.Contains("at least 2", error.Message, StringComparison.Ordinal);
    }
}
