using System.Globalization;
using System.Text;

namespace Rollouts.Engine.Conditions;

/// <summary>Turns condition text into tokens with positions; the last token is always <see cref="TokenKind.End"/>.</summary>
internal static class ConditionLexer
{
    public static IReadOnlyList<ConditionToken> Tokenize(string text)
    {
        var tokens = new List<ConditionToken>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                tokens.Add(new ConditionToken(TokenKind.End, "", text.Length));
                return tokens;
            }

            var c = text[i];
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                tokens.Add(ReadNumber(text, ref i));
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new ConditionToken(TokenKind.Identifier, text[start..i], start));
            }
            else if (c is '"' or '\'')
            {
                tokens.Add(ReadString(text, ref i));
            }
            else
            {
                tokens.Add(ReadOperator(text, ref i));
            }
        }
    }

    private static ConditionToken ReadNumber(string text, ref int i)
    {
        var start = i;
        SkipDigits(text, ref i);
        if (i < text.Length && text[i] == '.')
        {
            i++;
            SkipDigits(text, ref i);
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            var exponent = i;
            i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }

            if (i >= text.Length || !char.IsAsciiDigit(text[i]))
            {
                throw new ConditionSyntaxException("expected digits in the exponent of a number", exponent);
            }

            SkipDigits(text, ref i);
        }

        if (i < text.Length && (char.IsAsciiLetter(text[i]) || text[i] == '_' || text[i] == '.'))
        {
            throw new ConditionSyntaxException($"unexpected '{text[i]}' after a number", i);
        }

        var literal = text[start..i];
        var value = double.Parse(literal, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
        return new ConditionToken(TokenKind.Number, literal, start, value);
    }

    private static void SkipDigits(string text, ref int i)
    {
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }
    }

    private static ConditionToken ReadString(string text, ref int i)
    {
        var start = i;
        var quote = text[i++];
        var value = new StringBuilder();
        while (i < text.Length && text[i] != quote)
        {
            if (text[i] == '\\')
            {
                if (i + 1 >= text.Length)
                {
                    break;
                }

                value.Append(text[i + 1] switch
                {
                    'n' => '\n',
                    't' => '\t',
                    '\\' or '"' or '\'' => text[i + 1],
                    _ => throw new ConditionSyntaxException($"unknown escape '\\{text[i + 1]}' in a string", i),
                });
                i += 2;
            }
            else
            {
                value.Append(text[i++]);
            }
        }

        if (i >= text.Length)
        {
            throw new ConditionSyntaxException("unterminated string", start);
        }

        i++;
        return new ConditionToken(TokenKind.String, text[start..i], start, StringValue: value.ToString());
    }

    private static ConditionToken ReadOperator(string text, ref int i)
    {
        var start = i;
        var next = i + 1 < text.Length ? text[i + 1] : '\0';
        (TokenKind kind, int length) = (text[i], next) switch
        {
            ('(', _) => (TokenKind.LeftParen, 1),
            (')', _) => (TokenKind.RightParen, 1),
            ('[', _) => (TokenKind.LeftBracket, 1),
            (']', _) => (TokenKind.RightBracket, 1),
            (',', _) => (TokenKind.Comma, 1),
            ('+', _) => (TokenKind.Plus, 1),
            ('-', _) => (TokenKind.Minus, 1),
            ('*', _) => (TokenKind.Star, 1),
            ('/', _) => (TokenKind.Slash, 1),
            ('%', _) => (TokenKind.Percent, 1),
            ('<', '=') => (TokenKind.LessEqual, 2),
            ('<', _) => (TokenKind.Less, 1),
            ('>', '=') => (TokenKind.GreaterEqual, 2),
            ('>', _) => (TokenKind.Greater, 1),
            ('=', '=') => (TokenKind.EqualEqual, 2),
            ('!', '=') => (TokenKind.BangEqual, 2),
            ('!', _) => (TokenKind.Bang, 1),
            ('&', '&') => (TokenKind.AndAnd, 2),
            ('|', '|') => (TokenKind.OrOr, 2),
            ('=', _) => throw new ConditionSyntaxException("unexpected '='; use '==' to compare", start),
            ('&', _) => throw new ConditionSyntaxException("unexpected '&'; use '&&'", start),
            ('|', _) => throw new ConditionSyntaxException("unexpected '|'; use '||'", start),
            _ => throw new ConditionSyntaxException($"unexpected character '{text[i]}'", start),
        };
        i += length;
        return new ConditionToken(kind, text.Substring(start, length), start);
    }
}
