namespace Facebench.Contracts.Morphable;

/// <summary>
/// Asks a pipeline whether a component it names is an optional one that is configured off
/// (<see cref="IOptionalModel"/>), so that a comparison of several models runs with those it has and notes the rest.
/// </summary>
public static class OptionalComponents
{
    /// <summary>Why the component named <paramref name="name"/> is unavailable, or null when it is available (or not optional).</summary>
    public static string? UnavailableReason(PluginContext context, string name)
    {
        ArgumentNullException.ThrowIfNull(context);
        IComponent? component;
        try
        {
            component = context.GetComponent<IComponent>(name);
        }
        catch (PluginInputException)
        {
            // A context that hands out plain service objects (tests) has no component plugin object to ask.
            return null;
        }

        return component is IOptionalModel { IsAvailable: false } optional ? optional.UnavailableReason ?? "not configured" : null;
    }
}
