using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Storage;
using Rollouts.Sandbox.Simulation;

namespace Rollouts.Sandbox.Tests.Simulation;

public sealed class ReplicaSetStatusTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ImmutableDictionary<string, string> TemplateLabels =
        ImmutableDictionary<string, string>.Empty.Add("app", "web").Add("rollouts-pod-template-hash", "abc");

    public static TheoryData<string, int, int[], int, int> Cases => new()
    {
        // case, minReadySeconds, seconds each pod has been ready (-1: not ready), ready, available
        { "no pods", 0, [], 0, 0 },
        { "ready pods are available at once without minReadySeconds", 0, [0, 5, -1], 2, 2 },
        { "a pod ready for less than minReadySeconds is not yet available", 10, [3, 20, -1], 2, 1 },
        { "a pod ready for exactly minReadySeconds is available", 10, [10], 1, 1 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Counts_ready_and_available_pods(string name, int minReadySeconds, int[] readyFor, int ready, int available)
    {
        var pods = readyFor.Select((seconds, i) => Pod($"p{i}", seconds < 0 ? null : Now.AddSeconds(-seconds))).ToList();

        var (status, _) = ReplicaSetStatus.Calculate(7, TemplateLabels, minReadySeconds, pods, p => p.ReadySince, Now);

        Assert.True(status == new ReplicaSetStatus(pods.Count, pods.Count, ready, available, 7), $"{name}: {status}");
    }

    [Fact]
    public void Says_when_the_next_ready_pod_becomes_available()
    {
        var pods = new[] { Pod("a", Now.AddSeconds(-3)), Pod("b", Now.AddSeconds(-8)), Pod("c", null) };

        var (_, next) = ReplicaSetStatus.Calculate(1, TemplateLabels, 10, pods, p => p.ReadySince, Now);

        Assert.Equal(Now.AddSeconds(2), next);
    }

    [Fact]
    public void Pods_missing_a_template_label_are_not_fully_labeled()
    {
        var partly = Pod("partly", null) with { Labels = ImmutableDictionary<string, string>.Empty.Add("app", "web") };

        var (status, _) = ReplicaSetStatus.Calculate(1, TemplateLabels, 0, [Pod("full", null), partly], p => p.ReadySince, Now);

        Assert.Equal((2, 1), (status.Replicas, status.FullyLabeledReplicas));
    }

    [Fact]
    public void Writes_counts_leaving_out_zeros_except_replicas_and_keeping_conditions()
    {
        var status = new JsonObject
        {
            ["replicas"] = 3,
            ["readyReplicas"] = 3,
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "ReplicaFailure" }),
        };

        new ReplicaSetStatus(0, 0, 0, 0, 4).WriteTo(status);

        Assert.Equal("""{"replicas":0,"conditions":[{"type":"ReplicaFailure"}],"observedGeneration":4}""", status.ToJsonString());
    }

    private static PodFacts Pod(string name, DateTimeOffset? readySince) => new()
    {
        Key = new ObjectKey("default", name),
        Uid = name,
        Labels = TemplateLabels,
        Phase = "Running",
        Ready = readySince is not null,
        ReadySince = readySince,
    };
}
