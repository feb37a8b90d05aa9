namespace Rollouts.Engine.Conditions;

/// <summary>
/// Recursive-descent parser. Precedence, lowest first: <c>||</c>, <c>&amp;&amp;</c>, comparisons
/// (<c>&lt; &lt;= &gt; &gt;= == !=</c>, not chainable), <c>+ -</c>, <c>* / %</c>, unary <c>! -</c>, then
/// indexing <c>x[i]</c>, calls, literals, <c>result</c> and parentheses.
/// </summary>
internal sealed class ConditionParser
{
    /// <summary>Deeper nesting is refused so that no condition can exhaust the stack.</summary>
    public const int MaxDepth = 64;

    /// <summary>Longer conditions are refused: this bounds the depth of operator chains such as 1 + 1 + ... too.</summary>
    public const int MaxTokens = 1000;

    private static readonly Dictionary<string, (ConditionFunction Function, int Arity)> Functions = new(StringComparer.Ordinal)
    {
        ["len"] = (ConditionFunction.Len, 1),
        ["isNaN"] = (ConditionFunction.IsNaN, 1),
        ["isInf"] = (ConditionFunction.IsInf, 1),
        ["all"] = (ConditionFunction.All, 1),
        ["any"] = (ConditionFunction.Any, 1),
        ["default"] = (ConditionFunction.Default, 2),
    };

    private readonly IReadOnlyList<ConditionToken> _tokens;
    private int _next;
    private int _depth;

    private ConditionParser(IReadOnlyList<ConditionToken> tokens) => _tokens = tokens;

    private ConditionToken Current => _tokens[_next];

    public static ConditionNode Parse(string text)
    {
        var tokens = ConditionLexer.Tokenize(text);
        if (tokens.Count > MaxTokens)
        {
            throw new ConditionSyntaxException($"the condition is longer than {MaxTokens} tokens", tokens[MaxTokens].Position);
        }

        var parser = new ConditionParser(tokens);
        if (parser.Current.Kind == TokenKind.End)
        {
            throw new ConditionSyntaxException("expected a condition", 0);
        }

        var node = parser.ParseOr();
        if (parser.Current.Kind != TokenKind.End)
        {
            throw new ConditionSyntaxException($"unexpected {parser.Current.Describe()}", parser.Current.Position);
        }

        return node;
    }

    private ConditionNode ParseOr()
    {
        var left = ParseAnd();
        while (Current.Kind == TokenKind.OrOr)
        {
            var op = Advance();
            left = new BinaryNode(op.Position, op.Kind, left, ParseAnd());
        }

        return left;
    }

    private ConditionNode ParseAnd()
    {
        var left = ParseComparison();
        while (Current.Kind == TokenKind.AndAnd)
        {
            var op = Advance();
            left = new BinaryNode(op.Position, op.Kind, left, ParseComparison());
        }

        return left;
    }

    private ConditionNode ParseComparison()
    {
        var left = ParseAdditive();
        if (!IsComparison(Current.Kind))
        {
            return left;
        }

        var op = Advance();
        var node = new BinaryNode(op.Position, op.Kind, left, ParseAdditive());
        if (IsComparison(Current.Kind))
        {
            throw new ConditionSyntaxException(
                $"comparisons cannot be chained; unexpected {Current.Describe()} (combine them with '&&')", Current.Position);
        }

        return node;
    }

    private ConditionNode ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var op = Advance();
            left = new BinaryNode(op.Position, op.Kind, left, ParseMultiplicative());
        }

        return left;
    }

    private ConditionNode ParseMultiplicative()
    {
        var left = ParseUnary();
        while (Current.Kind is TokenKind.Star or TokenKind.Slash or TokenKind.Percent)
        {
            var op = Advance();
            left = new BinaryNode(op.Position, op.Kind, left, ParseUnary());
        }

        return left;
    }

    private ConditionNode ParseUnary()
    {
        if (Current.Kind is TokenKind.Bang or TokenKind.Minus)
        {
            var op = Advance();
            Enter(op);
            var operand = ParseUnary();
            _depth--;
            return new UnaryNode(op.Position, op.Kind, operand);
        }

        return ParsePostfix();
    }

    private ConditionNode ParsePostfix()
    {
        var node = ParsePrimary();
        while (Current.Kind == TokenKind.LeftBracket)
        {
            var open = Advance();
            Enter(open);
            var index = ParseOr();
            _depth--;
            Expect(TokenKind.RightBracket, "']'");
            node = new IndexNode(open.Position, node, index);
        }

        return node;
    }

    private ConditionNode ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                Advance();
                return new LiteralNode(token.Position, ConditionValue.Number(token.Number));
            case TokenKind.String:
                Advance();
                return new LiteralNode(token.Position, ConditionValue.String(token.StringValue!));
            case TokenKind.LeftParen:
                Advance();
                Enter(token);
                var inner = ParseOr();
                _depth--;
                Expect(TokenKind.RightParen, "')'");
                return inner;
            case TokenKind.Identifier:
                return ParseIdentifier();
            default:
                throw new ConditionSyntaxException("expected a value", token.Position, token.Describe());
        }
    }

    private ConditionNode ParseIdentifier()
    {
        var name = Advance();
        switch (name.Text)
        {
            case "true":
                return new LiteralNode(name.Position, ConditionValue.Boolean(true));
            case "false":
                return new LiteralNode(name.Position, ConditionValue.Boolean(false));
            case "result":
                return new ResultNode(name.Position);
        }

        if (Current.Kind != TokenKind.LeftParen)
        {
            throw new ConditionSyntaxException($"unknown name '{name.Text}'; the only variable is 'result'", name.Position);
        }

        if (!Functions.TryGetValue(name.Text, out var function))
        {
            throw new ConditionSyntaxException(
                $"unknown function '{name.Text}'; the functions are {string.Join(", ", Functions.Keys)}", name.Position);
        }

        var open = Advance();
        Enter(open);
        var arguments = new List<ConditionNode>();
        if (Current.Kind != TokenKind.RightParen)
        {
            arguments.Add(ParseOr());
            while (Current.Kind == TokenKind.Comma)
            {
                Advance();
                arguments.Add(ParseOr());
            }
        }

        _depth--;
        Expect(TokenKind.RightParen, arguments.Count == 0 ? "a value or ')'" : "',' or ')'");
        if (arguments.Count != function.Arity)
        {
            var expected = function.Arity == 1 ? "1 argument" : $"{function.Arity} arguments";
            throw new ConditionSyntaxException($"{name.Text}() takes {expected}, got {arguments.Count}", name.Position);
        }

        return new CallNode(name.Position, function.Function, arguments);
    }

    private static bool IsComparison(TokenKind kind) => kind is TokenKind.Less or TokenKind.LessEqual or TokenKind.Greater
        or TokenKind.GreaterEqual or TokenKind.EqualEqual or TokenKind.BangEqual;

    private ConditionToken Advance() => _tokens[_next++];

    private ConditionToken Expect(TokenKind kind, string what)
    {
        if (Current.Kind != kind)
        {
            throw new ConditionSyntaxException($"expected {what}", Current.Position, Current.Describe());
        }

        return Advance();
    }

    private void Enter(ConditionToken token)
    {
        if (++_depth > MaxDepth)
        {
            throw new ConditionSyntaxException($"the condition is nested more than {MaxDepth} levels deep", token.Position);
        }
    }
}
