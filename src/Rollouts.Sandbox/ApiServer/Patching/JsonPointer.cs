using System.Collections.Immutable;
using System.Text;

namespace Rollouts.Sandbox.ApiServer.Patching;

/// <summary>
/// A JSON Pointer (RFC 6901): "" is the whole document, "/a/b" walks member "a" then "b"; in a token "~1"
/// stands for "/" and "~0" for "~".
/// </summary>
internal sealed record JsonPointer(string Text, ImmutableArray<string> Tokens)
{
    public bool IsRoot => Tokens.IsEmpty;

    public string LastToken => Tokens[^1];

    public ImmutableArray<string> ParentTokens => Tokens[..^1];

    /// <summary>Parses a pointer; null with a reason when the text is not one.</summary>
    public static JsonPointer? TryParse(string text, out string? error)
    {
        error = null;
        if (text.Length == 0)
        {
            return new JsonPointer(text, []);
        }

        if (text[0] != '/')
        {
            error = $"\"{text}\" is not a JSON pointer: it must be empty or start with \"/\"";
            return null;
        }

        var tokens = ImmutableArray.CreateBuilder<string>();
        foreach (var raw in text[1..].Split('/'))
        {
            var token = Unescape(raw);
            if (token is null)
            {
                error = $"\"{text}\" is not a JSON pointer: \"~\" must be followed by \"0\" or \"1\"";
                return null;
            }

            tokens.Add(token);
        }

        return new JsonPointer(text, tokens.ToImmutable());
    }

    /// <summary>True when this pointer names a location strictly inside <paramref name="other"/>'s value.</summary>
    public bool IsStrictlyInside(JsonPointer other) =>
        Tokens.Length > other.Tokens.Length && Tokens.Take(other.Tokens.Length).SequenceEqual(other.Tokens);

    /// <summary>The array index a token names, or null when it is not a canonical non-negative integer.</summary>
    public static int? ParseIndex(string token)
    {
        if (token.Length == 0 || (token.Length > 1 && token[0] == '0') || !token.All(char.IsAsciiDigit))
        {
            return null;
        }

        return int.TryParse(token, out var index) ? index : null;
    }

    private static string? Unescape(string raw)
    {
        if (!raw.Contains('~', StringComparison.Ordinal))
        {
            return raw;
        }

        var builder = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '~')
            {
                builder.Append(raw[i]);
                continue;
            }

            if (i + 1 >= raw.Length || (raw[i + 1] != '0' && raw[i + 1] != '1'))
            {
                return null;
            }

            builder.Append(raw[i + 1] == '0' ? '~' : '/');
            i++;
        }

        return builder.ToString();
    }
}
