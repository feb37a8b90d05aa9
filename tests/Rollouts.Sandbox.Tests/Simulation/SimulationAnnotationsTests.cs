using Rollouts.Sandbox.Simulation;

namespace Rollouts.Sandbox.Tests.Simulation;

public sealed class SimulationAnnotationsTests
{
    public static TheoryData<string, double> Durations => new()
    {
        { "0", 0 },
        { "5s", 5 },
        { "1.5s", 1.5 },
        { "500ms", 0.5 },
        { "2m", 120 },
        { "1m30s", 90 },
        { "1h", 3600 },
        { "250us", 0.00025 },
        { "+3s", 3 },
    };

    [Theory]
    [MemberData(nameof(Durations))]
    public void A_ready_delay_reads_as_a_Go_duration(string text, double seconds)
    {
        Assert.True(SimulationAnnotations.TryParseDuration(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("-5s")]
    [InlineData("5 s")]
    [InlineData("five seconds")]
    [InlineData("5d")]
    [InlineData("s")]
    public void Anything_else_is_not_a_duration(string text) =>
        Assert.False(SimulationAnnotations.TryParseDuration(text, out _));
}
