using System.Collections.Immutable;
using System.Globalization;
using Facebench.Contracts;

namespace Facebench.Annotations.Labels;

/// <summary>
/// Lists the images of a labelled dataset with their labels, reading the dataset's own layout as published
/// (<see cref="LabelLayout"/>). Landmark cells hold <c>x y</c> pairs (0-based pixels) separated by spaces or
/// semicolons; box cells hold <c>x y width height</c>. File-level problems (missing or malformed CSV, a missing
/// column, a file listed twice) are errors naming the file and line; a row whose own values are unreadable becomes
/// an entry with a <see cref="LabelledImage.Problem"/>, so that the rest of the dataset still runs.
/// </summary>
public static class LabelledImageIndex
{
    /// <summary>FairFace's label columns (the file column is <c>file</c>).</summary>
    public static IReadOnlyList<string> FairFaceColumns { get; } = ["age", "gender", "race"];

    /// <summary>Reads a label CSV (generic or FairFace layout).</summary>
    /// <param name="csvPath">The label file.</param>
    /// <param name="layout"><see cref="LabelLayout.Csv"/> or <see cref="LabelLayout.FairFace"/>.</param>
    /// <param name="fileColumn">The column naming the image (FairFace: <c>file</c>).</param>
    /// <param name="landmarksColumn">Column of annotated landmarks, or null.</param>
    /// <param name="boxColumn">Column of annotated face boxes, or null.</param>
    /// <exception cref="PluginInputException">Missing or malformed file, missing columns, duplicate files.</exception>
    public static IReadOnlyList<LabelledImage> ReadCsv(string csvPath, LabelLayout layout, string fileColumn = "file", string? landmarksColumn = null, string? boxColumn = null)
    {
        if (layout == LabelLayout.UtkFace)
        {
            throw new ArgumentException("UTKFace has no label file; use FromUtkFaceNames.", nameof(layout));
        }

        var table = CsvTable.Read(csvPath);
        string name = Path.GetFileName(csvPath);
        if (layout == LabelLayout.FairFace)
        {
            fileColumn = "file";
            foreach (string column in FairFaceColumns)
            {
                table.Column(column);
            }
        }

        int file = table.Column(fileColumn);
        int? landmarks = landmarksColumn is null ? null : table.Column(landmarksColumn);
        int? box = boxColumn is null ? null : table.Column(boxColumn);
        var labelColumns = Enumerable.Range(0, table.Header.Count).Where(c => c != file && c != landmarks && c != box).ToArray();

        var entries = new List<LabelledImage>(table.Rows.Count);
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            string relative = row.Fields[file].Trim().Replace('\\', '/');
            if (relative.Length == 0)
            {
                throw new PluginInputException($"line {row.Line}: the '{table.Header[file]}' cell is empty; every row must name its image.", csvPath);
            }

            if (!firstLine.TryAdd(relative, row.Line))
            {
                throw new PluginInputException($"line {row.Line}: '{relative}' is listed again (first on line {firstLine[relative]}).", csvPath);
            }

            var labels = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
                labelColumns.Select(c => KeyValuePair.Create(table.Header[c], row.Fields[c].Trim())));
            string origin = $"{name}:{row.Line}";
            string? problem = null;
            Point2[]? points = null;
            BoundingBox? faceBox = null;
            if (landmarks is int l && row.Fields[l].Trim().Length > 0 && !TryParseLandmarks(row.Fields[l], out points, out problem))
            {
                problem = $"{origin}: column '{table.Header[l]}': {problem}";
            }
            else if (box is int b && row.Fields[b].Trim().Length > 0 && !TryParseBox(row.Fields[b], out faceBox, out problem))
            {
                problem = $"{origin}: column '{table.Header[b]}': {problem}";
            }

            entries.Add(new LabelledImage(relative, origin, labels, points, faceBox, problem));
        }

        return entries;
    }

    /// <summary>Lists the images of a UTKFace folder with the labels their names carry.</summary>
    /// <param name="folder">The dataset folder.</param>
    /// <param name="extensions">Image extensions to pick up.</param>
    /// <param name="recursive">Also search sub-folders.</param>
    /// <exception cref="PluginInputException">The folder does not exist.</exception>
    public static IReadOnlyList<LabelledImage> FromUtkFaceNames(string folder, IReadOnlySet<string> extensions, bool recursive)
    {
        if (!Directory.Exists(folder))
        {
            throw new PluginInputException("image folder not found.", folder);
        }

        var search = new EnumerationOptions { RecurseSubdirectories = recursive, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System };
        return [.. Directory.EnumerateFiles(folder, "*", search)
            .Where(f => extensions.Contains(Path.GetExtension(f)))
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .Select(relative =>
            {
                string fileName = relative[(relative.LastIndexOf('/') + 1)..];
                return UtkFaceName.TryParse(fileName, out var labels, out string? problem)
                    ? new LabelledImage(relative, fileName, labels)
                    : new LabelledImage(relative, fileName, labels, Problem: problem);
            })];
    }

    private static bool TryParseLandmarks(string cell, out Point2[]? points, out string? problem)
    {
        points = null;
        if (!TryParseNumbers(cell, out double[] values, out problem))
        {
            return false;
        }

        if (values.Length % 2 != 0)
        {
            problem = $"{values.Length} numbers; landmarks are x y pairs.";
            return false;
        }

        points = [.. Enumerable.Range(0, values.Length / 2).Select(i => new Point2(values[2 * i], values[(2 * i) + 1]))];
        return true;
    }

    private static bool TryParseBox(string cell, out BoundingBox? box, out string? problem)
    {
        box = null;
        if (!TryParseNumbers(cell, out double[] v, out problem))
        {
            return false;
        }

        if (v.Length != 4 || v[2] <= 0 || v[3] <= 0)
        {
            problem = $"'{cell.Trim()}' is not a box 'x y width height' with a positive width and height.";
            return false;
        }

        box = new BoundingBox(v[0], v[1], v[2], v[3]);
        return true;
    }

    private static bool TryParseNumbers(string cell, out double[] values, out string? problem)
    {
        string[] parts = cell.Split([' ', ';', '\t'], StringSplitOptions.RemoveEmptyEntries);
        values = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
            {
                problem = $"'{parts[i]}' is not a finite number.";
                return false;
            }
        }

        problem = null;
        return true;
    }
}
