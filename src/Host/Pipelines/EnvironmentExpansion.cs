using System.Text;

namespace Facebench.Host.Pipelines;

/// <summary>
/// Expands <c>${NAME}</c> and <c>${NAME:-default}</c> in every scalar of a pipeline tree, shell-style.
/// <c>$${</c> writes a literal <c>${</c>. An unset variable without a default is an error at its position.
/// </summary>
public static class EnvironmentExpansion
{
    /// <summary>Expands in place.</summary>
    public static void Expand(PipelineNode node, Func<string, string?> lookup)
    {
        switch (node)
        {
            case ScalarNode scalar:
                scalar.Value = ExpandText(scalar.Value, scalar.Mark, lookup);
                break;
            case SequenceNode seq:
                seq.Items.ForEach(i => Expand(i, lookup));
                break;
            case MappingNode map:
                map.Entries.ForEach(e => Expand(e.Value, lookup));
                break;
        }
    }

    /// <summary>Expands one string.</summary>
    public static string ExpandText(string text, SourceMark mark, Func<string, string?> lookup)
    {
        if (!text.Contains('$'))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '$' && i + 2 < text.Length && text[i + 1] == '$' && text[i + 2] == '{')
            {
                result.Append("${");
                i += 2;
                continue;
            }

            if (text[i] != '$' || i + 1 >= text.Length || text[i + 1] != '{')
            {
                result.Append(text[i]);
                continue;
            }

            int close = text.IndexOf('}', i + 2);
            if (close < 0)
            {
                throw new PipelineException(mark, $"unclosed '${{' in '{text}'.");
            }

            string body = text[(i + 2)..close];
            int dash = body.IndexOf(":-", StringComparison.Ordinal);
            string name = dash >= 0 ? body[..dash] : body;
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                throw new PipelineException(mark, $"'${{{body}}}' is not a variable name (letters, digits and _).");
            }

            string? value = lookup(name);
            if (string.IsNullOrEmpty(value))
            {
                value = dash >= 0 ? body[(dash + 2)..] : throw new PipelineException(mark, $"environment variable '{name}' is not set (write ${{{name}:-default}} to give a default).");
            }

            result.Append(value);
            i = close;
        }

        return result.ToString();
    }
}
