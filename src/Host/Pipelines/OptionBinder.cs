using System.Collections;
using System.Globalization;
using System.Reflection;
using Facebench.Host.Catalog;

namespace Facebench.Host.Pipelines;

/// <summary>
/// Binds a <c>with:</c> mapping to a plugin's options record: converts each scalar to the property's type,
/// resolves <see cref="Contracts.ResolvePathAttribute"/> paths, and reports every mismatch at its position
/// with the list of valid options.
/// </summary>
public static class OptionBinder
{
    /// <summary>Creates the options object for a plugin use.</summary>
    /// <param name="schema">The plugin's options.</param>
    /// <param name="with">The mapping from the pipeline, or null for all defaults.</param>
    /// <param name="owner">Where the plugin is used (its <c>use:</c> position), for missing-option errors.</param>
    /// <param name="pluginId">The plugin id, for messages.</param>
    /// <param name="pipelineDirectory">Folder that relative paths from the file resolve against.</param>
    public static object Bind(OptionsSchema schema, MappingNode? with, SourceMark owner, string pluginId, string pipelineDirectory)
    {
        object options = Activator.CreateInstance(schema.Type)!;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in with?.Entries ?? [])
        {
            var option = schema.Find(key.Value)
                ?? throw new PipelineException(key.Mark, $"plugin '{pluginId}' has no option '{key.Value}'{Suggestions.DidYouMean(key.Value, schema.Options.Select(o => o.Key))} {Capitalise(schema.Describe())}.");
            seen.Add(option.Key);
            object? converted = Convert(value, option.Property.PropertyType, $"{pluginId}: option '{option.Key}'");
            if (option.IsPath && converted is string path && path.Length > 0)
            {
                converted = ResolvePath(path, value.Mark, pipelineDirectory);
            }

            option.Property.SetValue(options, converted);
        }

        foreach (var option in schema.Options)
        {
            if (option.IsRequired && !seen.Contains(option.Key))
            {
                throw new PipelineException(with?.Mark ?? owner, $"plugin '{pluginId}' needs option '{option.Key}' ({option.TypeName}): {option.Description} {Capitalise(schema.Describe())}.");
            }

            if (option.IsPath && !seen.Contains(option.Key) && option.Property.GetValue(options) is string { Length: > 0 } defaultPath)
            {
                option.Property.SetValue(options, ResolvePath(defaultPath, owner, pipelineDirectory));
            }
        }

        return options;
    }

    /// <summary>Relative paths written in the file resolve against its folder; those given with --set against the working directory.</summary>
    private static string ResolvePath(string path, SourceMark mark, string pipelineDirectory) =>
        Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(mark.IsCommandLine ? Directory.GetCurrentDirectory() : pipelineDirectory, path));

    private static object? Convert(PipelineNode node, Type type, string what)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner)
        {
            return node is ScalarNode { IsNull: true } ? null : Convert(node, inner, what);
        }

        if (OptionsSchema.ElementType(type) is { } element)
        {
            return ConvertList(node, type, element, what);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>) && type.GetGenericArguments()[0] == typeof(string))
        {
            var map = node as MappingNode ?? throw Mismatch(node, what, "a mapping of name: value");
            var dictionary = (IDictionary)Activator.CreateInstance(type)!;
            foreach (var (key, value) in map.Entries)
            {
                dictionary[key.Value] = Convert(value, type.GetGenericArguments()[1], $"{what}.{key.Value}");
            }

            return dictionary;
        }

        if (IsScalarType(type))
        {
            var scalar = node as ScalarNode ?? throw Mismatch(node, what, $"a single {OptionsSchema.TypeName(type)}");
            return ConvertScalar(scalar, type, what);
        }

        // A nested record: bind its properties like a plugin's options.
        var nested = node as MappingNode ?? throw Mismatch(node, what, "a mapping");
        var schema = OptionsSchema.For(type);
        return Bind(schema, nested, nested.Mark, what, "");
    }

    private static object ConvertList(PipelineNode node, Type listType, Type element, string what)
    {
        // A single value is accepted where a list is expected: `group_by: group` means `[group]`.
        var items = node switch
        {
            SequenceNode seq => seq.Items,
            ScalarNode { IsNull: true } => [],
            ScalarNode scalar => [scalar],
            _ => throw Mismatch(node, what, $"a list of {OptionsSchema.TypeName(element)}"),
        };

        var array = Array.CreateInstance(element, items.Count);
        for (int i = 0; i < items.Count; i++)
        {
            array.SetValue(Convert(items[i], element, $"{what}[{i}]"), i);
        }

        if (listType.IsArray)
        {
            return array;
        }

        var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
        foreach (object? item in array)
        {
            list.Add(item);
        }

        return list;
    }

    private static bool IsScalarType(Type type) =>
        type == typeof(string) || type == typeof(bool) || type == typeof(int) || type == typeof(long)
        || type == typeof(double) || type == typeof(float) || type.IsEnum;

    private static object ConvertScalar(ScalarNode scalar, Type type, string what)
    {
        string text = scalar.Value.Trim();
        var culture = CultureInfo.InvariantCulture;
        if (type == typeof(string))
        {
            return scalar.IsNull && !scalar.IsQuoted ? "" : scalar.Value;
        }

        if (type == typeof(bool))
        {
            return text.ToLowerInvariant() switch
            {
                "true" or "yes" or "on" => true,
                "false" or "no" or "off" => false,
                _ => throw Mismatch(scalar, what, "true or false"),
            };
        }

        if (type == typeof(int))
        {
            return int.TryParse(text, NumberStyles.Integer, culture, out int i) ? i : throw Mismatch(scalar, what, "an integer");
        }

        if (type == typeof(long))
        {
            return long.TryParse(text, NumberStyles.Integer, culture, out long l) ? l : throw Mismatch(scalar, what, "an integer");
        }

        if (type == typeof(double) || type == typeof(float))
        {
            if (!double.TryParse(text, NumberStyles.Float, culture, out double d) && !TryYamlSpecial(text, out d))
            {
                throw Mismatch(scalar, what, "a number");
            }

            return type == typeof(float) ? (float)d : d;
        }

        // Enums: any case, snake_case or kebab-case of the member name.
        string normalised = text.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        foreach (string name in Enum.GetNames(type))
        {
            if (string.Equals(name, normalised, StringComparison.OrdinalIgnoreCase))
            {
                return Enum.Parse(type, name);
            }
        }

        throw Mismatch(scalar, what, "one of " + string.Join(", ", Enum.GetNames(type).Select(OptionsSchema.SnakeCase)));
    }

    private static bool TryYamlSpecial(string text, out double value)
    {
        value = text.ToLowerInvariant() switch
        {
            ".inf" or "+.inf" => double.PositiveInfinity,
            "-.inf" => double.NegativeInfinity,
            ".nan" => double.NaN,
            _ => 0,
        };
        return text.ToLowerInvariant() is ".inf" or "+.inf" or "-.inf" or ".nan";
    }

    private static PipelineException Mismatch(PipelineNode node, string what, string expected)
    {
        string found = node is ScalarNode s ? $"'{s.Value}'" : node.ShapeName;
        return new PipelineException(node.Mark, $"{what} must be {expected}; found {found}.");
    }

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
