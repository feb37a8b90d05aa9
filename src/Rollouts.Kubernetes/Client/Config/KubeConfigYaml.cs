using System.Globalization;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Rollouts.Kubernetes.Client.Config;

/// <summary>
/// Reads a kubeconfig into plain values: a mapping is a <c>Dictionary&lt;string, object?&gt;</c>, a sequence a
/// <c>List&lt;object?&gt;</c>, a scalar its text (null for an empty value, <c>null</c> or <c>~</c>). Kubeconfig fields are
/// strings and booleans, so scalars stay text and the reader of each field decides.
/// </summary>
/// <remarks>
/// The block YAML that kubectl and most tools write (indented mappings, <c>- </c> sequences, plain and quoted
/// scalars, <c>{}</c> and <c>[]</c>, comments) is read by a few lines of code here: command-line tools read the
/// kubeconfig on every start, and a full YAML library costs more to load than the whole file takes to read. Anything
/// else (flow collections with content, block scalars, anchors, tags, JSON) goes to YamlDotNet's parser, so every
/// valid YAML kubeconfig is read.
/// </remarks>
internal static class KubeConfigYaml
{
    /// <exception cref="YamlException">The text is not YAML.</exception>
    public static object? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return BlockReader.TryRead(text, out var value) ? value : ParseFull(text);
    }

    /// <summary>The full YAML parser, for what <see cref="BlockReader"/> does not take.</summary>
    internal static object? ParseFull(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
    }

    private static object? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => mapping.Children.ToDictionary(
            c => c.Key is YamlScalarNode key ? key.Value ?? "" : throw new YamlException(c.Key.Start, c.Key.End, "a kubeconfig key must be a scalar"),
            c => Convert(c.Value),
            StringComparer.Ordinal),
        YamlSequenceNode sequence => sequence.Children.Select(Convert).ToList(),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" } => null,
        YamlScalarNode scalar => scalar.Value,
        _ => null,
    };

    /// <summary>
    /// Block mappings and sequences with plain or quoted scalars, one entry a line. Says no (and the full parser
    /// takes over) at the first thing outside that.
    /// </summary>
    internal sealed class BlockReader
    {
        private readonly List<(int Indent, string Text)> _lines = [];
        private int _next;

        private BlockReader(string text)
        {
            foreach (var raw in text.Split('\n'))
            {
                var line = raw.TrimEnd('\r', ' ');
                var content = line.TrimStart(' ');
                if (content.Length == 0 || content[0] == '#' || (_lines.Count == 0 && content == "---"))
                {
                    continue;
                }

                _lines.Add((line.Length - content.Length, content));
            }
        }

        public static bool TryRead(string text, out object? value)
        {
            value = null;
            try
            {
                var reader = new BlockReader(text);
                if (reader._lines.Count == 0)
                {
                    return true;
                }

                value = reader.Block(reader._lines[0].Indent);
                return reader._next == reader._lines.Count;
            }
            catch (FormatException)
            {
                return false;
            }
        }

        private object? Block(int indent) =>
            _lines[_next].Text.StartsWith('-') && (_lines[_next].Text.Length == 1 || _lines[_next].Text[1] == ' ')
                ? Sequence(indent)
                : Mapping(indent, null);

        private List<object?> Sequence(int indent)
        {
            var items = new List<object?>();
            while (_next < _lines.Count && _lines[_next].Indent == indent && IsItem(_lines[_next].Text))
            {
                var rest = _lines[_next].Text[1..].TrimStart(' ');
                var restIndent = indent + (_lines[_next].Text.Length - rest.Length);
                if (rest.Length == 0)
                {
                    _next++;
                    items.Add(_next < _lines.Count && _lines[_next].Indent > indent ? Block(_lines[_next].Indent) : null);
                }
                else if (KeyOf(rest) is not null)
                {
                    // "- key: value": a mapping whose entries line up with the first key.
                    _lines[_next] = (restIndent, rest);
                    items.Add(Mapping(restIndent, null));
                }
                else
                {
                    _next++;
                    items.Add(Scalar(rest));
                }
            }

            return items;
        }

        private Dictionary<string, object?> Mapping(int indent, Dictionary<string, object?>? into)
        {
            var entries = into ?? new Dictionary<string, object?>(StringComparer.Ordinal);
            while (_next < _lines.Count && _lines[_next].Indent == indent && !IsItem(_lines[_next].Text))
            {
                var text = _lines[_next].Text;
                var (key, valueText) = KeyOf(text) ?? throw new FormatException("not a mapping entry");
                if (!entries.TryAdd(key, null))
                {
                    throw new FormatException("duplicate key"); // the full parser names it
                }

                _next++;
                if (valueText.Length > 0)
                {
                    entries[key] = Scalar(valueText);
                }
                else if (_next < _lines.Count && (_lines[_next].Indent > indent || (_lines[_next].Indent == indent && IsItem(_lines[_next].Text))))
                {
                    // A nested block, or a sequence written at the key's own indent (as kubectl writes them).
                    entries[key] = Block(_lines[_next].Indent);
                }
            }

            if (_next < _lines.Count && _lines[_next].Indent > indent)
            {
                throw new FormatException("unexpected indentation");
            }

            return entries;
        }

        private static bool IsItem(string text) => text[0] == '-' && (text.Length == 1 || text[1] == ' ');

        /// <summary>The key and the rest of an entry line (<c>key: value</c> or <c>key:</c>), or null when the line is not one.</summary>
        private static (string Key, string Value)? KeyOf(string text)
        {
            int end;
            string key;
            if (text[0] is '"' or '\'')
            {
                end = QuotedEnd(text);
                key = Unquote(text[..(end + 1)]);
                end++;
                if (end >= text.Length || text[end] != ':')
                {
                    return null;
                }
            }
            else
            {
                end = text.IndexOf(": ", StringComparison.Ordinal);
                if (end < 0)
                {
                    end = text.EndsWith(':') ? text.Length - 1 : -1;
                }

                if (end <= 0)
                {
                    return null;
                }

                key = text[..end];
                if (IsSpecial(key[0]) || key.Contains(" #", StringComparison.Ordinal))
                {
                    throw new FormatException("key");
                }
            }

            var value = StripComment(text[(end + 1)..].Trim(' '));
            return (key, value);
        }

        private static object? Scalar(string text)
        {
            if (text[0] is '"' or '\'')
            {
                var end = QuotedEnd(text);
                if (StripComment(text[(end + 1)..].Trim(' ')).Length > 0)
                {
                    throw new FormatException("text after a quoted scalar");
                }

                return Unquote(text[..(end + 1)]);
            }

            text = StripComment(text);
            return text switch
            {
                "{}" => new Dictionary<string, object?>(StringComparer.Ordinal),
                "[]" => new List<object?>(),
                "~" or "null" or "Null" or "NULL" => null,
                _ when IsSpecial(text[0]) || IsItem(text) || text.Contains(": ", StringComparison.Ordinal) => throw new FormatException("scalar"),
                _ => text,
            };
        }

        /// <summary>Characters that start something other than a plain scalar: flow collections, anchors, aliases, tags, block scalars, directives.</summary>
        private static bool IsSpecial(char c) => c is '{' or '[' or '&' or '*' or '!' or '|' or '>' or '%' or '@' or '`' or '?' or '\t';

        private static string StripComment(string text)
        {
            if (text.Length > 0 && text[0] is '"' or '\'')
            {
                return text;
            }

            var comment = text.StartsWith('#') ? 0 : text.IndexOf(" #", StringComparison.Ordinal);
            return comment < 0 ? text : text[..comment].TrimEnd(' ');
        }

        /// <summary>The index of the quote that closes the scalar quoted at index 0.</summary>
        private static int QuotedEnd(string text)
        {
            var quote = text[0];
            for (var i = 1; i < text.Length; i++)
            {
                if (quote == '"' && text[i] == '\\')
                {
                    i++;
                }
                else if (text[i] == quote)
                {
                    if (quote == '\'' && i + 1 < text.Length && text[i + 1] == '\'')
                    {
                        i++;
                        continue;
                    }

                    return i;
                }
            }

            throw new FormatException("a quoted scalar that goes on to the next line");
        }

        private static string Unquote(string quoted)
        {
            var body = quoted[1..^1];
            if (quoted[0] == '\'')
            {
                return body.Replace("''", "'", StringComparison.Ordinal);
            }

            var text = new StringBuilder(body.Length);
            for (var i = 0; i < body.Length; i++)
            {
                if (body[i] != '\\')
                {
                    text.Append(body[i]);
                    continue;
                }

                var c = ++i < body.Length ? body[i] : throw new FormatException("escape");
                switch (c)
                {
                    case 'n': text.Append('\n'); break;
                    case 't': text.Append('\t'); break;
                    case 'r': text.Append('\r'); break;
                    case '0': text.Append('\0'); break;
                    case '"' or '\\' or '/' or ' ': text.Append(c); break;
                    case 'u' when i + 4 < body.Length:
                        text.Append((char)int.Parse(body.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        i += 4;
                        break;
                    default: throw new FormatException("escape"); // the full parser knows the rest
                }
            }

            return text.ToString();
        }
    }
}
