using System.Collections.Immutable;
using System.Globalization;
using Rollouts.Sandbox.ApiServer.Errors;

namespace Rollouts.Sandbox.ApiServer.Selectors;

/// <summary>
/// Reads the text form of a label selector (<c>labelSelector=</c>) the way the real server does, token by token,
/// and refuses what it cannot read with 400 BadRequest and the real server's words.
/// </summary>
internal sealed class LabelSelectorParser
{
    private const string ExpectedOperators = "in, notin, =, ==, !=, gt, lt";

    private enum Token
    {
        End,
        Identifier,
        In,
        NotIn,
        OpenParenthesis,
        CloseParenthesis,
        Comma,
        Not,
        Equals,
        DoubleEquals,
        NotEquals,
        GreaterThan,
        LessThan,
    }

    private static readonly (string Text, Token Token)[] Symbols =
    [
        ("!=", Token.NotEquals), ("==", Token.DoubleEquals), ("=", Token.Equals), ("!", Token.Not),
        ("(", Token.OpenParenthesis), (")", Token.CloseParenthesis), (",", Token.Comma),
        (">", Token.GreaterThan), ("<", Token.LessThan),
    ];

    private readonly List<(Token Token, string Text)> _tokens;
    private int _position;

    private LabelSelectorParser(string text)
    {
        _tokens = Lex(text);
    }

    /// <summary>The requirements of a selector, sorted by key.</summary>
    public static ImmutableArray<LabelRequirement> Parse(string text)
    {
        try
        {
            return [.. new LabelSelectorParser(text).ParseSelector().OrderBy(r => r.Key, StringComparer.Ordinal)];
        }
        catch (SyntaxError e)
        {
            throw ApiError.BadRequest(e.Message);
        }
    }

    private List<LabelRequirement> ParseSelector()
    {
        var requirements = new List<LabelRequirement>();
        while (true)
        {
            var (token, text) = Peek(values: true);
            switch (token)
            {
                case Token.Identifier or Token.Not:
                    try
                    {
                        requirements.Add(ParseRequirement());
                    }
                    catch (SyntaxError e)
                    {
                        throw new SyntaxError($"unable to parse requirement: {e.Message}");
                    }

                    var (next, nextText) = Consume(values: true);
                    switch (next)
                    {
                        case Token.End:
                            return requirements;
                        case Token.Comma:
                            var (after, afterText) = Peek(values: true);
                            if (after is not (Token.Identifier or Token.Not))
                            {
                                throw new SyntaxError($"found '{afterText}', expected: identifier after ','");
                            }

                            break;
                        default:
                            throw new SyntaxError($"found '{nextText}', expected: ',' or 'end of string'");
                    }

                    break;
                case Token.End:
                    return requirements;
                default:
                    throw new SyntaxError($"found '{text}', expected: !, identifier, or 'end of string'");
            }
        }
    }

    private LabelRequirement ParseRequirement()
    {
        var (key, inferred) = ParseKeyAndInferOperator();
        if (inferred is { } unary)
        {
            return new LabelRequirement(key, unary, []);
        }

        var op = ParseOperator();
        var values = op is LabelOperator.In or LabelOperator.NotIn ? ParseValues() : ParseExactValue();
        var requirement = new LabelRequirement(key, op, [.. values]);
        Validate(requirement);
        return requirement;
    }

    private (string Key, LabelOperator? Operator) ParseKeyAndInferOperator()
    {
        LabelOperator? op = null;
        var (token, text) = Consume(values: true);
        if (token == Token.Not)
        {
            op = LabelOperator.DoesNotExist;
            (token, text) = Consume(values: true);
        }

        if (token != Token.Identifier)
        {
            throw new SyntaxError($"found '{text}', expected: identifier");
        }

        var keyErrors = LabelValidation.KeyErrors(text);
        if (keyErrors.Count > 0)
        {
            throw new SyntaxError($"<nil>: {LabelValidation.InvalidValue(text, string.Join("; ", keyErrors))}");
        }

        if (op is null && Peek(values: true).Token is Token.End or Token.Comma)
        {
            op = LabelOperator.Exists;
        }

        return (text, op);
    }

    private LabelOperator ParseOperator()
    {
        var (token, text) = Consume(values: false);
        return token switch
        {
            Token.In => LabelOperator.In,
            Token.NotIn => LabelOperator.NotIn,
            Token.Equals => LabelOperator.Equals,
            Token.DoubleEquals => LabelOperator.DoubleEquals,
            Token.NotEquals => LabelOperator.NotEquals,
            Token.GreaterThan => LabelOperator.GreaterThan,
            Token.LessThan => LabelOperator.LessThan,
            _ => throw new SyntaxError($"found '{text}', expected: {ExpectedOperators}"),
        };
    }

    private SortedSet<string> ParseValues()
    {
        var (token, text) = Consume(values: true);
        if (token != Token.OpenParenthesis)
        {
            throw new SyntaxError($"found '{text}' expected: '('");
        }

        (token, text) = Peek(values: true);
        switch (token)
        {
            case Token.Identifier or Token.Comma:
                var values = ParseValueList();
                var (closing, closingText) = Consume(values: true);
                if (closing != Token.CloseParenthesis)
                {
                    throw new SyntaxError($"found '{closingText}', expected: ')'");
                }

                return values;
            case Token.CloseParenthesis:
                Consume(values: true);
                return new SortedSet<string>(StringComparer.Ordinal) { "" };
            default:
                throw new SyntaxError($"found '{text}', expected: ',', ')' or identifier");
        }
    }

    /// <summary>The values between parentheses; a comma with nothing before or after it stands for the empty value.</summary>
    private SortedSet<string> ParseValueList()
    {
        var values = new SortedSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var (token, text) = Consume(values: true);
            switch (token)
            {
                case Token.Identifier:
                    values.Add(text);
                    var (next, nextText) = Peek(values: true);
                    if (next == Token.CloseParenthesis)
                    {
                        return values;
                    }

                    if (next != Token.Comma)
                    {
                        throw new SyntaxError($"found '{nextText}', expected: ',' or ')'");
                    }

                    break;
                case Token.Comma:
                    if (values.Count == 0)
                    {
                        values.Add("");
                    }

                    var following = Peek(values: true).Token;
                    if (following == Token.CloseParenthesis)
                    {
                        values.Add("");
                        return values;
                    }

                    if (following == Token.Comma)
                    {
                        Consume(values: true);
                        values.Add("");
                    }

                    break;
                default:
                    throw new SyntaxError($"found '{text}', expected: ',', or identifier");
            }
        }
    }

    private SortedSet<string> ParseExactValue()
    {
        if (Peek(values: true).Token is Token.End or Token.Comma)
        {
            return new SortedSet<string>(StringComparer.Ordinal) { "" };
        }

        var (token, text) = Consume(values: true);
        return token == Token.Identifier
            ? new SortedSet<string>(StringComparer.Ordinal) { text }
            : throw new SyntaxError($"found '{text}', expected: identifier");
    }

    private static void Validate(LabelRequirement requirement)
    {
        var errors = new List<string>();
        for (var i = 0; i < requirement.Values.Length; i++)
        {
            var value = requirement.Values[i];
            if (requirement.Operator is LabelOperator.GreaterThan or LabelOperator.LessThan
                && !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            {
                errors.Add($"values[{i}]: {LabelValidation.InvalidValue(value, "for 'Gt', 'Lt' operators, the value must be an integer")}");
            }

            var valueErrors = LabelValidation.ValueErrors(value);
            if (valueErrors.Count > 0)
            {
                errors.Add($"values[{i}][{requirement.Key}]: {LabelValidation.InvalidValue(value, string.Join("; ", valueErrors))}");
            }
        }

        if (errors.Count > 0)
        {
            throw new SyntaxError(errors.Count == 1 ? errors[0] : $"[{string.Join(", ", errors)}]");
        }
    }

    /// <summary>The next token; in a place where values are read, the words "in" and "notin" are plain identifiers.</summary>
    private (Token Token, string Text) Peek(bool values)
    {
        var (token, text) = _tokens[Math.Min(_position, _tokens.Count - 1)];
        return values && token is Token.In or Token.NotIn ? (Token.Identifier, text) : (token, text);
    }

    private (Token Token, string Text) Consume(bool values)
    {
        var next = Peek(values);
        _position++;
        return next;
    }

    private static List<(Token, string)> Lex(string text)
    {
        var tokens = new List<(Token, string)>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                tokens.Add((Token.End, ""));
                return tokens;
            }

            var symbol = Symbols.FirstOrDefault(s => string.CompareOrdinal(text, i, s.Text, 0, s.Text.Length) == 0);
            if (symbol.Text is not null)
            {
                tokens.Add((symbol.Token, symbol.Text));
                i += symbol.Text.Length;
                continue;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && !IsSymbol(text[i]))
            {
                i++;
            }

            var word = text[start..i];
            tokens.Add((word switch { "in" => Token.In, "notin" => Token.NotIn, _ => Token.Identifier }, word));
        }
    }

    private static bool IsSymbol(char c) => c is '=' or '!' or '(' or ')' or ',' or '>' or '<';

    private sealed class SyntaxError(string message) : Exception(message);
}
