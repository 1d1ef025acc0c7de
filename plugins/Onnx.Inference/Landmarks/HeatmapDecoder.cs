namespace Facebench.Plugins.Onnx.Inference.Landmarks;

/// <summary>
/// Sub-pixel soft-argmax of one heat map: the mean position under weights <c>exp(β·(h − max h))</c>, over a window of
/// ±<c>radius</c> cells around the maximum (the whole map when radius is 0). With β = 1 and a heat map that holds
/// log-likelihoods, this is the exact expectation; larger β approaches the plain argmax.
/// </summary>
public static class HeatmapDecoder
{
    /// <summary>Decodes one map.</summary>
    /// <param name="map">Row-major heat values, <paramref name="width"/>×<paramref name="height"/>.</param>
    /// <param name="width">Map width.</param>
    /// <param name="height">Map height.</param>
    /// <param name="beta">Sharpness β of the weights.</param>
    /// <param name="radius">Window half-size in cells; 0 = whole map.</param>
    /// <returns>The position in map cells (cell centres at integers) and the peak value.</returns>
    public static (double X, double Y, double Peak) Decode(ReadOnlySpan<float> map, int width, int height, double beta, int radius)
    {
        int best = 0;
        for (int i = 1; i < map.Length; i++)
        {
            if (map[i] > map[best])
            {
                best = i;
            }
        }

        float peak = map[best];
        int bx = best % width, by = best / width;
        int x0 = radius > 0 ? Math.Max(0, bx - radius) : 0, x1 = radius > 0 ? Math.Min(width - 1, bx + radius) : width - 1;
        int y0 = radius > 0 ? Math.Max(0, by - radius) : 0, y1 = radius > 0 ? Math.Min(height - 1, by + radius) : height - 1;
        double sum = 0, sx = 0, sy = 0;
        for (int y = y0; y <= y1; y++)
        {
            for (int x = x0; x <= x1; x++)
            {
                double w = Math.Exp(beta * (map[(y * width) + x] - peak));
                sum += w;
                sx += w * x;
                sy += w * y;
            }
        }

        return (sx / sum, sy / sum, peak);
    }
}
