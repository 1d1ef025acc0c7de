using System.Composition;

namespace Facebench.Contracts;

/// <summary>
/// Exports a class as a Facebench plugin and carries its metadata. The class must implement
/// <see cref="IPlugin"/> (usually through <see cref="Plugin{TOptions}"/>) and the interface of its kind.
/// </summary>
/// <example><code>
/// [Plugin("model.sfm", PluginKind.Component, "1.0.0", "Surrey Face Model read from eos's cereal archive")]
/// public sealed class SfmModelPlugin : Plugin&lt;SfmOptions&gt;, IComponent { ... }
/// </code></example>
[MetadataAttribute]
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class PluginAttribute : ExportAttribute
{
    /// <summary>Exports the class under <see cref="IPlugin"/> with the given metadata.</summary>
    /// <param name="id">Dotted, lower-case id such as <c>model.sfm</c>; the first part names the family.</param>
    /// <param name="kind">The role the plugin plays.</param>
    /// <param name="version">Semantic version of the plugin's behaviour (bump when results change).</param>
    /// <param name="description">One line saying what it does.</param>
    public PluginAttribute(string id, PluginKind kind, string version, string description)
        : base(typeof(IPlugin))
    {
        Id = id;
        Kind = kind;
        Version = version;
        Description = description;
    }

    /// <summary>Dotted, lower-case id such as <c>model.sfm</c>.</summary>
    public string Id { get; }

    /// <summary>The role the plugin plays.</summary>
    public PluginKind Kind { get; }

    /// <summary>Semantic version of the plugin's behaviour.</summary>
    public string Version { get; }

    /// <summary>One line saying what the plugin does.</summary>
    public string Description { get; }
}

/// <summary>The metadata view MEF builds from <see cref="PluginAttribute"/>.</summary>
public sealed class PluginMetadata
{
    /// <summary>Dotted, lower-case id such as <c>model.sfm</c>.</summary>
    public string Id { get; set; } = "";

    /// <summary>The role the plugin plays.</summary>
    public PluginKind Kind { get; set; }

    /// <summary>Semantic version of the plugin's behaviour.</summary>
    public string Version { get; set; } = "";

    /// <summary>One line saying what the plugin does.</summary>
    public string Description { get; set; } = "";
}
