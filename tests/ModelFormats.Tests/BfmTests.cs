using Facebench.Contracts;
using Facebench.Matlab;
using Facebench.Morphable;
using Facebench.Morphable.Formats.Bfm;
using Facebench.Testing;

namespace Facebench.ModelFormats.Tests;

public sealed class BfmTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Bfm2009MatReadsExactlyWithOrientedTrianglesAndMicrometres(bool compressed)
    {
        string folder = Fixture.TempFolder();
        string mat = BfmFixture.WriteMat(folder, compressed);
        LinearMorphableModel m = BfmReader.Read(mat, BfmFixture.WriteMapping(folder));
        Assert.Equal(BfmFixture.N, m.VertexCount);
        Assert.Equal(BfmFixture.K, m.IdentityCount);
        Assert.Equal(0, m.ExpressionCount);
        Assert.Equal(0.001, m.MillimetresPerUnit);
        Assert.Equal(BfmFixture.Triangles(), m.Triangles.ToArray());
        double[] mean = BfmFixture.MeanMm(), basis = BfmFixture.Basis(BfmFixture.K, 0);
        Assert.Equal((float)(mean[100] * 1000), m.Mean[100]);
        Assert.Equal((float)basis[(77 * BfmFixture.K) + 4], m.IdentityBasis[(77 * BfmFixture.K) + 4]);
        Assert.Equal(BfmFixture.StdDevMm.Select(s => (float)(s * 1000)), m.IdentityStdDev.ToArray());
        Assert.Equal(68, m.Landmarks.MappedCount);
        Assert.True(LinearFitCheck.MedianRmse(m) < 0.05);
    }

    /// <summary>libhdf5 from Debian's libhdf5-103-1 (build/assets/models.txt).</summary>
    private const string Hdf5 = "/usr/lib/x86_64-linux-gnu/libhdf5_serial.so.103|libhdf5-103-1";

    [AssetFact(Hdf5)]
    public void Bfm2017H5ReadsShapeAndExpressionModels()
    {
        string folder = Fixture.TempFolder();
        LinearMorphableModel m = BfmReader.Read(BfmFixture.WriteH5(folder), BfmFixture.WriteMapping(folder));
        Assert.Equal(BfmFixture.N, m.VertexCount);
        Assert.Equal(BfmFixture.K, m.IdentityCount);
        Assert.Equal(BfmFixture.KExp, m.ExpressionCount);
        Assert.Equal(1, m.MillimetresPerUnit);
        Assert.Equal(BfmFixture.Triangles(), m.Triangles.ToArray());
        Assert.Equal(BfmFixture.StdDevMm.Select(s => (float)s), m.IdentityStdDev.ToArray());
        Assert.Equal([10f, 7f, 5f], m.ExpressionStdDev.ToArray());
        Assert.Equal((float)BfmFixture.MeanMm()[50], m.Mean[50]);
        Assert.True(LinearFitCheck.MedianRmse(m) < 0.05);
    }

    [Fact]
    public void AMissingVariableIsNamed()
    {
        string folder = Fixture.TempFolder();
        string path = Path.Combine(folder, "partial.mat");
        new MatFileWriter().AddSingle("shapeMU", 3, 1, [1f, 2f, 3f]).Save(path);
        var e = Assert.Throws<MatFileException>(() => BfmReader.Read(path));
        Assert.Contains("'shapePC'", e.Message);
        Assert.Contains("partial.mat", e.Message);
        Assert.Contains("shapeMU", e.Message);
    }

    [Fact]
    public void MatReaderReadsNumericClassesAndText()
    {
        string folder = Fixture.TempFolder();
        string path = Path.Combine(folder, "kinds.mat");
        new MatFileWriter()
            .AddDouble("d", 2, 3, [1, 2, 3, 4, 5, 6])
            .AddInt32("i", 1, 3, [-1, 0, 7], compress: false)
            .AddText("s", "Basel")
            .Save(path);
        MatFile f = MatFile.Read(path);
        Assert.Equal([2, 3], f.Get("d").Dimensions);
        Assert.Equal([1, 3, 5, 2, 4, 6], f.Get("d").Transpose2D());
        Assert.Equal([-1.0, 0, 7], f.Get("i").ToDoubleArray());
        Assert.Equal("Basel", f.Get("s").Text);
        Assert.StartsWith("MATLAB 5.0", f.HeaderText);
    }

    [Fact]
    public void Hdf5FilesNeedTheLibraryOrSayWhichPackageToInstall()
    {
        // Where the library is installed this reads; where it is not, the message names the Debian package.
        if (Facebench.Hdf5.Hdf5File.IsLibraryAvailable)
        {
            return;
        }

        var e = Assert.ThrowsAny<PluginInputException>(() => Facebench.Hdf5.Hdf5File.OpenRead("/nonexistent.h5"));
        Assert.Contains("libhdf5", e.Message);
    }
}
