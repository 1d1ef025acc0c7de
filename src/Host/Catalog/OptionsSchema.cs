using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Facebench.Contracts;

namespace Facebench.Host.Catalog;

/// <summary>One option of a plugin: its YAML key, type, default and documentation.</summary>
public sealed record OptionInfo(string Key, PropertyInfo Property, string TypeName, string DefaultText, string Description, bool IsRequired, bool IsPath, Type? ComponentType);

/// <summary>The options a plugin accepts, read by reflection from its options record.</summary>
public sealed class OptionsSchema
{
    private OptionsSchema(Type type, IReadOnlyList<OptionInfo> options)
    {
        Type = type;
        Options = options;
    }

    /// <summary>The options record type.</summary>
    public Type Type { get; }

    /// <summary>Options in declaration order.</summary>
    public IReadOnlyList<OptionInfo> Options { get; }

    /// <summary>The option for a YAML key, or null.</summary>
    public OptionInfo? Find(string key) => Options.FirstOrDefault(o => o.Key == key);

    /// <summary>"a (int, default 3), b (string, required)": for error messages.</summary>
    public string Describe() => Options.Count == 0
        ? "this plugin takes no options"
        : "options: " + string.Join(", ", Options.Select(o => o.IsRequired ? $"{o.Key} ({o.TypeName}, required)" : $"{o.Key} ({o.TypeName}, default {o.DefaultText})"));

    /// <summary>Reads the schema of an options type.</summary>
    public static OptionsSchema For(Type type)
    {
        object defaults = Activator.CreateInstance(type)
            ?? throw new InvalidOperationException($"{type.Name} has no parameterless constructor.");
        var options = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.SetMethod is { IsPublic: true })
            .OrderBy(p => p.MetadataToken)
            .Select(p => new OptionInfo(
                Key: SnakeCase(p.Name),
                Property: p,
                TypeName: TypeName(p.PropertyType),
                DefaultText: FormatDefault(p.GetValue(defaults)),
                Description: p.GetCustomAttribute<OptionAttribute>()?.Description ?? "",
                IsRequired: IsRequiredMember(p),
                IsPath: p.GetCustomAttribute<ResolvePathAttribute>() is not null,
                ComponentType: p.GetCustomAttribute<ComponentRefAttribute>()?.ServiceType))
            .ToList();
        return new OptionsSchema(type, options);
    }

    /// <summary>
    /// A C# <c>required</c> property, recognised by its attribute's full name: ScottPlot ships a public copy of
    /// RequiredMemberAttribute, so a plugin compiled against it carries that type rather than the runtime's.
    /// </summary>
    private static bool IsRequiredMember(PropertyInfo p) =>
        p.CustomAttributes.Any(a => a.AttributeType.FullName == "System.Runtime.CompilerServices.RequiredMemberAttribute");

    /// <summary>PascalCase to snake_case: <c>GroupBy</c> → <c>group_by</c>, <c>MaxIoU</c> → <c>max_io_u</c>.</summary>
    public static string SnakeCase(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);

    /// <summary>A short name for a type, as users write it in YAML.</summary>
    public static string TypeName(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner)
        {
            return TypeName(inner) + "?";
        }

        if (type == typeof(string)) return "string";
        if (type == typeof(bool)) return "bool";
        if (type == typeof(int) || type == typeof(long)) return "int";
        if (type == typeof(double) || type == typeof(float)) return "number";
        if (type.IsEnum) return string.Join("|", Enum.GetNames(type).Select(SnakeCase));
        if (ElementType(type) is { } element) return $"list of {TypeName(element)}";
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>)) return $"map of {TypeName(type.GetGenericArguments()[1])}";
        return "mapping";
    }

    /// <summary>The element type of an array or list option, or null.</summary>
    public static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        if (type.IsGenericType)
        {
            var def = type.GetGenericTypeDefinition();
            if (def == typeof(List<>) || def == typeof(IReadOnlyList<>) || def == typeof(IList<>) || def == typeof(IEnumerable<>) || def == typeof(IReadOnlyCollection<>))
            {
                return type.GetGenericArguments()[0];
            }
        }

        return null;
    }

    private static string FormatDefault(object? value) => value switch
    {
        null => "none",
        string s => s.Length == 0 ? "\"\"" : s,
        bool b => b ? "true" : "false",
        Enum e => SnakeCase(e.ToString()),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IDictionary d => d.Count == 0 ? "{}" : "{…}",
        IEnumerable e => "[" + string.Join(", ", e.Cast<object?>().Select(FormatDefault)) + "]",
        _ => "{…}",
    };
}
