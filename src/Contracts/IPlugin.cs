namespace Facebench.Contracts;

/// <summary>
/// What every plugin is: something the host creates, binds options to, and initialises once before use.
/// Plugins normally derive from <see cref="Plugin{TOptions}"/> rather than implementing this directly.
/// </summary>
public interface IPlugin
{
    /// <summary>The options record the host binds the pipeline's <c>with:</c> block to.</summary>
    Type OptionsType { get; }

    /// <summary>Called once, before any other member, with bound options and the run's context.</summary>
    /// <exception cref="PluginInputException">The options or the files they name are not usable.</exception>
    void Initialize(object options, PluginContext context);
}

/// <summary>
/// Base class for plugins with an options record. The options convention: a class with a parameterless
/// constructor whose settable public properties are the options; property initialisers are the defaults,
/// (the host creates it by reflection, so <c>required</c> members are allowed),
/// <see cref="OptionAttribute"/> documents each one, and C# <c>required</c> marks the mandatory ones.
/// YAML keys are the snake_case form of the property names (<c>GroupBy</c> is <c>group_by</c>).
/// </summary>
/// <typeparam name="TOptions">The options record.</typeparam>
public abstract class Plugin<TOptions> : IPlugin where TOptions : class
{
    private TOptions? _options;
    private PluginContext? _context;

    /// <inheritdoc />
    public Type OptionsType => typeof(TOptions);

    /// <summary>The bound options; available from <see cref="OnInitialize"/> on.</summary>
    protected TOptions Options => _options ?? throw new InvalidOperationException($"{GetType().Name} was used before Initialize.");

    /// <summary>The run's context; available from <see cref="OnInitialize"/> on.</summary>
    protected PluginContext Context => _context ?? throw new InvalidOperationException($"{GetType().Name} was used before Initialize.");

    /// <inheritdoc />
    public void Initialize(object options, PluginContext context)
    {
        _options = (TOptions)options;
        _context = context;
        OnInitialize();
    }

    /// <summary>Validates options and loads what the plugin needs; throw <see cref="PluginInputException"/> on bad input.</summary>
    protected virtual void OnInitialize()
    {
    }
}

/// <summary>Options record for plugins that take none.</summary>
public sealed class NoOptions
{
}
