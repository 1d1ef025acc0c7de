using Facebench.PythonData;
using Facebench.PythonData.Numpy;
using Facebench.PythonData.Pickle;

namespace Facebench.ModelFormats.Tests;

public sealed class NpyReaderTests
{
    private static readonly double[] Values = [.. Enumerable.Range(0, 12).Select(i => i - 2.5)];
    private static readonly long[] Ints = [.. Enumerable.Range(0, 12).Select(i => (long)(i * (i % 2 == 1 ? 1 : -1)))];

    [Theory]
    [InlineData("f8_c.npy", "<f8", new[] { 3, 4 }, false)]
    [InlineData("f8_be.npy", ">f8", new[] { 3, 4 }, false)]
    [InlineData("f4_fortran.npy", "<f4", new[] { 3, 4 }, true)]
    [InlineData("f4_be_fortran.npy", ">f4", new[] { 2, 3, 2 }, true)]
    [InlineData("f2.npy", "<f2", new[] { 12 }, false)]
    public void FloatArraysDecodeToCOrderValues(string file, string dtype, int[] shape, bool fortran)
    {
        NdArray a = NpyReader.Read(Fixture.Path("npy", file));
        Assert.Equal(dtype, a.DType.ToString());
        Assert.Equal(shape, a.Shape);
        Assert.Equal(fortran, a.FortranOrder);
        Assert.Equal(Values, a.ToDoubleArray());
        Assert.Equal(Values.Select(v => (float)v), a.ToSingleArray());
    }

    [Theory]
    [InlineData("i1.npy", 1)]
    [InlineData("i2_be.npy", 1)]
    [InlineData("i4.npy", 1)]
    [InlineData("i8_fortran.npy", 1)]
    public void SignedIntegersOfEveryWidthOrderAndVersion(string file, long scale)
    {
        NdArray a = NpyReader.Read(Fixture.Path("npy", file));
        Assert.Equal(Ints.Select(v => v * scale), a.ToInt64Array());
        Assert.Equal(Ints.Select(v => (double)v * scale), a.ToDoubleArray());
    }

    [Theory]
    [InlineData("u1.npy", 1)]
    [InlineData("u2.npy", 1000)]
    [InlineData("u4_be.npy", 100000)]
    [InlineData("u8.npy", 1000000000000)]
    public void UnsignedIntegers(string file, long scale) =>
        Assert.Equal(Ints.Select(v => Math.Abs(v) * scale), NpyReader.Read(Fixture.Path("npy", file)).ToInt64Array());

    [Fact]
    public void BooleansScalarsAndEmptyArrays()
    {
        Assert.Equal(Enumerable.Range(0, 12).Select(i => i % 3 == 0 ? 1L : 0L), NpyReader.Read(Fixture.Path("npy", "b1.npy")).ToInt64Array());
        NdArray scalar = NpyReader.Read(Fixture.Path("npy", "scalar.npy"));
        Assert.Equal(0, scalar.Rank);
        Assert.Equal([42.5], scalar.ToDoubleArray());
        NdArray empty = NpyReader.Read(Fixture.Path("npy", "empty.npy"));
        Assert.Equal([0, 3], empty.Shape);
        Assert.Empty(empty.ToDoubleArray());
    }

    [Fact]
    public void ObjectArraysHoldTheirPickledPayload()
    {
        NdArray a = NpyReader.Read(Fixture.Path("npy", "object_dict.npy"));
        PyDict d = PyValue.AsDict(a.Item(), "item");
        Assert.Equal("fixture", PyValue.AsString(PyValue.Field(d, "name", "item"), "name"));
        Assert.Equal(3, PyValue.AsInt64(PyValue.Field(d, "count", "item"), "count"));
        Assert.Equal(Values[..3], PyValue.AsArray(PyValue.Field(d, "values", "item"), "values").ToDoubleArray());
        var e = Assert.Throws<PythonDataException>(() => NpyReader.Read(Fixture.Path("npy", "object_dict.npy"), allowPickle: false));
        Assert.Contains("allow_pickle", e.Message);
    }

    [Fact]
    public void TruncatedFilesNameTheFileAndTheShortfall()
    {
        byte[] bytes = File.ReadAllBytes(Fixture.Path("npy", "f8_c.npy"));
        var e = Assert.Throws<PythonDataException>(() => NpyReader.Read(bytes.AsMemory(0, bytes.Length - 5), "cut.npy"));
        Assert.Contains("cut.npy", e.Message);
        Assert.Contains("needs 96 bytes", e.Message);
        Assert.Throws<PythonDataException>(() => NpyReader.Read(bytes.AsMemory(0, 40), "cut.npy"));
        Assert.Throws<PythonDataException>(() => NpyReader.Read(new byte[] { 1, 2, 3 }, "tiny.npy"));
    }

    [Fact]
    public void WrongDtypeIsNamed()
    {
        var a = new NdArray([2], NpyDType.Parse("<c16"), false, new byte[32]);
        var e = Assert.Throws<PythonDataException>(() => a.ToDoubleArray());
        Assert.Contains("<c16", e.Message);
    }
}
