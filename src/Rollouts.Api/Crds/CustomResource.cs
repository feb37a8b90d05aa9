using System.Text.Json.Serialization.Metadata;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Api.Crds;

/// <summary>What a CustomResourceDefinition says about one of our resources, besides its schema (which comes from the type).</summary>
public sealed record CustomResource
{
    public required ApiResource Resource { get; init; }

    /// <summary>The serializer's view of the resource type; its schema is generated from it.</summary>
    public required JsonTypeInfo TypeInfo { get; init; }

    public required string Singular { get; init; }

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    /// <summary>Serve <c>/status</c>: status is written only there, and spec changes there are ignored.</summary>
    public bool StatusSubresource { get; init; }

    /// <summary>Serve <c>/scale</c>, so that <c>kubectl scale</c> and a HorizontalPodAutoscaler work.</summary>
    public ScaleSubresource? Scale { get; init; }

    /// <summary>Columns of <c>kubectl get</c>, after NAME (and NAMESPACE).</summary>
    public IReadOnlyList<PrinterColumn> Columns { get; init; } = [];
}

/// <summary>Where the scale subresource reads and writes replicas and reads the pod selector (JSON paths such as <c>.spec.replicas</c>).</summary>
public sealed record ScaleSubresource(string SpecReplicasPath, string StatusReplicasPath, string? LabelSelectorPath);

/// <summary>A column of <c>kubectl get</c>: its header, its type (integer, string, date, ...) and the JSON path it shows.</summary>
public sealed record PrinterColumn(string Name, string Type, string JsonPath, string? Description = null, int Priority = 0);
