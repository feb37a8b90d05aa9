using System.Collections.Immutable;
using Rollouts.Sandbox.ApiServer.Schema;

namespace Rollouts.Sandbox.ApiServer.Resources;

/// <summary>
/// One served resource at one group-version: what discovery advertises and what the store needs
/// to know to treat its objects as the real API server would.
/// </summary>
public sealed record ResourceType
{
    /// <summary>API group; empty for the core ("legacy") group.</summary>
    public required string Group { get; init; }
    public required string Version { get; init; }
    /// <summary>Lower-case plural used in URLs, e.g. "replicasets".</summary>
    public required string Plural { get; init; }
    public required string Singular { get; init; }
    public required string Kind { get; init; }
    public string ListKind { get; init; } = "";
    public required bool Namespaced { get; init; }
    public ImmutableArray<string> ShortNames { get; init; } = [];
    public ImmutableArray<string> Categories { get; init; } = [];
    public ImmutableArray<string> Verbs { get; init; } = AllVerbs;
    /// <summary>True when the object has a status subresource: the main endpoint ignores .status.</summary>
    public bool HasStatus { get; init; }
    public ScaleSubresource? Scale { get; init; }
    /// <summary>True when the server keeps metadata.generation (moves on changes outside metadata and status).</summary>
    public bool HasGeneration { get; init; }
    /// <summary>Custom resources come from a CustomResourceDefinition.</summary>
    public bool IsCustom { get; init; }
    /// <summary>True for the CRD's storage version (or always for built-ins).</summary>
    public bool IsStorageVersion { get; init; } = true;
    /// <summary>additionalPrinterColumns of a CRD; built-in kinds have their columns in code.</summary>
    public ImmutableArray<PrinterColumn> PrinterColumns { get; init; } = [];
    /// <summary>The CRD's structural schema, when it declares one.</summary>
    public StructuralSchema? Schema { get; init; }

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";
    public string GroupVersion => ApiVersion;
    /// <summary>Key that names the stored collection independent of the version it is served at.</summary>
    public string StorageKey => Group.Length == 0 ? Plural : $"{Plural}.{Group}";
    /// <summary>"replicasets.apps", "pods": the resource name as it appears in error messages.</summary>
    public string QualifiedName => StorageKey;
    public string EffectiveListKind => ListKind.Length > 0 ? ListKind : Kind + "List";

    public static readonly ImmutableArray<string> AllVerbs =
        ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
}

/// <summary>The scale subresource as declared by a CRD (JSON paths like ".spec.replicas").</summary>
public sealed record ScaleSubresource(string SpecReplicasPath, string StatusReplicasPath, string? LabelSelectorPath);

/// <summary>A printer column as CRDs declare it in additionalPrinterColumns.</summary>
public sealed record PrinterColumn(string Name, string Type, string JsonPath, string? Format = null, string? Description = null, int Priority = 0);
