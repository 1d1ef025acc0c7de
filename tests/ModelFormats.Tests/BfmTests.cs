using Facebench.Contracts;
using Facebench.Hdf5;
using Facebench.Matlab;
using Facebench.Morphable;
using Facebench.Morphable.Formats;
using Facebench.Morphable.Formats.Bfm;
using PureHDF;

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

    [Fact]
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
    public void H5ModelFilesAreRecognisedForModelInfo()
    {
        string h5 = BfmFixture.WriteH5(Fixture.TempFolder());
        ModelFileFormatInfo info = ModelFileFormat.Detect(h5)!;
        Assert.Equal(("model.bfm", "path"), (info.PluginId, info.PathOption));
        Assert.Contains("HDF5", info.Format);
    }

    [Fact]
    public void AMissingDatasetIsNamedWithTheFile()
    {
        string folder = Fixture.TempFolder();
        string path = BfmFixture.WriteH5(folder, d => d.Remove("/shape/model/pcaVariance"));
        var e = Assert.Throws<Hdf5Exception>(() => BfmReader.Read(path));
        Assert.Equal($"{path}: dataset '/shape/model/pcaVariance' is missing.", e.Message);
        Assert.IsAssignableFrom<PluginInputException>(e);

        string noCells = BfmFixture.WriteH5(folder, d => d.Remove("/shape/representer/cells"), "no-cells.h5");
        Assert.Equal($"{noCells}: dataset '/shape/representer/cells' is missing.", Assert.Throws<Hdf5Exception>(() => BfmReader.Read(noCells)).Message);
    }

    [Fact]
    public void AMisshapenDatasetIsNamedWithItsDimensions()
    {
        string folder = Fixture.TempFolder();
        string basis = BfmFixture.WriteH5(folder, d => d["/shape/model/pcaBasis"] = new H5Dataset(new float[3 * BfmFixture.N * 4], fileDims: [3 * BfmFixture.N, 4]));
        var e = Assert.Throws<PluginInputException>(() => BfmReader.Read(basis));
        Assert.StartsWith($"{basis}: /shape/model: mean of 768, pcaBasis of 768×4, pcaVariance of 6; expected 3N, 3N×K and K", e.Message);

        string cells = BfmFixture.WriteH5(folder, d => d["/shape/representer/cells"] = new H5Dataset(new int[12], fileDims: [4, 3]), "cells.h5");
        Assert.Equal($"{cells}: /shape/representer/cells has dimensions 4×3; expected 3×T", Assert.Throws<PluginInputException>(() => BfmReader.Read(cells)).Message);

        string expression = BfmFixture.WriteH5(folder, d => d["/expression/model/mean"] = new H5Dataset(new float[6], fileDims: [6]), "expression.h5");
        var x = Assert.Throws<PluginInputException>(() => BfmReader.Read(expression));
        Assert.StartsWith($"{expression}: /expression/model:", x.Message);
    }

    [Fact]
    public void DatasetsOfTheWrongKindOrTypeAreNamed()
    {
        string folder = Fixture.TempFolder();
        // Cells stored as floats: PureHDF would reinterpret their bytes as integers; the adapter refuses them.
        string floatCells = BfmFixture.WriteH5(folder, d => d["/shape/representer/cells"] = new H5Dataset(new float[6], fileDims: [3, 2]));
        Assert.Equal($"{floatCells}: dataset '/shape/representer/cells' holds FloatingPoint values of 4 bytes; expected integers.", Assert.Throws<Hdf5Exception>(() => BfmReader.Read(floatCells)).Message);

        // Doubles and narrower or unsigned integers are converted, not reinterpreted: the model reads the same.
        int[] cells;
        using (Hdf5File reference = Hdf5File.OpenRead(BfmFixture.WriteH5(folder, name: "reference.h5")))
        {
            cells = reference.ReadInt32("/shape/representer/cells", out _);
        }

        string converted = BfmFixture.WriteH5(folder, d =>
        {
            d["/shape/model/pcaVariance"] = new H5Dataset(BfmFixture.StdDevMm.Select(s => s * s).ToArray(), fileDims: [BfmFixture.K]);
            d["/shape/representer/cells"] = new H5Dataset(cells.Select(c => (ushort)c).ToArray(), fileDims: [3, (ulong)(cells.Length / 3)]);
            d["/expression/model/pcaVariance"] = new H5Dataset(new uint[] { 100, 49, 25 }, fileDims: [BfmFixture.KExp]);
        }, "converted.h5");
        LinearMorphableModel m = BfmReader.Read(converted);
        Assert.Equal(BfmFixture.StdDevMm.Select(s => (float)s), m.IdentityStdDev.ToArray());
        Assert.Equal([10f, 7f, 5f], m.ExpressionStdDev.ToArray());
        Assert.Equal(BfmFixture.Triangles(), m.Triangles.ToArray());

        using Hdf5File h5 = Hdf5File.OpenRead(converted);
        Assert.True(h5.Exists("/shape/model/mean"));
        Assert.False(h5.Exists("/shape/nothing/here"));
        Assert.Equal($"{converted}: '/shape/model' is a group, not a dataset.", Assert.Throws<Hdf5Exception>(() => h5.ReadSingle("/shape/model", out _)).Message);
        string big = BfmFixture.WriteH5(folder, d => d["/shape/representer/cells"] = new H5Dataset(new long[] { 0, 1, 5_000_000_000 }, fileDims: [3, 1]), "big.h5");
        Assert.Equal($"{big}: dataset '/shape/representer/cells' holds the value 5000000000 at index 2, beyond 32-bit integers.", Assert.Throws<Hdf5Exception>(() => BfmReader.Read(big)).Message);
    }

    [Fact]
    public void FilesThatAreNotHdf5OrCutShortAreNamed()
    {
        string folder = Fixture.TempFolder();
        string text = Path.Combine(folder, "model.h5");
        File.WriteAllText(text, "not an HDF5 file, just text that is long enough to look at");
        var e = Assert.Throws<Hdf5Exception>(() => Hdf5File.OpenRead(text));
        Assert.StartsWith($"{text}: not a readable HDF5 file", e.Message);

        string good = BfmFixture.WriteH5(folder);
        byte[] bytes = File.ReadAllBytes(good);
        string cut = Path.Combine(folder, "cut.h5");
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        var c = Assert.ThrowsAny<PluginInputException>(() => BfmReader.Read(cut));
        Assert.StartsWith($"{cut}: ", c.Message);

        Assert.Equal($"{Path.Combine(folder, "none.h5")}: file not found; expected an HDF5 file.", Assert.Throws<Hdf5Exception>(() => Hdf5File.OpenRead(Path.Combine(folder, "none.h5"))).Message);
    }
}
