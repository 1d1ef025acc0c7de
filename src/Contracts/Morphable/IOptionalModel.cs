namespace Facebench.Contracts.Morphable;

/// <summary>
/// A model component that may be configured off: a licensed model (FLAME, FaceVerse, BFM) whose file the user has
/// not provided, declared with <c>optional: true</c> so that a pipeline comparing several models runs with those it
/// has and notes the others, instead of failing. The component plugin object implements it; its
/// <c>IComponent&lt;IMorphableModel&gt;.Instance</c> throws when the model is unavailable.
/// </summary>
public interface IOptionalModel
{
    /// <summary>True when the model was loaded.</summary>
    bool IsAvailable { get; }

    /// <summary>Why it is not available (e.g. "no path given"), or null.</summary>
    string? UnavailableReason { get; }
}
