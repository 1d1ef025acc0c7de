using Facebench.Contracts;
using Facebench.Contracts.Morphable;

namespace Facebench.Plugins.Compare.Models;

/// <summary>
/// Resolves the model components a comparison names: available ones as models, optional ones that are not
/// configured (<see cref="IOptionalModel"/>) as skip notes. Shared by the three comparison plugins so that they agree.
/// </summary>
internal static class ComparedModels
{
    public static (IReadOnlyList<(string Name, IMorphableModel Model)> Available, IReadOnlyList<(string Name, string Reason)> Skipped) Resolve(PluginContext context, IReadOnlyList<string> names, string plugin)
    {
        if (names.Count == 0 || names.Distinct(StringComparer.Ordinal).Count() != names.Count)
        {
            throw new PluginInputException($"{plugin}: option 'models' must name one or more distinct model components; got [{string.Join(", ", names)}]");
        }

        var available = new List<(string, IMorphableModel)>();
        var skipped = new List<(string, string)>();
        foreach (string name in names)
        {
            // The component object itself (every component plugin is an IComponent) tells whether it is configured;
            // a context that hands out plain service objects (tests) has no plugin object to ask.
            if (Component(context, name) is IOptionalModel { IsAvailable: false } optional)
            {
                skipped.Add((name, optional.UnavailableReason ?? "not configured"));
                continue;
            }

            available.Add((name, context.GetComponent<IMorphableModel>(name)));
        }

        return (available, skipped);
    }

    private static IComponent? Component(PluginContext context, string name)
    {
        try
        {
            return context.GetComponent<IComponent>(name);
        }
        catch (PluginInputException)
        {
            return null;
        }
    }
}
