using System.Numerics;
using Facebench.PythonData;
using Facebench.PythonData.Numpy;
using Facebench.PythonData.Pickle;

namespace Facebench.ModelFormats.Tests;

public sealed class PickleReaderTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void EveryProtocolGivesTheSameValues(int protocol) =>
        CheckSample(PickleReader.ReadFile(Fixture.Path("pickle", $"sample_p{protocol}.pkl")));

    [Fact]
    public void Protocol5OutOfBandBuffersAreUsedInOrder()
    {
        string folder = Fixture.Path("pickle");
        ReadOnlyMemory<byte>[] buffers = [File.ReadAllBytes(Path.Combine(folder, "sample_p5_oob.buffer0.bin")), File.ReadAllBytes(Path.Combine(folder, "sample_p5_oob.buffer1.bin"))];
        CheckSample(PickleReader.Read(File.ReadAllBytes(Path.Combine(folder, "sample_p5_oob.pkl")), "oob", buffers));
        var e = Assert.Throws<PythonDataException>(() => PickleReader.Read(File.ReadAllBytes(Path.Combine(folder, "sample_p5_oob.pkl")), "oob"));
        Assert.Contains("out-of-band buffer", e.Message);
    }

    [Fact]
    public void Python2PicklesWithStrPayloadsAndChumpyWrappers()
    {
        PyDict d = PyValue.AsDict(PickleReader.ReadFile(Fixture.Path("pickle", "python2_style.pkl")), "root");
        Assert.Equal("python2", PyValue.AsString(PyValue.Field(d, "name", "root"), "name"));
        Assert.Equal([1.5, -2.0, 3.25], PyValue.AsArray(PyValue.Field(d, "array", "root"), "array").ToDoubleArray());
        NdArray ch = PyValue.AsArray(PyValue.Field(d, "chumpy", "root"), "chumpy");
        Assert.Equal([3, 2], ch.Shape);
        Assert.Equal([0.0, 1, 2, 3, 4, 5], ch.ToDoubleArray());
    }

    [Fact]
    public void ScipySparseMatricesOfOldAndNewModules()
    {
        PyDict d = PyValue.AsDict(PickleReader.ReadFile(Fixture.Path("pickle", "sparse.pkl")), "root");
        double[] expected = [0, 1.5, 0, 0, 2, 0, 0, -1, 0, 0, 3, 0];
        foreach (string key in new[] { "csc_old", "csc_new", "csr" })
        {
            SparseMatrix m = PyValue.AsSparse(PyValue.Field(d, key, "root"), key);
            Assert.Equal((3, 4), (m.Rows, m.Columns));
            Assert.Equal(expected, m.ToDense());
        }
    }

    [Fact]
    public void AnUnlistedClassIsNamed()
    {
        var e = Assert.Throws<UnsupportedPickleClassException>(() => PickleReader.ReadFile(Fixture.Path("pickle", "unlisted_class.pkl")));
        Assert.Equal("sklearn.decomposition._pca.PCA", e.QualifiedName);
        Assert.Contains("sklearn.decomposition._pca.PCA", e.Message);
        Assert.Contains("unlisted_class.pkl", e.Message);
    }

    private static void CheckSample(object? value)
    {
        PyDict d = PyValue.AsDict(value, "root");
        Assert.Equal("Gesichtsmodell ✓", PyValue.AsString(PyValue.Field(d, "text", "root"), "text"));
        Assert.Equal(7, PyValue.AsInt64(PyValue.Field(d, "int", "root"), "int"));
        Assert.Equal(-300, PyValue.AsInt64(PyValue.Field(d, "negative", "root"), "negative"));
        Assert.Equal(BigInteger.Pow(2, 70), Assert.IsType<BigInteger>(PyValue.Field(d, "big", "root")));
        Assert.Equal(0.25, PyValue.AsDouble(PyValue.Field(d, "float", "root"), "float"));
        Assert.Null(PyValue.Field(d, "none", "root"));
        Assert.Equal(new object?[] { true, false }, Assert.IsType<List<object?>>(PyValue.Field(d, "flags", "root")));
        PyTuple t = Assert.IsType<PyTuple>(PyValue.Field(d, "tuple", "root"));
        Assert.Equal(3, t.Count);
        Assert.Equal(2.5, t[1]);
        NdArray a = PyValue.AsArray(PyValue.Field(d, "array", "root"), "array");
        Assert.Equal([2, 3], a.Shape);
        Assert.Equal([0, 0.5, 1, 1.5, 2, 2.5], a.ToDoubleArray());
        Assert.Equal([0L, 1, 2, 3, 4], PyValue.AsArray(PyValue.Field(d, "ints", "root"), "ints").ToInt64Array());
    }
}
