using System.Collections.Immutable;
using Facebench.Contracts;

namespace Facebench.Annotations.Labels;

/// <summary>
/// One entry of a labelled image dataset: the image's path relative to the dataset folder ('/' separators), its
/// attribute labels, optional annotated landmarks and face box, and — when the entry's own values are unreadable —
/// what is wrong with it (the entry then becomes a failed sample while the others go on).
/// </summary>
/// <param name="File">Image path relative to the dataset folder, '/' separators.</param>
/// <param name="Origin">Where the entry came from, for messages: <c>labels.csv:12</c> or the file name.</param>
/// <param name="Labels">Attribute labels (column name → value).</param>
/// <param name="Landmarks">Annotated landmarks in pixels (0-based), when the dataset has them.</param>
/// <param name="Box">Annotated face box in pixels, when the dataset has one.</param>
/// <param name="Problem">Why the entry's values could not be read, or null.</param>
public sealed record LabelledImage(
    string File,
    string Origin,
    ImmutableSortedDictionary<string, string> Labels,
    Point2[]? Landmarks = null,
    BoundingBox? Box = null,
    string? Problem = null);
