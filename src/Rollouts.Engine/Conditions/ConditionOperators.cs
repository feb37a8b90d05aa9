namespace Rollouts.Engine.Conditions;

/// <summary>Binary operators on two scalar values (lists are handled element by element before this).</summary>
internal static class ConditionOperators
{
    public static ConditionValue Apply(TokenKind op, ConditionValue left, ConditionValue right, int position) => op switch
    {
        TokenKind.Plus or TokenKind.Minus or TokenKind.Star or TokenKind.Slash or TokenKind.Percent =>
            ConditionValue.Number(Arithmetic(op, left, right, position)),
        _ => ConditionValue.Boolean(Compare(op, left, right, position)),
    };

    /// <summary>IEEE arithmetic: NaN spreads, x / 0 is an infinity (or NaN for 0 / 0).</summary>
    private static double Arithmetic(TokenKind op, ConditionValue left, ConditionValue right, int position)
    {
        if (left.Kind != ConditionValueKind.Number || right.Kind != ConditionValueKind.Number)
        {
            var wrong = left.Kind != ConditionValueKind.Number ? left : right;
            throw ConditionEvaluator.Fail($"'{ConditionEvaluator.Symbol(op)}' expects numbers, got {wrong.Describe()}", position);
        }

        var (a, b) = (left.AsNumber, right.AsNumber);
        return op switch
        {
            TokenKind.Plus => a + b,
            TokenKind.Minus => a - b,
            TokenKind.Star => a * b,
            TokenKind.Slash => a / b,
            _ => a % b,
        };
    }

    /// <summary>
    /// Numbers compare numerically and any comparison with NaN is false (also '!=', so that NaN never passes a
    /// condition by accident); strings compare ordinally; booleans only with '==' and '!='.
    /// </summary>
    private static bool Compare(TokenKind op, ConditionValue left, ConditionValue right, int position)
    {
        int order;
        switch (left.Kind, right.Kind)
        {
            case (ConditionValueKind.Number, ConditionValueKind.Number):
                if (double.IsNaN(left.AsNumber) || double.IsNaN(right.AsNumber))
                {
                    return false;
                }

                order = left.AsNumber.CompareTo(right.AsNumber);
                break;
            case (ConditionValueKind.String, ConditionValueKind.String):
                order = string.CompareOrdinal(left.AsString, right.AsString);
                break;
            case (ConditionValueKind.Boolean, ConditionValueKind.Boolean) when op is TokenKind.EqualEqual or TokenKind.BangEqual:
                order = left.AsBoolean == right.AsBoolean ? 0 : 1;
                break;
            case (ConditionValueKind.Boolean, ConditionValueKind.Boolean):
                throw ConditionEvaluator.Fail($"'{ConditionEvaluator.Symbol(op)}' cannot order booleans; use '==' or '!='", position);
            default:
                throw ConditionEvaluator.Fail(
                    $"cannot compare {left.Describe()} with {right.Describe()} using '{ConditionEvaluator.Symbol(op)}'", position);
        }

        return op switch
        {
            TokenKind.Less => order < 0,
            TokenKind.LessEqual => order <= 0,
            TokenKind.Greater => order > 0,
            TokenKind.GreaterEqual => order >= 0,
            TokenKind.EqualEqual => order == 0,
            _ => order != 0,
        };
    }
}
