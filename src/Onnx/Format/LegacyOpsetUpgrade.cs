using Facebench.Onnx.Protobuf;

namespace Facebench.Onnx.Format;

/// <summary>
/// Upgrades models of the default operator set before version 7 (PyTorch 0.3 era) to version 7, which ONNX Runtime
/// guarantees to run: its 1.30 and 1.32 releases no longer run several older operators (e.g. <c>Add-6</c> with
/// <c>broadcast</c>, <c>Gemm-6</c>, <c>BatchNormalization-6</c>). Follows
/// the rules of ONNX's version converter for the operators whose version 7 changed the interface:
/// <list type="bullet">
/// <item>Element-wise binary operators (<c>Add</c>, <c>Sub</c>, <c>Mul</c>, <c>Div</c>, <c>Pow</c>, comparisons, logic):
/// the <c>broadcast</c>/<c>axis</c> attributes give way to NumPy broadcasting, so a right operand broadcast from
/// <c>axis</c> is first unsqueezed on its trailing axes (which needs both operands' ranks from the graph's declared
/// shapes); <c>consumed_inputs</c> is dropped.</item>
/// <item><c>Gemm</c>: <c>broadcast</c> dropped (version 7 always broadcasts C).</item>
/// <item><c>BatchNormalization</c>, <c>Dropout</c>: <c>is_test</c> and <c>consumed_inputs</c> dropped (version 7 is
/// inference-only).</item>
/// </list>
/// Every other field is copied byte for byte. A model it cannot upgrade faithfully is reported, not guessed at.
/// </summary>
public static class LegacyOpsetUpgrade
{
    /// <summary>The default-domain operator set version models are upgraded to.</summary>
    public const long TargetOpset = 7;

    private static readonly HashSet<string> BroadcastOps = new(StringComparer.Ordinal)
    {
        "Add", "Sub", "Mul", "Div", "Pow", "Equal", "Greater", "Less", "And", "Or", "Xor",
    };

    /// <summary>The model's default-domain operator set version, or 0 when it declares none.</summary>
    public static long DefaultOpset(ReadOnlySpan<byte> model)
    {
        IReadOnlyDictionary<string, long> opsets = OnnxModelInfo.Read(model).Opsets;
        return opsets.TryGetValue("", out long v) ? v : opsets.GetValueOrDefault("ai.onnx");
    }

    /// <summary>True when the model's default operator set is older than <see cref="TargetOpset"/>.</summary>
    public static bool IsLegacy(ReadOnlySpan<byte> model) => DefaultOpset(model) is > 0 and < TargetOpset;

    /// <summary>The model upgraded to operator set 7.</summary>
    /// <exception cref="NotSupportedException">An operator cannot be upgraded faithfully; the message says which and why.</exception>
    /// <exception cref="InvalidDataException">The bytes are not an ONNX model.</exception>
    public static byte[] Upgrade(ReadOnlySpan<byte> model)
    {
        try
        {
            return UpgradeModel(model);
        }
        catch (ProtoFormatException e)
        {
            throw new InvalidDataException($"not an ONNX model: {e.Message}", e);
        }
    }

    private static byte[] UpgradeModel(ReadOnlySpan<byte> model)
    {
        var output = new ProtoWriter();
        var reader = new ProtoReader(model);
        for (int start = 0; reader.TryReadTag(out int field, out WireType wire); start = reader.Position)
        {
            if (field == 7 && wire == WireType.LengthDelimited)
            {
                byte[] graph = UpgradeGraph(reader.ReadLengthDelimited());
                output.Bytes(7, graph);
            }
            else if (field == 8 && wire == WireType.LengthDelimited)
            {
                ReadOnlySpan<byte> opset = reader.ReadLengthDelimited();
                (string domain, long version) = OperatorSetIdProto.Read(opset);
                if (domain is "" or "ai.onnx")
                {
                    output.Message(8, o => o.String(1, domain).Int64(2, TargetOpset));
                }
                else
                {
                    output.Bytes(8, opset);
                }
            }
            else
            {
                reader.Skip(wire);
                output.Raw(reader.Since(start));
            }
        }

        return output.ToArray();
    }

    private static byte[] UpgradeGraph(ReadOnlySpan<byte> graph)
    {
        Dictionary<string, int> ranks = CollectRanks(graph);
        var output = new ProtoWriter();
        var reader = new ProtoReader(graph);
        int added = 0;
        for (int start = 0; reader.TryReadTag(out int field, out WireType wire); start = reader.Position)
        {
            if (field == 1 && wire == WireType.LengthDelimited)
            {
                UpgradeNode(reader.ReadLengthDelimited(), ranks, output, ref added);
            }
            else
            {
                reader.Skip(wire);
                output.Raw(reader.Since(start));
            }
        }

        return output.ToArray();
    }

    private static void UpgradeNode(ReadOnlySpan<byte> node, Dictionary<string, int> ranks, ProtoWriter graph, ref int added)
    {
        var reader = new ProtoReader(node);
        string op = "";
        var inputs = new List<string>();
        long? axis = null;
        bool broadcast = false;
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            if (field == 4 && wire == WireType.LengthDelimited)
            {
                op = reader.ReadString();
            }
            else if (field == 1 && wire == WireType.LengthDelimited)
            {
                inputs.Add(reader.ReadString());
            }
            else if (field == 5 && wire == WireType.LengthDelimited)
            {
                (string name, long? value) = ReadIntAttribute(reader.ReadLengthDelimited());
                if (name == "axis")
                {
                    axis = value;
                }
                else if (name == "broadcast")
                {
                    broadcast = value == 1;
                }
            }
            else
            {
                reader.Skip(wire);
            }
        }

        string? unsqueezed = null;
        if (BroadcastOps.Contains(op) && broadcast && axis is { } a && inputs.Count == 2)
        {
            // Opset < 7 aligns B with A starting at `axis`; NumPy broadcasting aligns trailing axes. The two agree when B
            // ends at A's last axis; otherwise B gets size-1 trailing axes first.
            if (!ranks.TryGetValue(inputs[0], out int rankA) || !ranks.TryGetValue(inputs[1], out int rankB))
            {
                throw new NotSupportedException($"{op} broadcasts '{inputs[1]}' from axis {a}, but the graph does not declare the ranks of its operands.");
            }

            // Unsqueeze's axes index its output, whose first rankB axes are B's own: the new ones follow them.
            long first = a < 0 ? a + rankA : a;
            if (first + rankB < rankA)
            {
                unsqueezed = Unsqueeze(graph, inputs[1], Enumerable.Range(rankB, (int)(rankA - first - rankB)), ref added);
            }
        }
        else if (op == "PRelu" && inputs.Count == 2 && ranks.TryGetValue(inputs[0], out int rankX) && ranks.TryGetValue(inputs[1], out int rankSlope)
            && rankSlope == 1 && rankX > 2)
        {
            // PRelu-6 applies a one-dimensional slope per channel (axis 1); PRelu-7 broadcasts it NumPy-style against the
            // last axis. Unsqueezing the slope to [C,1,...,1] keeps it on the channel axis.
            unsqueezed = Unsqueeze(graph, inputs[1], Enumerable.Range(1, rankX - 2), ref added);
        }
        else if (op is "Upsample" or "LSTM" or "GRU" or "RNN" or "Multinomial")
        {
            throw new NotSupportedException($"{op} changed its interface at operator set 7 in ways this upgrade does not rewrite.");
        }

        // Second pass: copy the node, rewriting what operator set 7 no longer accepts.
        var n = new ProtoWriter();
        var copy = new ProtoReader(node);
        int inputIndex = 0;
        for (int start = 0; copy.TryReadTag(out int field, out WireType wire); start = copy.Position)
        {
            if (field == 1 && wire == WireType.LengthDelimited)
            {
                string input = copy.ReadString();
                n.String(1, inputIndex++ == 1 && unsqueezed is not null ? unsqueezed : input);
                continue;
            }

            if (field == 5 && wire == WireType.LengthDelimited)
            {
                ReadOnlySpan<byte> attribute = copy.ReadLengthDelimited();
                (string name, _) = ReadIntAttribute(attribute);
                bool drop = name == "consumed_inputs"
                    || (name == "broadcast" && (BroadcastOps.Contains(op) || op == "Gemm"))
                    || (name == "axis" && BroadcastOps.Contains(op))
                    || (name == "is_test" && op is "BatchNormalization" or "Dropout");
                if (!drop)
                {
                    n.Bytes(5, attribute);
                }

                continue;
            }

            copy.Skip(wire);
            n.Raw(copy.Since(start));
        }

        graph.Bytes(1, n.ToArray());
    }

    /// <summary>Adds an opset-7 <c>Unsqueeze</c> node before the node being copied and returns its output's name.</summary>
    private static string Unsqueeze(ProtoWriter graph, string source, IEnumerable<int> axes, ref int added)
    {
        string output = $"{source}__unsqueezed_{added++}";
        long[] axisList = axes.Select(i => (long)i).ToArray();
        graph.Message(1, n => n.String(1, source).String(2, output).String(3, output).String(4, "Unsqueeze")
            .Message(5, at => at.String(1, "axes").PackedInt64(8, axisList).Int64(20, 7)));
        return output;
    }

    /// <summary>Ranks of tensors the graph declares: inputs, outputs, value_info (with shapes) and initialisers.</summary>
    private static Dictionary<string, int> CollectRanks(ReadOnlySpan<byte> graph)
    {
        var ranks = new Dictionary<string, int>(StringComparer.Ordinal);
        var reader = new ProtoReader(graph);
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            if (wire == WireType.LengthDelimited && field is 11 or 12 or 13)
            {
                (string name, int rank) = ValueInfoRank(reader.ReadLengthDelimited());
                if (rank >= 0)
                {
                    ranks[name] = rank;
                }
            }
            else if (wire == WireType.LengthDelimited && field == 5)
            {
                OnnxTensor tensor = TensorProtoReader.Read(reader.ReadLengthDelimited());
                ranks[tensor.Name] = tensor.Dims.Length;
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return ranks;
    }

    private static (string Name, int Rank) ValueInfoRank(ReadOnlySpan<byte> valueInfo)
    {
        var reader = new ProtoReader(valueInfo);
        string name = "";
        int rank = -1;
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            if (field == 1 && wire == WireType.LengthDelimited)
            {
                name = reader.ReadString();
            }
            else if (field == 2 && wire == WireType.LengthDelimited)
            {
                // TypeProto.tensor_type (1) -> TypeProto.Tensor.shape (2) -> TensorShapeProto.dim (1) repeated.
                ReadOnlySpan<byte> shape = Find(Find(reader.ReadLengthDelimited(), 1), 2);
                if (!shape.IsEmpty || HasField(valueInfo, 2))
                {
                    rank = Count(shape, 1);
                }
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return (name, rank);
    }

    private static bool HasField(ReadOnlySpan<byte> message, int wanted) => !Find(message, wanted).IsEmpty;

    private static ReadOnlySpan<byte> Find(ReadOnlySpan<byte> message, int wanted)
    {
        var reader = new ProtoReader(message);
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            if (field == wanted && wire == WireType.LengthDelimited)
            {
                return reader.ReadLengthDelimited();
            }

            reader.Skip(wire);
        }

        return [];
    }

    private static int Count(ReadOnlySpan<byte> message, int wanted)
    {
        var reader = new ProtoReader(message);
        int count = 0;
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            count += field == wanted ? 1 : 0;
            reader.Skip(wire);
        }

        return count;
    }

    private static (string Name, long? Value) ReadIntAttribute(ReadOnlySpan<byte> attribute)
    {
        var reader = new ProtoReader(attribute);
        string name = "";
        long? value = null;
        while (reader.TryReadTag(out int field, out WireType wire))
        {
            if (field == 1 && wire == WireType.LengthDelimited)
            {
                name = reader.ReadString();
            }
            else if (field == 3 && wire == WireType.Varint)
            {
                value = reader.ReadInt64();
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return (name, value);
    }
}
