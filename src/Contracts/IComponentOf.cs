namespace Facebench.Contracts;

/// <summary>
/// A component plugin that hands out a service object rather than being it, e.g. a model plugin that
/// loads an <c>IMorphableModel</c> from a file. <see cref="PluginContext.GetComponent{T}"/> returns
/// <see cref="Instance"/> when asked for <typeparamref name="T"/>.
/// </summary>
/// <typeparam name="T">The service type.</typeparam>
public interface IComponent<out T> : IComponent where T : class
{
    /// <summary>The service object; available after initialisation.</summary>
    T Instance { get; }
}
