using Facebench.Annotations.Labels;
using Facebench.Contracts;

namespace Facebench.Datasets.Tests;

public sealed class CsvTableTests
{
    [Fact]
    public void Quoted_fields_hold_commas_quotes_and_line_breaks()
    {
        var table = CsvTable.Parse("\uFEFFfile,note\r\na.jpg,\"x, \"\"y\"\"\"\n\n\"b.jpg\",\"two\nlines\"\nc.jpg,\n", "t.csv");
        Assert.Equal(["file", "note"], table.Header);
        Assert.Equal(3, table.Rows.Count);
        Assert.Equal(["a.jpg", "x, \"y\""], table.Rows[0].Fields);
        Assert.Equal(4, table.Rows[1].Line);
        Assert.Equal(["b.jpg", "two\nlines"], table.Rows[1].Fields);
        Assert.Equal(6, table.Rows[2].Line);
        Assert.Equal(["c.jpg", ""], table.Rows[2].Fields);
    }

    [Theory]
    [InlineData("", "labels.csv: the file is empty")]
    [InlineData("file,age\na.jpg,20-29\nb.jpg\n", "labels.csv: line 3: 1 fields, but the header has 2")]
    [InlineData("file,age\na.jpg,20-29,extra\n", "labels.csv: line 2: 3 fields")]
    [InlineData("file,,race\n", "labels.csv: line 1: column 2 of the header has no name")]
    [InlineData("file,age,age\n", "labels.csv: line 1: column 'age' appears twice")]
    [InlineData("file,age\na.jpg,20-29\nb.jpg,\"30-39\n", "labels.csv: line 3: a quoted field is not closed")]
    [InlineData("file,age\na.jpg,2\"0\n", "labels.csv: line 2: a quote inside an unquoted field")]
    [InlineData("file,age\na.jpg,\"20\"x\n", "labels.csv: line 2: text after a closing quote")]
    public void Malformed_files_name_the_file_and_line(string text, string expected)
    {
        var e = Assert.Throws<PluginInputException>(() => CsvTable.Parse(text, "labels.csv"));
        Assert.StartsWith(expected, e.Message);
    }

    [Fact]
    public void A_missing_column_lists_the_columns_there_are()
    {
        var table = CsvTable.Parse("file,age\n", "labels.csv");
        var e = Assert.Throws<PluginInputException>(() => table.Column("race"));
        Assert.Contains("no column 'race'", e.Message);
        Assert.Contains("file, age", e.Message);
    }
}
