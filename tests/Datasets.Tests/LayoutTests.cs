using System.Collections.Immutable;
using Facebench.Annotations.Labels;
using Facebench.Contracts;

namespace Facebench.Datasets.Tests;

public sealed class LayoutTests
{
    [Theory]
    [InlineData("25_0_2_20170116174525125.jpg.chip.jpg", "25", "20-29", "Male", "Asian")]
    [InlineData("1_1_4_20161221193016140.jpg", "1", "0-2", "Female", "Others")]
    [InlineData("70_1_1_20170120134646399.jpg", "70", "more than 70", "Female", "Black")]
    [InlineData("9_0_3_20161220222856346.jpg.chip.jpg", "9", "3-9", "Male", "Indian")]
    [InlineData("45_0_0_20170117173522589.jpg", "45", "40-49", "Male", "White")]
    public void UTKFace_names_give_age_group_gender_and_race(string name, string age, string group, string gender, string race)
    {
        Assert.True(UtkFaceName.TryParse(name, out var labels, out string? problem), problem);
        Assert.Equal(new Dictionary<string, string> { ["age"] = age, ["age_group"] = group, ["gender"] = gender, ["race"] = race }, labels);
    }

    [Theory]
    [InlineData("39_1_20170116174525125.jpg.chip.jpg", "3 of the 4 fields")]
    [InlineData("x_1_2_20170116174525125.jpg", "age 'x'")]
    [InlineData("30_2_2_20170116174525125.jpg", "gender '2'")]
    [InlineData("30_1_5_20170116174525125.jpg", "race '5'")]
    public void Malformed_UTKFace_names_say_which_field(string name, string expected)
    {
        Assert.False(UtkFaceName.TryParse(name, out _, out string? problem));
        Assert.Contains(name, problem);
        Assert.Contains(expected, problem);
    }

    [Fact]
    public void Age_groups_are_FairFaces_bins()
    {
        Assert.Equal(["0-2", "3-9", "10-19", "20-29", "30-39", "40-49", "50-59", "60-69", "more than 70"], AgeGroups.Names);
        Assert.Equal(["0-2", "0-2", "3-9", "10-19", "10-19", "60-69", "more than 70", "more than 70"],
            new[] { 0, 2, 3, 10, 19, 69, 70, 95 }.Select(AgeGroups.Of));
    }

    [Fact]
    public void Generic_CSV_with_landmarks_and_boxes_per_row()
    {
        string dir = LabelledPhotos.NewFolder("csv");
        string csv = Path.Combine(dir, "labels.csv");
        File.WriteAllText(csv, "image,group,landmarks,box\na.png,A,\"1 2; 3 4\",10 20 30 40\nb.png,B,,\nc.png,B,1 2 3,\nd.png,A,,10 20 -1 5\n");
        var entries = LabelledImageIndex.ReadCsv(csv, LabelLayout.Csv, "image", "landmarks", "box");
        Assert.Equal(["a.png", "b.png", "c.png", "d.png"], entries.Select(e => e.File));
        Assert.Equal(ImmutableSortedDictionary<string, string>.Empty.Add("group", "A"), entries[0].Labels);
        Assert.Equal([new Point2(1, 2), new Point2(3, 4)], entries[0].Landmarks!);
        Assert.Equal(new BoundingBox(10, 20, 30, 40), entries[0].Box);
        Assert.Null(entries[1].Problem);
        Assert.Null(entries[1].Landmarks);
        Assert.StartsWith("labels.csv:4: column 'landmarks': 3 numbers", entries[2].Problem);
        Assert.StartsWith("labels.csv:5: column 'box':", entries[3].Problem);
    }

    [Fact]
    public void A_file_listed_twice_or_a_missing_file_column_is_an_error_naming_the_lines()
    {
        string dir = LabelledPhotos.NewFolder("csv-dup");
        string csv = Path.Combine(dir, "labels.csv");
        File.WriteAllText(csv, "file,age,gender,race,service_test\ntrain/1.jpg,20-29,Male,White,True\ntrain/1.jpg,3-9,Female,Black,False\n");
        var e = Assert.Throws<PluginInputException>(() => LabelledImageIndex.ReadCsv(csv, LabelLayout.FairFace));
        Assert.Equal($"{csv}: line 3: 'train/1.jpg' is listed again (first on line 2).", e.Message);

        File.WriteAllText(csv, "file,age,gender\ntrain/1.jpg,20-29,Male\n");
        Assert.Contains("no column 'race'", Assert.Throws<PluginInputException>(() => LabelledImageIndex.ReadCsv(csv, LabelLayout.FairFace)).Message);
        File.WriteAllText(csv, "path,age\ntrain/1.jpg,20-29\n");
        Assert.Contains("no column 'file'", Assert.Throws<PluginInputException>(() => LabelledImageIndex.ReadCsv(csv, LabelLayout.Csv)).Message);
        Assert.Contains("label file not found", Assert.Throws<PluginInputException>(() => LabelledImageIndex.ReadCsv(csv + ".missing", LabelLayout.Csv)).Message);
    }
}
