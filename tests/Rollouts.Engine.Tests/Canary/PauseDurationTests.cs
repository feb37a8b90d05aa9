using Rollouts.Engine.Canary;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Tests.Canary;

public class PauseDurationTests
{
    [Theory]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("1h", 3600)]
    [InlineData("45", 45)]
    [InlineData("0s", 0)]
    [InlineData(" 10s ", 10)]
    public void Seconds_minutes_hours_or_plain_seconds(string text, int seconds)
    {
        Assert.True(PauseDuration.TryParse(IntOrString.FromText(text), out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Fact]
    public void A_number_is_seconds()
    {
        Assert.True(PauseDuration.TryParse(IntOrString.FromNumber(90), out var duration));
        Assert.Equal(TimeSpan.FromSeconds(90), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("1d")]
    [InlineData("-5s")]
    [InlineData("1.5h")]
    [InlineData("1h30m")]
    [InlineData("99999999999h")]
    public void Anything_else_does_not_parse(string text)
    {
        Assert.False(PauseDuration.TryParse(IntOrString.FromText(text), out _));
    }
}
