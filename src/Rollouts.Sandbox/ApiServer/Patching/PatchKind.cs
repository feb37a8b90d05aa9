namespace Rollouts.Sandbox.ApiServer.Patching;

/// <summary>The patch formats the API server accepts, told apart by the request's Content-Type.</summary>
public enum PatchKind
{
    /// <summary><c>application/merge-patch+json</c>: RFC 7386 JSON merge patch.</summary>
    Merge,

    /// <summary><c>application/json-patch+json</c>: RFC 6902 list of operations.</summary>
    Json,

    /// <summary><c>application/strategic-merge-patch+json</c>: built-in kinds only.</summary>
    StrategicMerge,

    /// <summary><c>application/apply-patch+yaml</c>: server-side apply.</summary>
    Apply,
}
