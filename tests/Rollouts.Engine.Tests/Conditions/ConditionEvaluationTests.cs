using Rollouts.Engine.Conditions;

namespace Rollouts.Engine.Tests.Conditions;

public class ConditionEvaluationTests
{
    [Theory]
    // The documented examples.
    [InlineData("result[0] >= 0.99", "[0.995]", "true")]
    [InlineData("result[0] >= 0.99", "[0.98]", "false")]
    [InlineData("all(result < 0.05)", "[0.01, 0.02]", "true")]
    [InlineData("all(result < 0.05)", "[0.01, 0.2]", "false")]
    [InlineData("len(result) > 0 && result[0] < 500", "[250]", "true")]
    [InlineData("len(result) > 0 && result[0] < 500", "[]", "false")]
    [InlineData("default(result[0], 0) < 0.01", "[]", "true")]
    [InlineData("default(result[0], 0) < 0.01", "[0.5]", "false")]
    // Scalars, literals and operators.
    [InlineData("result > 0.5", "0.7", "true")]
    [InlineData("result == 2", "2", "true")]
    [InlineData("result != 2", "3", "true")]
    [InlineData("result <= 2", "2", "true")]
    [InlineData("result < 2", "2", "false")]
    [InlineData("7 % 4 == 3", "0", "true")]
    [InlineData("10 / 4 == 2.5", "0", "true")]
    [InlineData("1e3 == 1000", "0", "true")]
    [InlineData("'abc' < 'abd'", "0", "true")]
    [InlineData("'a' == \"a\"", "0", "true")]
    [InlineData("true != false", "0", "true")]
    [InlineData("!true", "0", "false")]
    [InlineData("--result == 3", "3", "true")]
    public void Conditions_evaluate(string condition, string result, string expected) =>
        Assert.Equal(expected, ConditionTestValues.Evaluate(condition, result));

    [Theory]
    [InlineData("1 + 2 * 3 == 7")]
    [InlineData("(1 + 2) * 3 == 9")]
    [InlineData("10 - 4 - 3 == 3")]
    [InlineData("12 / 3 / 2 == 2")]
    [InlineData("-2 * 3 == -6")]
    [InlineData("1 + 1 < 3")]
    [InlineData("!false && false == false")]
    [InlineData("true || false && false")]
    [InlineData("!(true && false)")]
    [InlineData("2 * 3 % 4 == 2")]
    [InlineData("-result[0] == -5")]
    public void Precedence_follows_the_documented_table(string condition) =>
        Assert.Equal("true", ConditionTestValues.Evaluate(condition, "[5]"));

    [Theory]
    [InlineData("len(result) == 3", "[1, 2, 3]", "true")]
    [InlineData("len(result) == 0", "[]", "true")]
    [InlineData("len(result) == 0", "missing", "true")]
    [InlineData("len('abc') == 3", "0", "true")]
    [InlineData("isNaN(result)", "NaN", "true")]
    [InlineData("isNaN(result)", "1", "false")]
    [InlineData("isInf(result)", "-Inf", "true")]
    [InlineData("isInf(result)", "NaN", "false")]
    [InlineData("any(isNaN(result))", "[1, NaN]", "true")]
    [InlineData("all(!isNaN(result))", "[1, NaN]", "false")]
    [InlineData("any(result > 2)", "[1, 3]", "true")]
    [InlineData("any(result > 5)", "[1, 3]", "false")]
    [InlineData("all(result > 0)", "[1, 3]", "true")]
    [InlineData("all(true)", "0", "true")]
    [InlineData("default(result, 7) == 7", "missing", "true")]
    [InlineData("default(result, 7) == 7", "NaN", "true")]
    [InlineData("default(result, 7) == 1", "1", "true")]
    [InlineData("all(default(result, 0) < 1)", "[NaN, 0.5]", "true")]
    [InlineData("default(result[3], 1) == 1", "[0]", "true")]
    [InlineData("default(result[0], 1 / 0) == 2", "[2]", "true")]
    public void Functions(string condition, string result, string expected) =>
        Assert.Equal(expected, ConditionTestValues.Evaluate(condition, result));

    [Theory]
    [InlineData("result > 0.5", "NaN", "false")]
    [InlineData("result < 0.5", "NaN", "false")]
    [InlineData("result == result", "NaN", "false")]
    [InlineData("result != 1", "NaN", "false")]
    [InlineData("result + 1 > 0", "NaN", "false")]
    [InlineData("result[0] >= 0.99", "[NaN]", "false")]
    [InlineData("any(result > 0)", "[NaN, NaN]", "false")]
    [InlineData("result > 1e308", "Inf", "true")]
    [InlineData("result < 0", "-Inf", "true")]
    [InlineData("1 / 0 > 1e308", "0", "true")]
    [InlineData("isNaN(0 / 0)", "0", "true")]
    public void NaN_compares_false_and_infinities_compare_as_numbers(string condition, string result, string expected) =>
        Assert.Equal(expected, ConditionTestValues.Evaluate(condition, result));

    [Theory]
    [InlineData("all(result * 100 >= 99)", "[0.995, 0.999]", "true")]
    [InlineData("all(result - result == 0)", "[1, 2]", "true")]
    [InlineData("all(1 < result)", "[2, 3]", "true")]
    [InlineData("all(result == result)", "[1, 2]", "true")]
    [InlineData("result[0 + 1] == 2", "[1, 2]", "true")]
    [InlineData("all(result / result[0] >= 1)", "[2, 3]", "true")]
    public void Lists_compare_and_compute_element_by_element(string condition, string result, string expected) =>
        Assert.Equal(expected, ConditionTestValues.Evaluate(condition, result));

    [Theory]
    [InlineData("result > 0.5", "missing", "error: result is missing")]
    [InlineData("!(result > 0.5)", "missing", "error: result is missing")]
    [InlineData("result[0] >= 0.99", "[]", "error: index 0 at position 6 is past the end of a list of 0 values")]
    [InlineData("!(result[0] >= 0.99)", "[]", "error: index 0 at position 8 is past the end of a list of 0 values")]
    [InlineData("result[2] < 1", "[1, 2]", "error: index 2 at position 6 is past the end of a list of 2 values")]
    [InlineData("result[0] < 1", "missing", "error: result is missing")]
    [InlineData("result[-1] < 1", "[1]", "error: an index must be a whole number >= 0, got -1 at position 7")]
    [InlineData("result[0.5] < 1", "[1]", "error: an index must be a whole number >= 0, got 0.5 at position 7")]
    [InlineData("result[0] < 1", "3", "error: cannot index a number; only lists can be indexed at position 6")]
    [InlineData("all(result < 0.05)", "[]", "error: all() of an empty list: there is no data to decide on at position 0")]
    [InlineData("!any(result > 0.5)", "[]", "error: any() of an empty list: there is no data to decide on at position 1")]
    [InlineData("all(result)", "[1]", "error: all() expects a list of booleans, got a number at index 0 at position 0")]
    [InlineData("any(result)", "3", "error: any() expects a list of booleans, got a number at position 0")]
    [InlineData("result < 'a'", "1", "error: cannot compare a number with a string using '<' at position 7")]
    [InlineData("true < false", "1", "error: '<' cannot order booleans; use '==' or '!=' at position 5")]
    [InlineData("result + 'a' > 1", "1", "error: '+' expects numbers, got a string at position 7")]
    [InlineData("result && true", "1", "error: '&&' expects booleans, got a number at position 7")]
    [InlineData("result > 1 || true", "[1, 2]", "error: '||' expects booleans, got a list; reduce it with all() or any() at position 11")]
    [InlineData("!result", "1", "error: '!' expects a boolean, got a number at position 0")]
    [InlineData("-'a' == 1", "1", "error: '-' expects a number, got a string at position 0")]
    [InlineData("len(result) > 0", "3", "error: len() expects a list or a string, got a number at position 0")]
    [InlineData("isNaN('a')", "3", "error: isNaN() expects a number, got a string at position 0")]
    [InlineData("isInf(result)", "missing", "error: result is missing")]
    [InlineData("result > 0.5", "[1, 2]", "error: the condition gives a list of 2 values, not a boolean; reduce it with all() or any()")]
    [InlineData("result", "1", "error: the condition gives a number, not a boolean")]
    [InlineData("result", "missing", "error: result is missing")]
    public void Evaluation_errors_are_results_with_positions(string condition, string result, string expected) =>
        Assert.Equal(expected, ConditionTestValues.Evaluate(condition, result));

    [Theory]
    [InlineData("false && result > 1", "false")]
    [InlineData("true || result > 1", "true")]
    [InlineData("len(result) == 0 || result[0] > 1", "true")]
    public void Logical_operators_short_circuit(string condition, string expected) =>
        Assert.Equal(expected, ConditionTestValues.Evaluate(condition, "[]"));

    [Fact]
    public void Nested_lists_index_and_compare_element_by_element()
    {
        var result = ConditionValue.List([ConditionValue.Numbers(1, 2), ConditionValue.Numbers(3)]);

        Assert.Equal(ConditionResult.Ok(true), ConditionExpression.Parse("result[0][1] == 2").Evaluate(result));
        Assert.Equal(ConditionResult.Ok(true), ConditionExpression.Parse("all(result[0] < result[1][0])").Evaluate(result));
        Assert.Equal(
            ConditionResult.Error("'-' needs lists of the same length, got 2 and 1 at position 14"),
            ConditionExpression.Parse("all(result[0] - result[1] > 0)").Evaluate(result));
    }

    [Fact]
    public void A_parsed_condition_can_be_evaluated_many_times()
    {
        var condition = ConditionExpression.Parse("result[0] >= 0.99");

        Assert.True(condition.Evaluate(ConditionValue.Numbers(0.995)).IsTrue);
        Assert.False(condition.Evaluate(ConditionValue.Numbers(0.5)).IsTrue);
        Assert.False(condition.Evaluate(ConditionValue.Missing).IsTrue);
    }
}
