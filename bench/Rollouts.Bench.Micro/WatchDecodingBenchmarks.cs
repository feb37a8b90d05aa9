using System.Text;
using BenchmarkDotNet.Attributes;
using Rollouts.Api;
using Rollouts.Api.Rollouts;
using Rollouts.Kubernetes.Client.Http;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Bench.Micro;

/// <summary>One watch line decoded into a typed event, as every informer does for every change.</summary>
[MemoryDiagnoser]
public class WatchDecodingBenchmarks
{
    private static readonly ApiRequest Request = new()
    {
        Method = HttpMethod.Get,
        Verb = "watch",
        Resource = "replicasets",
        PathAndQuery = "/apis/apps/v1/replicasets?watch=true",
    };

    private readonly byte[] _replicaSet = Encoding.UTF8.GetBytes(Line(Scenario.ReplicaSetJson));
    private readonly byte[] _rollout = Encoding.UTF8.GetBytes(Line(Scenario.RolloutJson));

    [Benchmark]
    public WatchEvent<ReplicaSet> ReplicaSetEvent() =>
        WatchEventDecoder.Decode(Request, _replicaSet, KubernetesJsonContext.Default.ReplicaSet);

    [Benchmark]
    public WatchEvent<Rollout> RolloutEvent() =>
        WatchEventDecoder.Decode(Request, _rollout, RolloutsJsonContext.Default.Rollout);

    private static string Line(string json) => $$"""{"type":"MODIFIED","object":{{json.ReplaceLineEndings(" ")}}}""";
}
