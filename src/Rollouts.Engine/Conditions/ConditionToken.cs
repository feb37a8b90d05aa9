namespace Rollouts.Engine.Conditions;

internal enum TokenKind
{
    Number,
    String,
    Identifier,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    Comma,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Bang,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    EqualEqual,
    BangEqual,
    AndAnd,
    OrOr,
    End,
}

/// <summary>A token with its 0-based character offset in the condition text.</summary>
internal readonly record struct ConditionToken(TokenKind Kind, string Text, int Position, double Number = 0, string? StringValue = null)
{
    /// <summary>How the token is named in an error message: <c>')'</c>, <c>number 12</c>, <c>end of input</c>.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.End => "end of input",
        TokenKind.Number => $"number {Text}",
        TokenKind.String => $"string {Text}",
        TokenKind.Identifier => $"'{Text}'",
        _ => $"'{Text}'",
    };
}
