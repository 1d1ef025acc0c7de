using System.Diagnostics;
using Facebench.Contracts;
using Facebench.Matlab;
using Facebench.Morphable.Formats.Flame;
using Facebench.PythonData;
using Facebench.PythonData.Numpy;
using Facebench.PythonData.Pickle;

namespace Facebench.ModelFormats.Tests;

/// <summary>
/// Mutation fuzzing of the .npy, pickle and MAT readers (and the FLAME reader on top of the pickle reader): each
/// fixture is corrupted thousands of times — bytes flipped or replaced with boundary values, 4- and 8-byte length
/// fields overwritten, bytes inserted and deleted, the file truncated — with a fixed seed. Every outcome must be a
/// value or a typed error (<see cref="PluginInputException"/> and its subclasses): no other exception, no hang, and
/// no allocation beyond a small multiple of the input (sizes are checked against the bytes that remain).
/// <c>FACEBENCH_FUZZ_SCALE</c> multiplies the number of cases and <c>FACEBENCH_FUZZ_SEED</c> shifts the seeds, for
/// longer runs outside CI.
/// </summary>
public sealed class FuzzTests
{
    private const long AllocationBudget = 64L << 20;

    public static TheoryData<string> NpyFiles => [.. new[] { "f8_c.npy", "f4_be_fortran.npy", "i8_fortran.npy", "object_dict.npy", "scalar.npy" }];

    public static TheoryData<string> PickleFiles => [.. new[] { "sample_p0.pkl", "sample_p2.pkl", "sample_p4.pkl", "sample_p5.pkl", "python2_style.pkl", "sparse.pkl" }];

    [Theory]
    [MemberData(nameof(NpyFiles))]
    public void NpyReaderGivesTypedErrorsOnly(string file) =>
        Fuzz(File.ReadAllBytes(Fixture.Path("npy", file)), 3000, seed: file.Length, bytes => NpyReader.Read(bytes, "fuzz.npy").Count);

    [Theory]
    [MemberData(nameof(PickleFiles))]
    public void PickleReaderGivesTypedErrorsOnly(string file) =>
        Fuzz(File.ReadAllBytes(Fixture.Path("pickle", file)), 3000, seed: file.Length, bytes => Touch(PickleReader.Read(bytes, "fuzz.pkl")));

    [Fact]
    public void LandmarkEmbeddingWithTorchTensorsGivesTypedErrorsOnly() =>
        Fuzz(File.ReadAllBytes(Fixture.Path("flame", "landmark_embedding_small.npy")), 1500, seed: 3, bytes => Touch(NpyReader.Read(bytes, "fuzz.npy").Item()));

    [Fact]
    public void MatReaderGivesTypedErrorsOnly()
    {
        string folder = Fixture.TempFolder();
        foreach (bool compress in new[] { true, false })
        {
            string path = Path.Combine(folder, $"fuzz{compress}.mat");
            new MatFileWriter()
                .AddDouble("d", 2, 3, [1, 2, 3, 4, 5, 6], compress)
                .AddSingle("s", 3, 1, [1f, 2f, 3f], compress)
                .AddInt32("i", 1, 2, [4, 5], compress)
                .AddText("t", "text", compress)
                .Save(path);
            Fuzz(File.ReadAllBytes(path), 3000, seed: compress ? 1 : 2, bytes =>
            {
                MatFile f = MatFile.Read(bytes, "fuzz.mat");
                return f.Variables.Values.Sum(v => v.IsNumeric ? v.ToDoubleArray().Length : 0);
            });
        }
    }

    [Fact]
    public void FlameReaderGivesTypedErrorsOnly()
    {
        string folder = Fixture.TempFolder();
        string path = Path.Combine(folder, "fuzz.pkl");
        Fuzz(File.ReadAllBytes(Fixture.Path("flame", "flame2020_small.pkl")), 300, seed: 9, bytes =>
        {
            File.WriteAllBytes(path, bytes);
            return FlameReader.Read(path, new FlameReadOptions { FileIdentityComponents = 8 }).VertexCount;
        });
    }

    /// <summary>Walks a decoded value so lazy conversions run too (arrays decode, sparse matrices expand).</summary>
    private static int Touch(object? value, int depth = 0)
    {
        if (depth > 50)
        {
            return 0;
        }

        return value switch
        {
            NdArray a => a.DType.IsRealNumeric ? a.ToDoubleArray().Length : a.Objects?.Sum(o => Touch(o, depth + 1)) ?? 0,
            PyDict d => d.Items.Sum(kv => Touch(kv.Value, depth + 1)),
            List<object?> l => l.Sum(o => Touch(o, depth + 1)),
            PyTuple t => t.Items.Sum(o => Touch(o, depth + 1)),
            PyObject { Type.Kind: PyGlobalKind.ScipySparse } s => PyValue.AsSparse(s, "sparse").Values.Length,
            PyObject o => Touch(o.State, depth + 1),
            _ => 1,
        };
    }

    private static void Fuzz(byte[] original, int cases, int seed, Func<byte[], int> read)
    {
        cases *= int.Parse(Environment.GetEnvironmentVariable("FACEBENCH_FUZZ_SCALE") ?? "1");
        seed += int.Parse(Environment.GetEnvironmentVariable("FACEBENCH_FUZZ_SEED") ?? "0");
        var random = new Random(seed);
        int outcomes = 0, errors = 0;
        for (int n = 0; n < cases; n++)
        {
            byte[] mutated = Mutate(original, random);
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            long start = Stopwatch.GetTimestamp();
            try
            {
                outcomes += read(mutated) >= 0 ? 1 : 0;
            }
            catch (PluginInputException)
            {
                errors++;
            }
            catch (Exception e)
            {
                Assert.Fail($"case {n}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }

            Assert.True(Stopwatch.GetElapsedTime(start).TotalSeconds < 2, $"case {n} took {Stopwatch.GetElapsedTime(start).TotalSeconds:F1} s");
            long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            Assert.True(allocated < AllocationBudget + (200L * original.Length), $"case {n} allocated {allocated} bytes for a {mutated.Length}-byte input");
        }

        Assert.True(errors > 0 && outcomes + errors == cases);
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        int edits = 1 + random.Next(4);
        for (int e = 0; e < edits && bytes.Count > 0; e++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)(new[] { 0x00, 0xFF, 0x7F, 0x80, 0x01 })[random.Next(5)];
                    break;
                case 2:
                    // A length field made huge or negative.
                    for (int k = 0; k < 4 && at + k < bytes.Count; k++)
                    {
                        bytes[at + k] = random.Next(2) == 0 ? (byte)0xFF : (byte)0x7F;
                    }

                    break;
                case 3:
                    for (int k = 0; k < 8 && at + k < bytes.Count; k++)
                    {
                        bytes[at + k] = (byte)random.Next(256);
                    }

                    break;
                case 4:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                case 5:
                    bytes.RemoveAt(at);
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }
}
