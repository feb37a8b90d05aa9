using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Rollouts.Api.Rollouts;
using Rollouts.Api.Schema;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Api.Analysis;

/// <summary>
/// The metrics that decide whether a new version is healthy, and how to measure them (rollouts.dev/v1alpha1,
/// namespaced). A Rollout names templates in an analysis step or in its background analysis; the operator
/// merges them into an <see cref="AnalysisRun"/>.
/// </summary>
[Description("An AnalysisTemplate says which metrics decide whether a new version is healthy and how to measure them.")]
public sealed record AnalysisTemplate : IKubernetesObject<AnalysisTemplate>
{
    public static ApiResource Resource { get; } = new(Rollout.Group, Rollout.Version, "analysistemplates", "AnalysisTemplate", namespaced: true);

    public static JsonTypeInfo<AnalysisTemplate> JsonTypeInfo => RolloutsJsonContext.Default.AnalysisTemplate;

    [Description("The versioned schema of this object: rollouts.dev/v1alpha1.")]
    public string ApiVersion { get => field ?? Rollout.GroupVersion; init; }

    [Description("The kind of this object: AnalysisTemplate.")]
    public string Kind { get => field ?? "AnalysisTemplate"; init; }

    public ObjectMeta Metadata { get => field ?? new(); init; }

    [RequiredField]
    public AnalysisTemplateSpec? Spec { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>An <see cref="AnalysisTemplate"/> that every namespace can use (cluster-scoped); a reference sets <c>clusterScope: true</c>.</summary>
[Description("A ClusterAnalysisTemplate is an AnalysisTemplate for every namespace; a Rollout names it with clusterScope: true.")]
public sealed record ClusterAnalysisTemplate : IKubernetesObject<ClusterAnalysisTemplate>
{
    public static ApiResource Resource { get; } = new(Rollout.Group, Rollout.Version, "clusteranalysistemplates", "ClusterAnalysisTemplate", namespaced: false);

    public static JsonTypeInfo<ClusterAnalysisTemplate> JsonTypeInfo => RolloutsJsonContext.Default.ClusterAnalysisTemplate;

    [Description("The versioned schema of this object: rollouts.dev/v1alpha1.")]
    public string ApiVersion { get => field ?? Rollout.GroupVersion; init; }

    [Description("The kind of this object: ClusterAnalysisTemplate.")]
    public string Kind { get => field ?? "ClusterAnalysisTemplate"; init; }

    public ObjectMeta Metadata { get => field ?? new(); init; }

    [RequiredField]
    public AnalysisTemplateSpec? Spec { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}
