using System.Globalization;
using Rollouts.Engine.Conditions;

namespace Rollouts.Engine.Tests.Conditions;

/// <summary>Writes results compactly in test tables: "missing", "0.5", "NaN", "[1, 2, Inf]", "[]".</summary>
internal static class ConditionTestValues
{
    public static ConditionValue Read(string text)
    {
        text = text.Trim();
        if (text == "missing")
        {
            return ConditionValue.Missing;
        }

        if (text.StartsWith('['))
        {
            var inner = text[1..^1].Trim();
            return inner.Length == 0
                ? ConditionValue.List([])
                : ConditionValue.List(inner.Split(',').Select(Read));
        }

        return ConditionValue.Number(text switch
        {
            "NaN" => double.NaN,
            "Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            _ => double.Parse(text, CultureInfo.InvariantCulture),
        });
    }

    /// <summary>"true", "false", or "error: message".</summary>
    public static string Evaluate(string condition, string result) =>
        ConditionExpression.Parse(condition).Evaluate(Read(result)) switch
        {
            ConditionResult.OkResult ok => ok.Value ? "true" : "false",
            ConditionResult.ErrorResult error => "error: " + error.Message,
            _ => throw new InvalidOperationException(),
        };
}
