using Facebench.Morphable.Formats;

namespace Facebench.ModelFormats.Tests;

public sealed class ModelFileFormatTests
{
    [Theory]
    [InlineData("flame/flame2020_small.pkl", "model.flame")]
    [InlineData("flame/flame2023_small.pkl", "model.flame")]
    [InlineData("flame/flame_small.npz", "model.flame")]
    [InlineData("faceverse/faceverse_v2_small.npy", "model.faceverse")]
    public void CommittedFixturesAreRecognised(string file, string plugin)
    {
        ModelFileFormatInfo? info = ModelFileFormat.Detect(Fixture.Path(file.Split('/')));
        Assert.NotNull(info);
        Assert.Equal(plugin, info.PluginId);
        Assert.Equal("path", info.PathOption);
    }

    [Fact]
    public void MatAndUnknownFiles()
    {
        string folder = Fixture.TempFolder();
        Assert.Equal("model.bfm", ModelFileFormat.Detect(BfmFixture.WriteMat(folder))!.PluginId);
        string text = Path.Combine(folder, "notes.txt");
        File.WriteAllText(text, "hello");
        Assert.Null(ModelFileFormat.Detect(text));
        Assert.Throws<FileNotFoundException>(() => ModelFileFormat.Detect(Path.Combine(folder, "missing.pkl")));
    }
}
