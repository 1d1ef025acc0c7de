using System.Diagnostics;
using Facebench.Testing;

namespace Facebench.ModelFormats.Tests;

/// <summary>
/// <c>facebench model info</c> on BFM files, through the built host: the format is recognised from the file and the
/// plugin (with PureHDF beside it in the plugins folder) reads it in the host's process.
/// </summary>
public sealed class ModelInfoCliTests
{
    private static readonly string Program = Path.Combine(RepositoryPaths.FacebenchOutput(), "facebench.dll");

    [Fact]
    public void ModelInfoReadsABfm2017H5File()
    {
        string folder = Fixture.TempFolder();
        string h5 = BfmFixture.WriteH5(folder);
        var (code, stdout, stderr) = Facebench("model", "info", h5, "--with", $"landmarks={BfmFixture.WriteMapping(folder)}");
        Assert.True(code == 0, stderr);
        Assert.Contains("Basel Face Model 2017/2019", stdout, StringComparison.Ordinal);
        Assert.Contains($"{BfmFixture.N}", stdout, StringComparison.Ordinal);
        Assert.Contains("68 of 68", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelInfoNamesTheMissingDatasetOfABrokenH5File()
    {
        string h5 = BfmFixture.WriteH5(Fixture.TempFolder(), d => d.Remove("/shape/model/mean"));
        var (code, _, stderr) = Facebench("model", "info", h5);
        Assert.Equal(2, code);
        Assert.Contains($"{h5}: dataset '/shape/model/mean' is missing.", stderr.ReplaceLineEndings(" "), StringComparison.Ordinal);
    }

    private static (int Code, string Out, string Err) Facebench(params string[] args)
    {
        Assert.True(File.Exists(Program), $"the host is not built at {Program}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Program);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["CI"] = "true"; // plain output
        start.Environment["COLUMNS"] = "400"; // table rows and messages on one line
        start.Environment.Remove("FACEBENCH_PLUGINS");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "facebench did not finish in 2 minutes");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
