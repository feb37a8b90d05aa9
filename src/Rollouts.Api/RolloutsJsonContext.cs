using System.Text.Json.Serialization;
using Rollouts.Api.Analysis;
using Rollouts.Api.Rollouts;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Api;

/// <summary>Source-generated JSON for the project's resources, with the same options as the built-in models.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Rollout))]
[JsonSerializable(typeof(KubernetesList<Rollout>))]
[JsonSerializable(typeof(WatchEvent<Rollout>))]
[JsonSerializable(typeof(AnalysisTemplate))]
[JsonSerializable(typeof(KubernetesList<AnalysisTemplate>))]
[JsonSerializable(typeof(WatchEvent<AnalysisTemplate>))]
[JsonSerializable(typeof(ClusterAnalysisTemplate))]
[JsonSerializable(typeof(KubernetesList<ClusterAnalysisTemplate>))]
[JsonSerializable(typeof(WatchEvent<ClusterAnalysisTemplate>))]
[JsonSerializable(typeof(AnalysisRun))]
[JsonSerializable(typeof(KubernetesList<AnalysisRun>))]
[JsonSerializable(typeof(WatchEvent<AnalysisRun>))]
[JsonSerializable(typeof(ArgumentValueFrom))]
[JsonSerializable(typeof(Metric))]
[JsonSerializable(typeof(GatewayApiTrafficRouting))]
public sealed partial class RolloutsJsonContext : JsonSerializerContext;
