using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rollouts.Sandbox.ApiServer.Resources;

/// <summary>
/// The JSONPath subset CRDs use in additionalPrinterColumns and the scale subresource:
/// <c>.a.b</c>, <c>.a[0].b</c>, <c>.a[-1]</c>, <c>.a[*].b</c>, <c>.a.*</c>, keys with dots as
/// <c>.labels['app.kubernetes.io/name']</c> or <c>.labels.app\.kubernetes\.io/name</c>, and filters
/// <c>.conditions[?(@.type=="Ready")].status</c> (<c>==</c>, <c>!=</c>, or a bare <c>@.field</c> for presence).
/// An optional <c>{...}</c> wrapper and leading <c>$</c> are accepted.
/// </summary>
public sealed class SimpleJsonPath
{
    private readonly ImmutableArray<Segment> _segments;

    private SimpleJsonPath(string expression, ImmutableArray<Segment> segments)
    {
        Expression = expression;
        _segments = segments;
    }

    public string Expression { get; }

    /// <summary>Parses <paramref name="expression"/>; a FormatException says what is wrong and where.</summary>
    public static SimpleJsonPath Parse(string expression)
    {
        var text = expression.Trim();
        if (text.StartsWith('{') && text.EndsWith('}'))
        {
            text = text[1..^1].Trim();
        }
        if (text.StartsWith('$'))
        {
            text = text[1..];
        }
        if (text.Length == 0 || (text[0] != '.' && text[0] != '['))
        {
            throw new FormatException($"JSONPath \"{expression}\" must start with '.'");
        }
        var parser = new Parser(expression, text);
        return new SimpleJsonPath(expression, parser.ParseSegments(stopAt: null));
    }

    public static bool TryParse(string expression, out SimpleJsonPath? path, out string error)
    {
        try
        {
            path = Parse(expression);
            error = "";
            return true;
        }
        catch (FormatException e)
        {
            path = null;
            error = e.Message;
            return false;
        }
    }

    /// <summary>Every value the path selects, in document order; a JSON null is returned as null.</summary>
    public IReadOnlyList<JsonNode?> Evaluate(JsonNode? root) => Evaluate(_segments, root);

    public override string ToString() => Expression;

    private static List<JsonNode?> Evaluate(ImmutableArray<Segment> segments, JsonNode? root)
    {
        var current = new List<JsonNode?> { root };
        foreach (var segment in segments)
        {
            var next = new List<JsonNode?>();
            foreach (var node in current)
            {
                segment.Select(node, next);
            }
            current = next;
        }
        return current;
    }

    private abstract record Segment
    {
        public abstract void Select(JsonNode? node, List<JsonNode?> results);
    }

    private sealed record Field(string Name) : Segment
    {
        public override void Select(JsonNode? node, List<JsonNode?> results)
        {
            if (node is JsonObject obj && obj.TryGetPropertyValue(Name, out var value))
            {
                results.Add(value);
            }
        }
    }

    private sealed record Index(int Position) : Segment
    {
        public override void Select(JsonNode? node, List<JsonNode?> results)
        {
            if (node is JsonArray array)
            {
                var i = Position < 0 ? array.Count + Position : Position;
                if (i >= 0 && i < array.Count)
                {
                    results.Add(array[i]);
                }
            }
        }
    }

    private sealed record Wildcard : Segment
    {
        public override void Select(JsonNode? node, List<JsonNode?> results)
        {
            switch (node)
            {
                case JsonArray array:
                    results.AddRange(array);
                    break;
                case JsonObject obj:
                    results.AddRange(obj.Select(p => p.Value));
                    break;
            }
        }
    }

    /// <summary><c>[?(@.path OP literal)]</c>; with a null operator, elements where the path selects something.</summary>
    private sealed record Filter(ImmutableArray<Segment> Path, string? Operator, JsonNode? Literal) : Segment
    {
        public override void Select(JsonNode? node, List<JsonNode?> results)
        {
            IEnumerable<JsonNode?> candidates = node switch
            {
                JsonArray array => array,
                JsonObject obj => obj.Select(p => p.Value),
                _ => [],
            };
            foreach (var candidate in candidates)
            {
                var values = Evaluate(Path, candidate);
                var keep = Operator switch
                {
                    null => values.Count > 0,
                    "==" => values.Any(v => JsonNode.DeepEquals(v, Literal)),
                    _ => values.Count > 0 && values.All(v => !JsonNode.DeepEquals(v, Literal)),
                };
                if (keep)
                {
                    results.Add(candidate);
                }
            }
        }
    }

    private sealed class Parser(string expression, string text)
    {
        private int _pos;

        public ImmutableArray<Segment> ParseSegments(char? stopAt)
        {
            var segments = ImmutableArray.CreateBuilder<Segment>();
            while (_pos < text.Length && (stopAt is null || !AtStop(stopAt.Value)))
            {
                switch (text[_pos])
                {
                    case '.':
                        _pos++;
                        segments.Add(ParseDotted());
                        break;
                    case '[':
                        _pos++;
                        segments.Add(ParseBracket());
                        break;
                    default:
                        throw Error($"unexpected '{text[_pos]}'");
                }
            }
            return segments.ToImmutable();
        }

        private bool AtStop(char stop) =>
            text[_pos] == stop || (stop == ')' && text[_pos] is '=' or '!' or '<' or '>' or ' ');

        private Segment ParseDotted()
        {
            if (_pos < text.Length && text[_pos] == '*')
            {
                _pos++;
                return new Wildcard();
            }
            var name = new StringBuilder();
            while (_pos < text.Length && text[_pos] is not ('.' or '[' or ')' or '=' or '!' or '<' or '>' or ' '))
            {
                if (text[_pos] == '\\' && _pos + 1 < text.Length)
                {
                    _pos++;
                }
                name.Append(text[_pos]);
                _pos++;
            }
            if (name.Length == 0)
            {
                throw Error("expected a field name after '.'");
            }
            return new Field(name.ToString());
        }

        private Segment ParseBracket()
        {
            SkipSpaces();
            if (_pos >= text.Length)
            {
                throw Error("unterminated '['");
            }
            Segment segment;
            var c = text[_pos];
            if (c == '*')
            {
                _pos++;
                segment = new Wildcard();
            }
            else if (c is '\'' or '"')
            {
                segment = new Field(ParseQuoted());
            }
            else if (c == '?')
            {
                segment = ParseFilter();
            }
            else
            {
                var start = _pos;
                while (_pos < text.Length && (char.IsAsciiDigit(text[_pos]) || (_pos == start && text[_pos] == '-')))
                {
                    _pos++;
                }
                if (!int.TryParse(text.AsSpan(start, _pos - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
                {
                    throw Error("expected an index, '*', a quoted key or a filter inside '[ ]'");
                }
                segment = new Index(index);
            }
            SkipSpaces();
            Expect(']');
            return segment;
        }

        private Filter ParseFilter()
        {
            _pos++; // '?'
            Expect('(');
            SkipSpaces();
            Expect('@');
            var path = ParseSegments(stopAt: ')');
            SkipSpaces();
            if (_pos < text.Length && text[_pos] == ')')
            {
                _pos++;
                return new Filter(path, null, null);
            }
            string op;
            if (text.AsSpan(_pos).StartsWith("=="))
            {
                op = "==";
            }
            else if (text.AsSpan(_pos).StartsWith("!="))
            {
                op = "!=";
            }
            else
            {
                throw Error("filters support only == and !=");
            }
            _pos += 2;
            SkipSpaces();
            var literal = ParseLiteral();
            SkipSpaces();
            Expect(')');
            return new Filter(path, op, literal);
        }

        private JsonNode? ParseLiteral()
        {
            if (_pos < text.Length && text[_pos] is '\'' or '"')
            {
                return JsonValue.Create(ParseQuoted());
            }
            var start = _pos;
            while (_pos < text.Length && text[_pos] is not (')' or ' '))
            {
                _pos++;
            }
            var raw = text[start.._pos];
            try
            {
                return JsonNode.Parse(raw);
            }
            catch (JsonException)
            {
                throw Error($"\"{raw}\" is not a quoted string, number, true, false or null");
            }
        }

        private string ParseQuoted()
        {
            var quote = text[_pos++];
            var value = new StringBuilder();
            while (_pos < text.Length && text[_pos] != quote)
            {
                if (text[_pos] == '\\' && _pos + 1 < text.Length)
                {
                    _pos++;
                }
                value.Append(text[_pos]);
                _pos++;
            }
            if (_pos >= text.Length)
            {
                throw Error("unterminated quoted key");
            }
            _pos++;
            return value.ToString();
        }

        private void Expect(char c)
        {
            if (_pos >= text.Length || text[_pos] != c)
            {
                throw Error($"expected '{c}'");
            }
            _pos++;
        }

        private void SkipSpaces()
        {
            while (_pos < text.Length && text[_pos] == ' ')
            {
                _pos++;
            }
        }

        private FormatException Error(string what) =>
            new($"JSONPath \"{expression}\": {what} at position {_pos + 1} of \"{text}\"");
    }
}
