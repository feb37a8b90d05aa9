using Rollouts.Sandbox.Traffic;

namespace Rollouts.Sandbox.Tests.Traffic;

public sealed class TrafficSimulatorTests
{
    private static readonly TimeSpan TwentySeconds = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_stable_ingress_alone_sends_every_request_to_its_service()
    {
        await using var scenario = new TrafficScenario(requestsPerSecond: 50);
        scenario.Backend("web-stable", "web", pods: 2);
        scenario.Ingress("web", "web-stable");

        scenario.Run(TwentySeconds);

        Assert.Equal(1000, scenario.Requests());
        Assert.Equal(1000, scenario.Requests(service: "web-stable", status: "200", canary: ""));
    }

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(30, 0.30)]
    [InlineData(50, 0.50)]
    [InlineData(100, 1.0)]
    public async Task A_canary_ingress_takes_its_weight_as_share_of_requests(int weight, double expectedShare)
    {
        await using var scenario = new TrafficScenario(requestsPerSecond: 100);
        scenario.Backend("web-stable", "web", pods: 2);
        scenario.Backend("web-canary", "web-new", pods: 1);
        scenario.Ingress("web", "web-stable");
        scenario.Ingress("web-canary", "web-canary", canaryWeight: weight);

        scenario.Run(TwentySeconds);

        var canary = scenario.Requests(service: "web-canary", canary: "web-canary");
        Assert.Equal(2000, scenario.Requests());
        Assert.InRange((double)canary / 2000, expectedShare - 0.04, expectedShare + 0.04);
        Assert.Equal(2000 - canary, scenario.Requests(service: "web-stable", canary: ""));
    }

    [Fact]
    public async Task Canary_pods_with_an_error_rate_answer_that_share_with_500()
    {
        await using var scenario = new TrafficScenario(requestsPerSecond: 100);
        scenario.Backend("web-stable", "web", pods: 2);
        scenario.Backend("web-canary", "web-new", pods: 2, env: new Dictionary<string, string> { ["ERROR_RATE"] = "0.5" });
        scenario.Ingress("web", "web-stable");
        scenario.Ingress("web-canary", "web-canary", canaryWeight: 50);

        scenario.Run(TwentySeconds);

        var canary = scenario.Requests(service: "web-canary");
        var errors = scenario.Requests(service: "web-canary", status: "500");
        Assert.InRange((double)errors / canary, 0.45, 0.55);
        Assert.Equal(0, scenario.Requests(service: "web-stable", status: "500"));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(2, false)]
    public async Task A_service_without_ready_pods_answers_503(int pods, bool ready)
    {
        await using var scenario = new TrafficScenario(requestsPerSecond: 50);
        scenario.Backend("web-stable", "web", pods, ready: ready);
        scenario.Ingress("web", "web-stable");

        scenario.Run(TwentySeconds);

        Assert.Equal(1000, scenario.Requests(service: "web-stable", status: "503"));
    }

    [Fact]
    public async Task Requests_take_the_pods_latency()
    {
        await using var scenario = new TrafficScenario(requestsPerSecond: 50);
        scenario.Backend("web-stable", "web", pods: 1, env: new Dictionary<string, string> { ["LATENCY_MS"] = "200" });
        scenario.Ingress("web", "web-stable");

        scenario.Run(TwentySeconds);

        // 200 ms ± 10% jitter: every request is under 0.25 s and none under 0.1 s.
        var text = scenario.Metrics.Render();
        Assert.Equal(1000, BucketValue(text, "0.25"));
        Assert.Equal(0, BucketValue(text, "0.1"));
        var sum = SampleValue(text, IngressMetrics.DurationName + "_sum");
        Assert.InRange(sum / 1000, 0.19, 0.21);
    }

    [Fact]
    public async Task Counters_keep_growing_and_follow_weight_changes()
    {
        await using var scenario = new TrafficScenario(requestsPerSecond: 50);
        scenario.Backend("web-stable", "web", pods: 1);
        scenario.Ingress("web", "web-stable");
        scenario.Run(TimeSpan.FromSeconds(1));
        var first = scenario.Requests();

        scenario.Run(TimeSpan.FromSeconds(1));

        Assert.Equal(50, first);
        Assert.Equal(100, scenario.Requests());
    }

    [Fact]
    public async Task Fractions_of_a_request_carry_over_between_ticks()
    {
        await using var scenario = new TrafficScenario(requestsPerSecond: 5);
        scenario.Backend("web-stable", "web", pods: 1);
        scenario.Ingress("web", "web-stable");

        for (var i = 0; i < 10; i++)
        {
            scenario.Run(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(5, scenario.Requests());
    }

    [Fact]
    public async Task The_same_seed_and_clock_give_the_same_metrics()
    {
        string Render()
        {
            var scenario = new TrafficScenario(requestsPerSecond: 100, seed: 3);
            scenario.Backend("web-stable", "web", pods: 2, env: new Dictionary<string, string> { ["ERROR_RATE"] = "0.1" });
            scenario.Backend("web-canary", "web-new", pods: 1, env: new Dictionary<string, string> { ["ERROR_RATE"] = "0.3", ["LATENCY_MS"] = "40" });
            scenario.Ingress("web", "web-stable");
            scenario.Ingress("web-canary", "web-canary", canaryWeight: 20);
            scenario.Run(TimeSpan.FromSeconds(5));
            var text = scenario.Metrics.Render();
            scenario.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return text;
        }

        Assert.Equal(Render(), Render());
        await Task.CompletedTask;
    }

    private static double BucketValue(string text, string le) =>
        SampleValue(text, IngressMetrics.DurationName + "_bucket", $"le=\"{le}\"");

    private static double SampleValue(string text, string name, string? containing = null)
    {
        var line = text.Split('\n').Single(l => l.StartsWith(name + "{", StringComparison.Ordinal)
            && (containing is null || l.Contains(containing, StringComparison.Ordinal)));
        return double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
