using Facebench.Contracts.Morphable;

namespace Facebench.Fitting.Tests;

/// <summary>
/// A small synthetic morphable model for fitter tests, independent of the real model readers: a curved
/// face-like height field on a 21×25 grid (525 vertices, millimetres, y up, face towards +z), an identity basis of
/// smooth random displacement fields (low-order cosine products) with decreasing σ, a few localised expression
/// fields, a 68-point embedding (some points inside triangles) and left/right contour candidate columns.
/// Deterministic for a seed.
/// </summary>
internal sealed class SmoothTestModel : IMorphableModel
{
    public const int Columns = 21;
    public const int Rows = 25;

    private readonly float[] _mean;
    private readonly float[] _identity;
    private readonly float[] _identitySd;
    private readonly float[] _expression;
    private readonly float[] _expressionSd;
    private readonly int[] _triangles;

    public SmoothTestModel(int identityCount = 20, int expressionCount = 5, int seed = 1)
    {
        var random = new Random(seed);
        int n = Columns * Rows;
        _mean = new float[3 * n];
        for (int r = 0; r < Rows; r++)
        {
            for (int c = 0; c < Columns; c++)
            {
                (double u, double v) = Uv(r, c);
                int i = Index(r, c);
                double z = (50 * (1 - (0.7 * u * u) - (0.35 * v * v))) + (20 * Math.Exp(-((u * u) + ((v + 0.1) * (v + 0.1))) / 0.05));
                _mean[3 * i] = (float)(70 * u);
                _mean[(3 * i) + 1] = (float)(90 * v);
                _mean[(3 * i) + 2] = (float)z;
            }
        }

        _identity = new float[3 * n * identityCount];
        _identitySd = new float[identityCount];
        for (int k = 0; k < identityCount; k++)
        {
            _identitySd[k] = (float)(8 * Math.Pow(0.85, k));
            double[] a = new double[9];
            for (int q = 0; q < a.Length; q++)
            {
                a[q] = (random.NextDouble() * 2) - 1;
            }

            int fu = 1 + random.Next(3), fv = 1 + random.Next(3);
            for (int r = 0; r < Rows; r++)
            {
                for (int c = 0; c < Columns; c++)
                {
                    (double u, double v) = Uv(r, c);
                    int i = Index(r, c);
                    double basisU = Math.Cos(fu * u * 1.5 + a[6]), basisV = Math.Cos(fv * v * 1.3 + a[7]);
                    double w = basisU * basisV;
                    _identity[(((3 * i) + 0) * identityCount) + k] = (float)(0.6 * (a[0] * w + (a[3] * u)));
                    _identity[(((3 * i) + 1) * identityCount) + k] = (float)(0.6 * (a[1] * w + (a[4] * v)));
                    _identity[(((3 * i) + 2) * identityCount) + k] = (float)(a[2] * w + (a[5] * u * v) + (a[8] * 0.3));
                }
            }
        }

        _expression = new float[3 * n * expressionCount];
        _expressionSd = new float[expressionCount];
        for (int k = 0; k < expressionCount; k++)
        {
            _expressionSd[k] = 1;
            double cu = (random.NextDouble() * 1.2) - 0.6, cv = (random.NextDouble() * 1.6) - 0.9;
            double ax = (random.NextDouble() * 2) - 1, ay = (random.NextDouble() * 2) - 1, az = (random.NextDouble() * 2) - 1;
            for (int r = 0; r < Rows; r++)
            {
                for (int c = 0; c < Columns; c++)
                {
                    (double u, double v) = Uv(r, c);
                    int i = Index(r, c);
                    double g = 5 * Math.Exp(-(((u - cu) * (u - cu)) + ((v - cv) * (v - cv))) / 0.08);
                    _expression[(((3 * i) + 0) * expressionCount) + k] = (float)(g * ax);
                    _expression[(((3 * i) + 1) * expressionCount) + k] = (float)(g * ay);
                    _expression[(((3 * i) + 2) * expressionCount) + k] = (float)(g * az);
                }
            }
        }

        var triangles = new List<int>();
        for (int r = 0; r < Rows - 1; r++)
        {
            for (int c = 0; c < Columns - 1; c++)
            {
                // Rows go up in y and columns right in x: (r,c) (r,c+1) (r+1,c+1) is counter-clockwise seen from +z.
                triangles.AddRange([Index(r, c), Index(r, c + 1), Index(r + 1, c + 1)]);
                triangles.AddRange([Index(r, c), Index(r + 1, c + 1), Index(r + 1, c)]);
            }
        }

        _triangles = [.. triangles];
        IdentityCount = identityCount;
        ExpressionCount = expressionCount;
        Landmarks = BuildEmbedding(new Random(seed + 1000));
    }

    public string Name => "smooth test model";

    public double MillimetresPerUnit => 1;

    public int VertexCount => Columns * Rows;

    public int IdentityCount { get; }

    public int ExpressionCount { get; }

    public ReadOnlySpan<float> Mean => _mean;

    public ReadOnlySpan<float> IdentityBasis => _identity;

    public ReadOnlySpan<float> IdentityStdDev => _identitySd;

    public ReadOnlySpan<float> ExpressionBasis => _expression;

    public ReadOnlySpan<float> ExpressionStdDev => _expressionSd;

    public ReadOnlySpan<int> Triangles => _triangles;

    public ReadOnlySpan<float> TextureCoordinates => default;

    public LandmarkEmbedding Landmarks { get; }

    public static int Index(int row, int column) => (row * Columns) + column;

    public void Evaluate(ReadOnlySpan<float> identity, ReadOnlySpan<float> expression, Span<float> vertices)
    {
        for (int v = 0; v < VertexCount; v++)
        {
            EvaluateVertex(v, identity, expression, vertices.Slice(3 * v, 3));
        }
    }

    public void EvaluateVertices(ReadOnlySpan<int> vertexIndices, ReadOnlySpan<float> identity, ReadOnlySpan<float> expression, Span<float> output)
    {
        for (int j = 0; j < vertexIndices.Length; j++)
        {
            EvaluateVertex(vertexIndices[j], identity, expression, output.Slice(3 * j, 3));
        }
    }

    private void EvaluateVertex(int v, ReadOnlySpan<float> identity, ReadOnlySpan<float> expression, Span<float> xyz)
    {
        for (int c = 0; c < 3; c++)
        {
            int row = (3 * v) + c;
            double sum = _mean[row];
            for (int k = 0; k < Math.Min(identity.Length, IdentityCount); k++)
            {
                sum += _identity[(row * IdentityCount) + k] * _identitySd[k] * identity[k];
            }

            for (int k = 0; k < Math.Min(expression.Length, ExpressionCount); k++)
            {
                sum += _expression[(row * ExpressionCount) + k] * _expressionSd[k] * expression[k];
            }

            xyz[c] = (float)sum;
        }
    }

    private static (double U, double V) Uv(int row, int column) => ((2.0 * column / (Columns - 1)) - 1, (2.4 * row / (Rows - 1)) - 1.2);

    private static LandmarkEmbedding BuildEmbedding(Random random)
    {
        // Contour candidates: columns 2 (subject's right, −x) and 18 (left, +x), from row 20 (top) down to row 2.
        int[] right = [.. Enumerable.Range(0, 17).Select(j => Index(20 - j, 2))];
        int[] left = [.. Enumerable.Range(0, 17).Select(j => Index(20 - j, 18))];
        var points = new LandmarkBinding[LandmarkEmbedding.IbugCount];
        for (int i = 0; i < points.Length; i++)
        {
            points[i] = LandmarkBinding.None;
        }

        points[8] = LandmarkBinding.AtVertex(Index(1, 10)); // chin
        var used = new HashSet<int> { Index(1, 10) };
        for (int i = 17; i < 68; i++)
        {
            int r, c;
            do
            {
                r = 4 + random.Next(Rows - 8);
                c = 4 + random.Next(Columns - 8);
            }
            while (!used.Add(Index(r, c)));

            points[i] = i % 5 == 0
                ? LandmarkBinding.InTriangle(Index(r, c), Index(r, c + 1), Index(r + 1, c + 1), 0.5f, 0.3f, 0.2f)
                : LandmarkBinding.AtVertex(Index(r, c));
        }

        return new LandmarkEmbedding(points, [0, 1, 2, 3, 4, 5, 6, 7], right, [9, 10, 11, 12, 13, 14, 15, 16], left);
    }
}
