using Rollouts.Api.Common;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Api.Tests.Common;

public sealed class DurationsTests
{
    public static TheoryData<string, double> Readable => new()
    {
        // written         seconds
        { "30", 30 },
        { "0", 0 },
        { "30s", 30 },
        { "5m", 300 },
        { "1h", 3600 },
        { "1h30m", 5400 },
        { "2h45m10s", 9910 },
        { "1.5h", 5400 },
        { ".5m", 30 },
        { "500ms", 0.5 },
        { "1m500ms", 60.5 },
        { "+10s", 10 },
        { "-5s", -5 },
        { "-30", -30 },
    };

    [Theory]
    [MemberData(nameof(Readable))]
    public void Reads_seconds_and_numbers_with_units(string written, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), Durations.Parse(written));
        Assert.Equal(TimeSpan.FromSeconds(seconds), Durations.Parse(IntOrString.FromText(written)));
    }

    [Theory]
    [InlineData(30, 30)]
    [InlineData(0, 0)]
    [InlineData(-1, -1)]
    public void A_number_is_seconds(int written, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Durations.Parse(IntOrString.FromNumber(written)));

    [Theory]
    [InlineData("", "an empty string is not a duration")]
    [InlineData("5x", "\"5x\" is not a duration: unknown unit \"x\"")]
    [InlineData("5M", "\"5M\" is not a duration: unknown unit \"M\"")]
    [InlineData("1d", "\"1d\" is not a duration: unit \"d\" is not supported, write days in hours (24h)")]
    [InlineData("10us", "\"10us\" is not a duration: unit \"us\" is below a millisecond and not supported")]
    [InlineData("1h30", "\"1h30\" is not a duration: \"30\" has no unit")]
    [InlineData("s", "\"s\" is not a duration: expected a number before \"s\"")]
    [InlineData("1..5s", "\"1..5s\" is not a duration: \"1..5\" is not a number")]
    [InlineData(" 5s", "\" 5s\" is not a duration: expected a number before \" 5s\"")]
    [InlineData("-", "\"-\" is not a duration: a sign needs a number after it")]
    [InlineData("five minutes", "\"five minutes\" is not a duration")]
    public void Refuses_other_text_saying_why_and_what_to_write(string written, string reason)
    {
        var error = Assert.Throws<FormatException>(() => Durations.Parse(written)).Message;

        Assert.StartsWith(reason, error, StringComparison.Ordinal);
        Assert.EndsWith(Durations.Forms, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("99999999999999999999")]
    [InlineData("99999999999999999999h")]
    [InlineData("9999999999h9999999999h")]
    public void Refuses_durations_too_long_to_hold(string written)
    {
        var ok = Durations.TryParse(written, out _, out var error);

        Assert.False(ok);
        Assert.Contains("too long", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(30, "30s")]
    [InlineData(300, "5m")]
    [InlineData(5400, "1h30m")]
    [InlineData(90061, "25h1m1s")]
    [InlineData(0.5, "500ms")]
    [InlineData(60.5, "1m0.5s")]
    [InlineData(-45, "-45s")]
    public void Formats_the_shortest_text_that_reads_back_the_same(double seconds, string text)
    {
        var duration = TimeSpan.FromSeconds(seconds);

        Assert.Equal(text, Durations.Format(duration));
        Assert.Equal(duration, Durations.Parse(text));
    }
}
