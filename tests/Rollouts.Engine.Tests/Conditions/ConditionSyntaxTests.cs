using Rollouts.Engine.Conditions;

namespace Rollouts.Engine.Tests.Conditions;

public class ConditionSyntaxTests
{
    [Theory]
    [InlineData("result[0] >= 0.99")]
    [InlineData("all(result < 0.05)")]
    [InlineData("len(result) > 0 && result[0] < 500")]
    [InlineData("default(result[0], 0) < 0.01")]
    [InlineData("  result  ")]
    [InlineData("!(result > 1) || isNaN(result) && !isInf(result)")]
    [InlineData("-result * 2.5e-3 + .5 % 3 / 1E2 != 1.")]
    [InlineData("'a\\'b' == \"a'b\"")]
    [InlineData("((result))[0][1]")]
    [InlineData("true == false")]
    public void Valid_conditions_parse(string text)
    {
        Assert.True(ConditionExpression.TryParse(text, out var expression, out var error), error?.Message);
        Assert.Equal(text, expression.Text);
    }

    [Theory]
    [InlineData("", 0, "expected a condition at position 0")]
    [InlineData("   ", 0, "expected a condition at position 0")]
    [InlineData("(result[0] >= 1", 15, "expected ')' at position 15 (found end of input)")]
    [InlineData("result[0 >= 1", 13, "expected ']' at position 13 (found end of input)")]
    [InlineData("result >= ", 10, "expected a value at position 10 (found end of input)")]
    [InlineData("result >= )", 10, "expected a value at position 10 (found ')')")]
    [InlineData("result 1", 7, "unexpected number 1 at position 7")]
    [InlineData("results[0] > 1", 0, "unknown name 'results'; the only variable is 'result' at position 0")]
    [InlineData("1 < foo", 4, "unknown name 'foo'; the only variable is 'result' at position 4")]
    [InlineData("sum(result) > 1", 0, "unknown function 'sum'; the functions are len, isNaN, isInf, all, any, default at position 0")]
    [InlineData("GetType()", 0, "unknown function 'GetType'; the functions are len, isNaN, isInf, all, any, default at position 0")]
    [InlineData("1 < len()", 4, "len() takes 1 argument, got 0 at position 4")]
    [InlineData("len(result, 1) > 0", 0, "len() takes 1 argument, got 2 at position 0")]
    [InlineData("default(result) < 1", 0, "default() takes 2 arguments, got 1 at position 0")]
    [InlineData("all(result > 1", 14, "expected ',' or ')' at position 14 (found end of input)")]
    [InlineData("0 < result < 1", 11, "comparisons cannot be chained; unexpected '<' (combine them with '&&') at position 11")]
    [InlineData("result = 1", 7, "unexpected '='; use '==' to compare at position 7")]
    [InlineData("result > 1 & true", 11, "unexpected '&'; use '&&' at position 11")]
    [InlineData("result > 1 | true", 11, "unexpected '|'; use '||' at position 11")]
    [InlineData("result > $x", 9, "unexpected character '$' at position 9")]
    [InlineData("result > 'open", 9, "unterminated string at position 9")]
    [InlineData("result > 'a\\q'", 11, "unknown escape '\\q' in a string at position 11")]
    [InlineData("result > 1e", 10, "expected digits in the exponent of a number at position 10")]
    [InlineData("result > 1.2.3", 12, "unexpected '.' after a number at position 12")]
    [InlineData("result > 12abc", 11, "unexpected 'a' after a number at position 11")]
    [InlineData("result[]", 7, "expected a value at position 7 (found ']')")]
    public void Syntax_errors_give_the_position(string text, int position, string message)
    {
        var error = Assert.Throws<ConditionSyntaxException>(() => ConditionExpression.Parse(text));

        Assert.Equal(position, error.Position);
        Assert.Equal(message, error.Message);
        Assert.False(ConditionExpression.TryParse(text, out var expression, out var tryError));
        Assert.Null(expression);
        Assert.Equal(message, tryError.Message);
    }

    [Fact]
    public void Nesting_is_limited_so_no_condition_can_exhaust_the_stack()
    {
        var depth = ConditionParser.MaxDepth + 1;
        var text = new string('(', depth) + "true" + new string(')', depth);

        var error = Assert.Throws<ConditionSyntaxException>(() => ConditionExpression.Parse(text));

        Assert.Equal(ConditionParser.MaxDepth, error.Position);
        Assert.StartsWith("the condition is nested more than 64 levels deep", error.Message, StringComparison.Ordinal);
        Assert.True(ConditionExpression.TryParse(text[1..^1], out _, out _));
    }

    [Fact]
    public void Length_is_limited_so_that_operator_chains_stay_shallow()
    {
        var fits = "result > 0" + string.Concat(Enumerable.Repeat(" + 1", (ConditionParser.MaxTokens - 4) / 2));
        var tooLong = fits + " + 1";

        Assert.True(ConditionExpression.TryParse(fits, out _, out _));
        var error = Assert.Throws<ConditionSyntaxException>(() => ConditionExpression.Parse(tooLong));
        Assert.StartsWith("the condition is longer than 1000 tokens", error.Message, StringComparison.Ordinal);
    }
}
