using Rollouts.Engine.Conditions;
using Rollouts.Engine.Providers;

namespace Rollouts.Engine.Analysis;

/// <summary>
/// What a condition sees as <c>result</c> for a provider's answer. A scalar is a number; a vector or matrix is the
/// list of every series' latest value (so several series are all passed, and <c>result[0]</c> reads the first);
/// a text answer is a boolean when it is <c>true</c> or <c>false</c>, else a string.
/// </summary>
internal static class ResultValue
{
    /// <summary>How the answer is shaped for the missing-data rules.</summary>
    internal enum Shape
    {
        Empty,
        AllNaN,
        Data,
    }

    public static Shape ShapeOf(QueryResult result)
    {
        if (result.Kind == ResultKind.String)
        {
            return string.IsNullOrEmpty(result.Text) ? Shape.Empty : Shape.Data;
        }

        var values = result.Values;
        if (values.Count == 0)
        {
            return Shape.Empty;
        }

        return values.All(double.IsNaN) ? Shape.AllNaN : Shape.Data;
    }

    public static ConditionValue Of(QueryResult result) => result.Kind switch
    {
        ResultKind.String => result.Text switch
        {
            null or "" => ConditionValue.MissingBecause("the result is empty"),
            "true" => ConditionValue.Boolean(true),
            "false" => ConditionValue.Boolean(false),
            var text => ConditionValue.String(text),
        },
        ResultKind.Scalar when result.Values.Count == 1 => ConditionValue.Number(result.Values[0]),
        _ => ConditionValue.Numbers(result.Values),
    };

    /// <summary>The value as status shows it: <c>0.97</c>, <c>[0.97, 0.5]</c> or the text.</summary>
    public static string Render(QueryResult result) => result.Kind == ResultKind.String
        ? result.Text ?? ""
        : Of(result).ToString();
}
