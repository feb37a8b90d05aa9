using System.Globalization;

namespace Rollouts.Engine.Conditions;

/// <summary>
/// Evaluates a parsed condition. Evaluation never throws to the caller: a type mismatch, a missing value used in an
/// operation or an empty list given to all()/any() becomes an error message. NaN compares false with everything.
/// </summary>
internal static class ConditionEvaluator
{
    public static ConditionResult Evaluate(ConditionNode root, ConditionValue result)
    {
        ArgumentNullException.ThrowIfNull(result);
        try
        {
            var value = Eval(root, result);
            return value.Kind switch
            {
                ConditionValueKind.Boolean => ConditionResult.Ok(value.AsBoolean),
                ConditionValueKind.Missing => ConditionResult.Error(value.MissingReason ?? "no value"),
                ConditionValueKind.List => ConditionResult.Error(
                    $"the condition gives a list of {value.AsList.Count} values, not a boolean; reduce it with all() or any()"),
                _ => ConditionResult.Error($"the condition gives {value.Describe()}, not a boolean"),
            };
        }
        catch (EvaluationException error)
        {
            return ConditionResult.Error(error.Message);
        }
    }

    private static ConditionValue Eval(ConditionNode node, ConditionValue result) => node switch
    {
        LiteralNode literal => literal.Value,
        ResultNode => result,
        IndexNode index => EvalIndex(index, result),
        UnaryNode unary => EvalUnary(unary, Eval(unary.Operand, result)),
        BinaryNode { Operator: TokenKind.AndAnd or TokenKind.OrOr } logical => EvalLogical(logical, result),
        BinaryNode binary => Broadcast(binary, Eval(binary.Left, result), Eval(binary.Right, result)),
        CallNode call => EvalCall(call, result),
        _ => throw new InvalidOperationException($"Unknown condition node {node.GetType().Name}."),
    };

    private static ConditionValue EvalIndex(IndexNode node, ConditionValue result)
    {
        var target = Eval(node.Target, result);
        if (target.Kind == ConditionValueKind.Missing)
        {
            return target;
        }

        if (target.Kind != ConditionValueKind.List)
        {
            throw Fail($"cannot index {target.Describe()}; only lists can be indexed", node.Position);
        }

        var index = Eval(node.Index, result);
        if (index.Kind != ConditionValueKind.Number || index.AsNumber < 0 || index.AsNumber != Math.Floor(index.AsNumber))
        {
            throw Fail($"an index must be a whole number >= 0, got {index}", node.Index.Position);
        }

        var items = target.AsList;
        return index.AsNumber < items.Count
            ? items[(int)index.AsNumber]
            : ConditionValue.MissingBecause(
                $"index {index} at position {node.Position} is past the end of a list of {items.Count} values");
    }

    private static ConditionValue EvalUnary(UnaryNode node, ConditionValue operand) => Map(operand, node.Position, value =>
        (node.Operator, value.Kind) switch
        {
            (TokenKind.Bang, ConditionValueKind.Boolean) => ConditionValue.Boolean(!value.AsBoolean),
            (TokenKind.Minus, ConditionValueKind.Number) => ConditionValue.Number(-value.AsNumber),
            (TokenKind.Bang, _) => throw Fail($"'!' expects a boolean, got {value.Describe()}", node.Position),
            _ => throw Fail($"'-' expects a number, got {value.Describe()}", node.Position),
        });

    private static ConditionValue EvalLogical(BinaryNode node, ConditionValue result)
    {
        var isAnd = node.Operator == TokenKind.AndAnd;
        var left = RequireBoolean(node, Eval(node.Left, result));
        if (left != isAnd)
        {
            return ConditionValue.Boolean(left);
        }

        return ConditionValue.Boolean(RequireBoolean(node, Eval(node.Right, result)));
    }

    private static bool RequireBoolean(BinaryNode node, ConditionValue value)
    {
        var op = node.Operator == TokenKind.AndAnd ? "&&" : "||";
        return value.Kind switch
        {
            ConditionValueKind.Boolean => value.AsBoolean,
            ConditionValueKind.Missing => throw Missing(value),
            ConditionValueKind.List => throw Fail($"'{op}' expects booleans, got a list; reduce it with all() or any()", node.Position),
            _ => throw Fail($"'{op}' expects booleans, got {value.Describe()}", node.Position),
        };
    }

    /// <summary>Applies a binary operator to scalars, or element by element when one or both sides are lists.</summary>
    private static ConditionValue Broadcast(BinaryNode node, ConditionValue left, ConditionValue right)
    {
        if (left.Kind == ConditionValueKind.Missing)
        {
            throw Missing(left);
        }

        if (right.Kind == ConditionValueKind.Missing)
        {
            throw Missing(right);
        }

        return (left.Kind, right.Kind) switch
        {
            (ConditionValueKind.List, ConditionValueKind.List) when left.AsList.Count != right.AsList.Count => throw Fail(
                $"'{Symbol(node.Operator)}' needs lists of the same length, got {left.AsList.Count} and {right.AsList.Count}", node.Position),
            (ConditionValueKind.List, ConditionValueKind.List) =>
                ConditionValue.List(left.AsList.Zip(right.AsList, (l, r) => Broadcast(node, l, r))),
            (ConditionValueKind.List, _) => ConditionValue.List(left.AsList.Select(l => Broadcast(node, l, right))),
            (_, ConditionValueKind.List) => ConditionValue.List(right.AsList.Select(r => Broadcast(node, left, r))),
            _ => ConditionOperators.Apply(node.Operator, left, right, node.Position),
        };
    }

    private static ConditionValue EvalCall(CallNode call, ConditionValue result)
    {
        var argument = Eval(call.Arguments[0], result);
        return call.Function switch
        {
            ConditionFunction.Len => argument.Kind switch
            {
                ConditionValueKind.Missing => ConditionValue.Number(0),
                ConditionValueKind.List => ConditionValue.Number(argument.AsList.Count),
                ConditionValueKind.String => ConditionValue.Number(argument.AsString.Length),
                _ => throw Fail($"len() expects a list or a string, got {argument.Describe()}", call.Position),
            },
            ConditionFunction.IsNaN => TestNumber(argument, "isNaN", call.Position, double.IsNaN),
            ConditionFunction.IsInf => TestNumber(argument, "isInf", call.Position, double.IsInfinity),
            ConditionFunction.All => Reduce(argument, "all", call.Position, all: true),
            ConditionFunction.Any => Reduce(argument, "any", call.Position, all: false),
            _ => Default(argument, new Lazy<ConditionValue>(() => Eval(call.Arguments[1], result))),
        };
    }

    private static ConditionValue TestNumber(ConditionValue argument, string name, int position, Func<double, bool> test) =>
        Map(argument, position, value => value.Kind == ConditionValueKind.Number
            ? ConditionValue.Boolean(test(value.AsNumber))
            : throw Fail($"{name}() expects a number, got {value.Describe()}", position));

    private static ConditionValue Reduce(ConditionValue argument, string name, int position, bool all)
    {
        if (argument.Kind == ConditionValueKind.Missing)
        {
            throw Missing(argument);
        }

        if (argument.Kind == ConditionValueKind.Boolean)
        {
            return argument;
        }

        if (argument.Kind != ConditionValueKind.List)
        {
            throw Fail($"{name}() expects a list of booleans, got {argument.Describe()}", position);
        }

        var items = argument.AsList;
        if (items.Count == 0)
        {
            throw Fail($"{name}() of an empty list: there is no data to decide on", position);
        }

        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].Kind != ConditionValueKind.Boolean)
            {
                throw Fail($"{name}() expects a list of booleans, got {items[i].Describe()} at index {i}", position);
            }
        }

        return ConditionValue.Boolean(all ? items.All(v => v.AsBoolean) : items.Any(v => v.AsBoolean));
    }

    private static ConditionValue Default(ConditionValue value, Lazy<ConditionValue> fallback) => value.Kind switch
    {
        ConditionValueKind.Missing => fallback.Value,
        ConditionValueKind.Number when double.IsNaN(value.AsNumber) => fallback.Value,
        ConditionValueKind.List => ConditionValue.List(value.AsList.Select(item => Default(item, fallback))),
        _ => value,
    };

    private static ConditionValue Map(ConditionValue value, int position, Func<ConditionValue, ConditionValue> scalar) => value.Kind switch
    {
        ConditionValueKind.Missing => throw Missing(value),
        ConditionValueKind.List => ConditionValue.List(value.AsList.Select(item => Map(item, position, scalar))),
        _ => scalar(value),
    };

    internal static string Symbol(TokenKind op) => op switch
    {
        TokenKind.Plus => "+",
        TokenKind.Minus => "-",
        TokenKind.Star => "*",
        TokenKind.Slash => "/",
        TokenKind.Percent => "%",
        TokenKind.Less => "<",
        TokenKind.LessEqual => "<=",
        TokenKind.Greater => ">",
        TokenKind.GreaterEqual => ">=",
        TokenKind.EqualEqual => "==",
        TokenKind.BangEqual => "!=",
        _ => op.ToString(),
    };

    internal static EvaluationException Fail(string problem, int position) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{problem} at position {position}"));

    private static EvaluationException Missing(ConditionValue value) => new(value.MissingReason ?? "no value");
}

/// <summary>An evaluation error on its way to becoming a <see cref="ConditionResult.Error"/>; never leaves the evaluator.</summary>
internal sealed class EvaluationException : Exception
{
    public EvaluationException()
    {
    }

    public EvaluationException(string message)
        : base(message)
    {
    }

    public EvaluationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
