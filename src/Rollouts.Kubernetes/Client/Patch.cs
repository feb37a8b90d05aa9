using System.Text.Json.Nodes;

namespace Rollouts.Kubernetes.Client;

/// <summary>A patch body and its kind. Build one with <see cref="Merge(string)"/>, <see cref="Json"/>, <see cref="StrategicMerge"/> or <see cref="Apply"/>.</summary>
public sealed record Patch
{
    private Patch(PatchType type, string body, string? fieldManager, bool force)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(body);
        Type = type;
        Body = body;
        FieldManager = fieldManager;
        Force = force;
    }

    public PatchType Type { get; }

    public string Body { get; }

    /// <summary>Set for server-side apply, which requires it.</summary>
    public string? FieldManager { get; }

    /// <summary>Server-side apply only: take ownership of fields other managers own instead of failing.</summary>
    public bool Force { get; }

    /// <summary>The request's Content-Type.</summary>
    public string ContentType => Type switch
    {
        PatchType.Merge => "application/merge-patch+json",
        PatchType.Json => "application/json-patch+json",
        PatchType.StrategicMerge => "application/strategic-merge-patch+json",
        PatchType.Apply => "application/apply-patch+yaml",
        _ => throw new InvalidOperationException($"Unknown patch type {Type}."),
    };

    /// <summary>RFC 7386 JSON merge patch: objects merge, <c>null</c> deletes a key, arrays are replaced whole.</summary>
    public static Patch Merge(string body) => new(PatchType.Merge, body, null, false);

    /// <inheritdoc cref="Merge(string)"/>
    public static Patch Merge(JsonNode body) => Merge(body?.ToJsonString() ?? throw new ArgumentNullException(nameof(body)));

    /// <summary>RFC 6902 JSON patch: a list of operations (<c>test</c> guards against concurrent change).</summary>
    public static Patch Json(string body) => new(PatchType.Json, body, null, false);

    /// <summary>Strategic merge patch; built-in kinds only (lists merge by key).</summary>
    public static Patch StrategicMerge(string body) => new(PatchType.StrategicMerge, body, null, false);

    /// <summary>Server-side apply of a full intent document (JSON is valid YAML) owned by <paramref name="fieldManager"/>.</summary>
    public static Patch Apply(string body, string fieldManager, bool force = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fieldManager);
        return new(PatchType.Apply, body, fieldManager, force);
    }
}

public enum PatchType
{
    Merge,
    Json,
    StrategicMerge,
    Apply,
}
