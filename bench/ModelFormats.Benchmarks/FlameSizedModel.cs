using Facebench.Contracts.Morphable;
using Facebench.Morphable;
using Facebench.Morphable.Articulated;

namespace Facebench.ModelFormats.Benchmarks;

/// <summary>
/// A model of FLAME's size and structure built in memory (no licensed data): 5,023 vertices on a smooth head-like
/// surface, 300 identity and 100 expression components, 5 joints (global, neck, jaw, eyes) with FLAME's kinematic
/// tree, sparse skinning weights (1–3 joints per vertex), 36 pose-corrective features, a sparse joint regressor,
/// 51 static landmarks inside triangles plus a 79-row × 17-point dynamic jaw-line table.
/// </summary>
public static class FlameSizedModel
{
    public const int Vertices = 5023;
    private const int Nu = 73, Nv = 68; // 4,964 grid vertices; the rest form a partial row outside the triangles

    public static ArticulatedMorphableModel Build()
    {
        int n = Vertices, kid = 300, kexp = 100, joints = 5;
        var mean = new float[3 * n];
        (double U, double V) Uv(int v) => v < Nu * Nv ? (-1 + (2.0 * (v % Nu) / (Nu - 1)), -1 + (2.0 * (v / Nu) / (Nv - 1))) : (-1 + (2.0 * (v - (Nu * Nv)) / 60), 1.02);
        for (int v = 0; v < n; v++)
        {
            (double u, double w) = Uv(v);
            mean[3 * v] = (float)(0.08 * u);
            mean[(3 * v) + 1] = (float)(0.1 * w);
            mean[(3 * v) + 2] = (float)(0.06 * Math.Sqrt(Math.Max(0.05, 1 - (0.8 * u * u) - (0.5 * w * w))));
        }

        var identity = new float[3 * n * kid];
        var expression = new float[3 * n * kexp];
        for (int v = 0; v < n; v++)
        {
            (double u, double w) = Uv(v);
            for (int c = 0; c < 3; c++)
            {
                int row = (3 * v) + c;
                for (int k = 0; k < kid; k++)
                {
                    identity[(row * kid) + k] = (float)(0.003 / Math.Sqrt(1 + (0.05 * k)) * Math.Sin((0.9 * u * ((k % 13) + 1)) + (1.7 * c) + (0.5 * k)) * Math.Cos((0.8 * w * ((k % 7) + 1)) + (0.3 * c)));
                }

                double mouth = Math.Exp(-((u / 0.5 * (u / 0.5)) + ((w + 0.35) / 0.3 * ((w + 0.35) / 0.3))));
                for (int e = 0; e < kexp; e++)
                {
                    expression[(row * kexp) + e] = (float)(0.004 / Math.Sqrt(1 + (0.1 * e)) * mouth * Math.Sin((1.3 * u * ((e % 11) + 1)) + (0.9 * c) + e));
                }
            }
        }

        var triangles = new List<int>();
        for (int j = 0; j < Nv - 1; j++)
        {
            for (int i = 0; i < Nu - 1; i++)
            {
                int a = (j * Nu) + i, b = a + 1, c = a + Nu + 1, d = a + Nu;
                triangles.AddRange([a, b, c, a, c, d]);
            }
        }

        var weights = new float[n * joints];
        for (int v = 0; v < n; v++)
        {
            (double u, double w) = Uv(v);
            double jaw = Math.Clamp((-0.2 - w) / 0.4, 0, 1);
            double global = Math.Abs(u) > 0.9 ? 0.3 : 0;
            double eyeL = ((u - 0.35) * (u - 0.35)) + ((w - 0.3) * (w - 0.3)) < 0.02 ? 0.5 : 0;
            double eyeR = ((u + 0.35) * (u + 0.35)) + ((w - 0.3) * (w - 0.3)) < 0.02 ? 0.5 : 0;
            jaw *= 1 - global - eyeL - eyeR;
            weights[v * joints] = (float)global;
            weights[(v * joints) + 1] = (float)(1 - global - jaw - eyeL - eyeR);
            weights[(v * joints) + 2] = (float)jaw;
            weights[(v * joints) + 3] = (float)eyeL;
            weights[(v * joints) + 4] = (float)eyeR;
        }

        var pose = new float[3 * n * 36];
        for (int i = 0; i < pose.Length; i++)
        {
            pose[i] = (float)(0.0005 * Math.Sin((0.1 * (i / 108)) + (0.7 * (i / 36 % 3)) + (0.3 * (i % 36))));
        }

        int Nearest(double u, double w) => Math.Clamp((int)Math.Round((w + 1) / 2 * (Nv - 1)), 0, Nv - 1) * Nu + Math.Clamp((int)Math.Round((u + 1) / 2 * (Nu - 1)), 0, Nu - 1);
        (int, int, double)[] regressor =
        [
            (0, Nearest(0, 0), 1), (1, Nearest(-0.1, -0.6), 0.5), (1, Nearest(0.1, -0.6), 0.5),
            (2, Nearest(-0.15, -0.4), 1 / 3.0), (2, Nearest(0.15, -0.4), 1 / 3.0), (2, Nearest(0, -0.5), 1 / 3.0),
            (3, Nearest(0.35, 0.3), 1), (4, Nearest(-0.35, 0.3), 1),
        ];

        LandmarkBinding Locate(double u, double w)
        {
            double s = (u + 1) / 2 * (Nu - 1), t = (w + 1) / 2 * (Nv - 1);
            int i = Math.Clamp((int)s, 0, Nu - 2), j = Math.Clamp((int)t, 0, Nv - 2);
            double fs = s - i, ft = t - j;
            int a = (j * Nu) + i, b = a + 1, c = a + Nu + 1, d = a + Nu;
            return fs >= ft
                ? LandmarkBinding.InTriangle(a, b, c, (float)(1 - fs), (float)(fs - ft), (float)ft)
                : LandmarkBinding.InTriangle(a, c, d, (float)(1 - ft), (float)fs, (float)(ft - fs));
        }

        List<(double U, double W)> ibug = [];
        for (int i = 0; i < 17; i++)
        {
            double a = Math.PI + (Math.PI * i / 16);
            ibug.Add((0.85 * Math.Cos(a), 0.1 + (0.85 * Math.Sin(a))));
        }

        for (int i = 0; i < 5; i++) { ibug.Add((-0.6 + (0.1125 * i), 0.45)); }
        for (int i = 0; i < 5; i++) { ibug.Add((0.15 + (0.1125 * i), 0.45)); }
        for (int i = 0; i < 4; i++) { ibug.Add((0, 0.35 - (0.1 * i))); }
        for (int i = 0; i < 5; i++) { ibug.Add((-0.15 + (0.075 * i), -0.02)); }
        foreach (double centre in new[] { -0.35, 0.35 })
        {
            for (int i = 0; i < 6; i++)
            {
                double a = Math.PI - (Math.PI * i / 3);
                ibug.Add((centre + (0.12 * Math.Cos(a)), 0.3 + (0.05 * Math.Sin(a) * (i < 4 ? 1 : -1))));
            }
        }

        for (int i = 0; i < 12; i++) { double a = Math.PI - (2 * Math.PI * i / 12); ibug.Add((0.35 * Math.Cos(a), -0.35 + (0.13 * Math.Sin(a)))); }
        for (int i = 0; i < 8; i++) { double a = Math.PI - (2 * Math.PI * i / 8); ibug.Add((0.2 * Math.Cos(a), -0.35 + (0.05 * Math.Sin(a)))); }
        LandmarkBinding[] points = [.. ibug.Select(p => Locate(p.U, p.W))];
        var table = new List<LandmarkBinding>();
        for (int r = 0; r < 79; r++)
        {
            int yaw = r <= 39 ? r : -(r - 39);
            for (int m = 0; m < 17; m++)
            {
                table.Add(Locate(Math.Clamp(ibug[m].U + (0.004 * yaw * (1 - Math.Abs(ibug[m].U))), -0.97, 0.97), ibug[m].W));
            }
        }

        float[] ones(int k) => Enumerable.Repeat(1f, k).ToArray();
        var linear = new LinearMorphableModel("FLAME-sized synthetic", 1000, mean, identity, ones(kid), expression, ones(kexp), [.. triangles], [], new LandmarkEmbedding(points, [], [], [], []));
        return new ArticulatedMorphableModel(linear, ["global", "neck", "jaw", "left_eye", "right_eye"], [-1, 0, 1, 1, 1], regressor, weights, pose, new YawContourTable([.. Enumerable.Range(0, 17)], table));
    }
}
