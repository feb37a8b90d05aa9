using System.Text.Json.Serialization;
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
public sealed partial class RolloutsJsonContext : JsonSerializerContext;
