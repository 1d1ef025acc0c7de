namespace Facebench.Contracts;

/// <summary>Documents one option of a plugin's options record; shown by <c>facebench plugins</c>.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OptionAttribute(string description) : Attribute
{
    /// <summary>One or two sentences: what the option changes and its unit.</summary>
    public string Description { get; } = description;
}

/// <summary>
/// Marks a string option as a file-system path: a relative value is resolved against the folder of the
/// pipeline file that sets it, not against the working directory.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ResolvePathAttribute : Attribute
{
}

/// <summary>
/// Marks a string option as a reference to a component: the value names an entry of the pipeline's
/// <c>components:</c> block, or directly a component plugin id (which the host then creates with
/// default options). The host checks that the component exists and implements <see cref="ServiceType"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ComponentRefAttribute(Type serviceType) : Attribute
{
    /// <summary>The interface the referenced component must implement.</summary>
    public Type ServiceType { get; } = serviceType;
}
