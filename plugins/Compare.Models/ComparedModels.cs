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
            if (OptionalComponents.UnavailableReason(context, name) is { } reason)
            {
                skipped.Add((name, reason));
                continue;
            }

            available.Add((name, context.GetComponent<IMorphableModel>(name)));
        }

        return (available, skipped);
    }
}
