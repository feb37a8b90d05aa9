using Rollouts.Sandbox.ApiServer.Storage;
using Rollouts.Sandbox.Traffic;

namespace Rollouts.Sandbox.Tests.Traffic;

public sealed class PodBehaviourTests
{
    [Theory]
    [InlineData(null, null, 0.0, 10.0)]
    [InlineData("0.25", "150", 0.25, 150.0)]
    [InlineData("1", "0", 1.0, 0.0)]
    public void Reads_error_rate_and_latency_from_the_first_containers_env(string? errorRate, string? latency, double expectedRate, double expectedLatency)
    {
        var pod = Behaviour(errorRate, latency);

        Assert.Equal(expectedRate, pod.ErrorRate);
        Assert.Equal(expectedLatency, pod.LatencyMilliseconds);
        Assert.Empty(pod.Problems);
    }

    [Theory]
    [InlineData("lots", null, "spec.containers[0].env[0] (ERROR_RATE) must be a number from 0 to 1, not \"lots\"; using 0")]
    [InlineData("1.5", null, "spec.containers[0].env[0] (ERROR_RATE) must be a number from 0 to 1, not \"1.5\"; using 0")]
    [InlineData(null, "-5", "spec.containers[0].env[0] (LATENCY_MS) must be a number of at least 0, not \"-5\"; using 10")]
    public void A_value_that_cannot_be_used_falls_back_and_says_where_it_is(string? errorRate, string? latency, string problem)
    {
        var pod = Behaviour(errorRate, latency);

        Assert.Equal([problem], pod.Problems);
    }

    private static PodBehaviour Behaviour(string? errorRate, string? latency)
    {
        var env = new Dictionary<string, string>();
        if (errorRate is not null)
        {
            env["ERROR_RATE"] = errorRate;
        }

        if (latency is not null)
        {
            env["LATENCY_MS"] = latency;
        }

        var pod = TrafficObjects.Pod("web-0", "web", env);
        pod["metadata"]!["uid"] = "u1";
        return PodBehaviour.Of(StoredObject.From("pods", pod, 1));
    }
}
