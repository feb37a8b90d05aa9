namespace Rollouts.Sandbox.ApiServer.Patching;

/// <summary>Maps a PATCH request's Content-Type to the patch format it names, and back.</summary>
public static class PatchKinds
{
    public const string JsonPatchContentType = "application/json-patch+json";
    public const string MergePatchContentType = "application/merge-patch+json";
    public const string StrategicMergePatchContentType = "application/strategic-merge-patch+json";
    public const string ApplyPatchContentType = "application/apply-patch+yaml";

    private static readonly string[] BuiltInTypes =
        [JsonPatchContentType, MergePatchContentType, StrategicMergePatchContentType, ApplyPatchContentType];

    private static readonly string[] CustomResourceTypes =
        [JsonPatchContentType, MergePatchContentType, ApplyPatchContentType];

    /// <summary>
    /// The patch format a Content-Type names, ignoring parameters such as <c>; charset=utf-8</c> and case;
    /// null when it names none (the server answers 415).
    /// </summary>
    public static PatchKind? FromContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var mediaType = (semicolon >= 0 ? contentType[..semicolon] : contentType).Trim();
        return mediaType.ToLowerInvariant() switch
        {
            MergePatchContentType => PatchKind.Merge,
            JsonPatchContentType => PatchKind.Json,
            StrategicMergePatchContentType => PatchKind.StrategicMerge,
            ApplyPatchContentType => PatchKind.Apply,
            _ => null,
        };
    }

    /// <summary>The Content-Type that names a patch format.</summary>
    public static string ContentType(PatchKind kind) => kind switch
    {
        PatchKind.Merge => MergePatchContentType,
        PatchKind.Json => JsonPatchContentType,
        PatchKind.StrategicMerge => StrategicMergePatchContentType,
        PatchKind.Apply => ApplyPatchContentType,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown patch kind"),
    };

    /// <summary>
    /// The patch Content-Types a resource accepts, in the order the real server lists them in its 415 message:
    /// custom resources do not take strategic merge patches.
    /// </summary>
    public static IReadOnlyList<string> AcceptedContentTypes(bool builtIn) => builtIn ? BuiltInTypes : CustomResourceTypes;
}
