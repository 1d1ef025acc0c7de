namespace Facebench.Classification;

/// <summary>
/// The training data cannot give a classifier: fewer than two classes, a class without examples, no variation in
/// any feature, non-finite values, or an optimiser that diverged. The message says which and what to change.
/// </summary>
public sealed class UntrainableDataException(string message) : Exception(message)
{
}
