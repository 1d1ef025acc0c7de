namespace Facebench.Morphable.Eos;

/// <summary>A dense float matrix as Eigen stores it: column-major, <c>Data[r + c·Rows]</c>.</summary>
/// <param name="Rows">Row count.</param>
/// <param name="Cols">Column count.</param>
/// <param name="Data">Rows·Cols floats, column-major.</param>
internal sealed record EigenMatrix(int Rows, int Cols, float[] Data)
{
    /// <summary>True for a matrix with no elements (eos writes an absent colour model this way).</summary>
    public bool IsEmpty => Data.Length == 0;

    /// <summary>The same matrix in row-major order, <c>[r·Cols + c]</c>: the <c>IMorphableModel</c> basis layout.</summary>
    public float[] ToRowMajor()
    {
        var result = new float[Data.Length];
        for (int c = 0; c < Cols; c++)
        {
            for (int r = 0; r < Rows; r++)
            {
                result[(r * Cols) + c] = Data[r + (c * Rows)];
            }
        }

        return result;
    }
}
