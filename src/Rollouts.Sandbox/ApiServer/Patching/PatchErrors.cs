using Rollouts.Sandbox.ApiServer.Errors;

namespace Rollouts.Sandbox.ApiServer.Patching;

/// <summary>The errors a patch is refused with, worded like the real server's.</summary>
internal static class PatchErrors
{
    /// <summary>The sentence the real server puts on every 422 for a patch it cannot apply.</summary>
    public const string RejectedRequest = "the server rejected our request due to an error in our request";

    /// <summary>422 Invalid for a well-formed patch that does not apply to the object; the detail says where.</summary>
    public static ApiError CannotApply(string detail) => new(422, "Invalid", $"{RejectedRequest}: {detail}");

    /// <summary>415 for a patch format the resource does not take (strategic merge on a custom resource).</summary>
    public static ApiError UnsupportedPatchType(bool builtIn) =>
        new(415, "UnsupportedMediaType",
            "the body of the request was in an unknown format - accepted media types include: "
            + string.Join(", ", PatchKinds.AcceptedContentTypes(builtIn)));

    /// <summary>422 for bad query options (fieldManager, force), as <c>PatchOptions.meta.k8s.io "" is invalid: ...</c>.</summary>
    public static ApiError InvalidOptions(IReadOnlyList<StatusCause> causes)
    {
        var detail = string.Join(", ", causes.Select(c => $"{c.Field}: {c.Message}"));
        return new ApiError(422, "Invalid", $"PatchOptions.meta.k8s.io \"\" is invalid: {detail}",
            name: "", group: "meta.k8s.io", kind: "PatchOptions", causes: [.. causes]);
    }
}
