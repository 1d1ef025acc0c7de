namespace Facebench.Onnx;

/// <summary>A read-only list that owns its items: disposing it disposes them (the outputs a run returns).</summary>
/// <typeparam name="T">The item type.</typeparam>
public interface IDisposableReadOnlyCollection<out T> : IReadOnlyList<T>, IDisposable
{
}

/// <summary>The list of values returned by <see cref="InferenceSession.Run(RunOptions?, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/>.</summary>
internal sealed class DisposableList<T>(List<T> items) : IDisposableReadOnlyCollection<T> where T : IDisposable
{
    public int Count => items.Count;

    public T this[int index] => items[index];

    public IEnumerator<T> GetEnumerator() => items.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose()
    {
        foreach (T item in items)
        {
            item.Dispose();
        }
    }
}
