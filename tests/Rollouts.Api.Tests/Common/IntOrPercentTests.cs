using Rollouts.Api.Common;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Api.Tests.Common;

public sealed class IntOrPercentTests
{
    [Theory]
    [InlineData("25%", 25, true)]
    [InlineData("0%", 0, true)]
    [InlineData("150%", 150, true)]
    [InlineData("-5%", -5, true)]
    public void Reads_percentages(string written, int value, bool isPercent)
    {
        Assert.True(IntOrPercent.TryParse(IntOrString.FromText(written), out var parsed, out _));
        Assert.Equal(new IntOrPercent(value, isPercent), parsed);
        Assert.Equal(written, parsed.ToString());
    }

    [Fact]
    public void Reads_numbers()
    {
        Assert.True(IntOrPercent.TryParse(IntOrString.FromNumber(3), out var parsed, out _));
        Assert.Equal(new IntOrPercent(3, IsPercent: false), parsed);
    }

    [Theory]
    [InlineData("3")]
    [InlineData("%")]
    [InlineData("25 %")]
    [InlineData("a quarter")]
    [InlineData("")]
    public void Refuses_text_that_is_not_a_percentage(string written)
    {
        Assert.False(IntOrPercent.TryParse(IntOrString.FromText(written), out _, out var error));
        Assert.Equal($"\"{written}\" is neither a whole number nor a percentage; write a number (1) or a percentage (\"25%\")", error);
    }

    [Theory]
    [InlineData("25%", 10, true, 3)]
    [InlineData("25%", 10, false, 2)]
    [InlineData("25%", 4, true, 1)]
    [InlineData("25%", 1, true, 1)]
    [InlineData("25%", 1, false, 0)]
    [InlineData("100%", 7, false, 7)]
    public void Resolves_a_percentage_of_a_total_rounding_as_asked(string written, int total, bool roundUp, int count)
    {
        IntOrPercent.TryParse(IntOrString.FromText(written), out var parsed, out _);

        Assert.Equal(count, parsed.Resolve(total, roundUp));
    }

    [Fact]
    public void A_number_resolves_to_itself_whatever_the_total() =>
        Assert.Equal(2, new IntOrPercent(2, IsPercent: false).Resolve(100, roundUp: true));
}
