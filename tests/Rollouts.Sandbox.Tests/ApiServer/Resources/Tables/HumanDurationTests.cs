using Rollouts.Sandbox.ApiServer.Resources.Tables;

namespace Rollouts.Sandbox.Tests.ApiServer.Resources.Tables;

public class HumanDurationTests
{
    [Theory]
    [InlineData(-5, "<invalid>")]
    [InlineData(-1, "0s")]
    [InlineData(0, "0s")]
    [InlineData(5, "5s")]
    [InlineData(119, "119s")]
    [InlineData(120, "2m")]
    [InlineData(192, "3m12s")]
    [InlineData(599, "9m59s")]
    [InlineData(600, "10m")]
    [InlineData(3 * 3600 - 1, "179m")]
    [InlineData(3 * 3600, "3h")]
    [InlineData(2 * 3600 + 5 * 60, "125m")]
    [InlineData(5 * 3600 + 30 * 60 + 59, "5h30m")]
    [InlineData(8 * 3600, "8h")]
    [InlineData(47 * 3600 + 59 * 60, "47h")]
    [InlineData(2 * 86400, "2d")]
    [InlineData(2 * 86400 + 3 * 3600, "2d3h")]
    [InlineData(7 * 86400 + 23 * 3600, "7d23h")]
    [InlineData(8 * 86400, "8d")]
    [InlineData(729 * 86400, "729d")]
    [InlineData(730 * 86400, "2y")]
    [InlineData(735 * 86400, "2y5d")]
    [InlineData(8 * 365 * 86400, "8y")]
    public void Formats_ages_as_kubectl_does(long seconds, string expected)
    {
        Assert.Equal(expected, HumanDuration.Format(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void Fractions_of_a_second_do_not_count()
    {
        Assert.Equal("59s", HumanDuration.Format(TimeSpan.FromMilliseconds(59_999)));
    }

    [Theory]
    [InlineData("2025-03-01T11:56:48Z", "3m12s")]
    [InlineData("2025-03-01T13:56:48+02:00", "3m12s")]
    [InlineData(null, "<unknown>")]
    [InlineData("", "<unknown>")]
    [InlineData("yesterday", "<invalid>")]
    public void Measures_a_timestamp_against_now(string? timestamp, string expected)
    {
        var now = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(expected, HumanDuration.Since(timestamp, now));
    }
}
