namespace Facebench.Plugins.Onnx.Inference.Classification;

/// <summary>
/// The output stage of SSR-Net (Yang, Huang, Lin, Hsiu and Chuang, "SSR-Net: A Compact Soft Stagewise Regression
/// Network for Age Estimation", IJCAI 2018, eq. 5–7): K stages each give a distribution p_k over s_k bins, a
/// per-bin shift η_k (index offset) and a range scale Δ_k; the regressed value is
/// <c>ŷ = V Σ_k Σ_i (i + η_k,i) p_k,i / Π_{j≤k} s_j (1 + Δ_j)</c>, V the value range (101 years for age, 1 for the
/// gender score). The network itself ends before this sum; its nine outputs are read by name.
/// </summary>
public static class SsrNetRegression
{
    /// <summary>The outputs, in the order <see cref="Merge"/> takes them: per stage the bin probabilities, the range
    /// scale Δ_k and the index offsets η_k.</summary>
    public static IReadOnlyList<string> OutputNames { get; } =
    [
        "prob_stage_1", "prob_stage_2", "prob_stage_3",
        "stage1_delta_k", "stage2_delta_k", "stage3_delta_k",
        "index_offset_stage1", "index_offset_stage2", "index_offset_stage3",
    ];

    /// <summary>The stages.</summary>
    public const int Stages = 3;

    /// <summary>Merges one sample's stage outputs into the regressed value.</summary>
    /// <param name="output">Output <c>i</c> of <see cref="OutputNames"/> for this sample.</param>
    /// <param name="range">V, the value range.</param>
    public static double Merge(Func<int, ReadOnlySpan<float>> output, double range)
    {
        double value = 0;
        double width = 1;
        for (int k = 0; k < Stages; k++)
        {
            ReadOnlySpan<float> p = output(k);
            ReadOnlySpan<float> offset = output(6 + k);
            double delta = output(3 + k)[0];
            width *= p.Length * (1 + delta);
            double stage = 0;
            for (int i = 0; i < p.Length; i++)
            {
                stage += (i + offset[i]) * p[i];
            }

            value += stage / width;
        }

        return value * range;
    }
}
