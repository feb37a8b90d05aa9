using Rollouts.Sandbox.ApiServer.Errors;

namespace Rollouts.Sandbox.ApiServer.Schema;

/// <summary>
/// What the server answers about fields it pruned, by the request's <c>fieldValidation</c>:
/// Strict refuses the request (400), Warn sends one warning per field, Ignore says nothing.
/// </summary>
public static class UnknownFields
{
    /// <summary>The text for one pruned field, as a warning or within the strict error: <c>unknown field "spec.foo"</c>.</summary>
    public static string Describe(string path) => $"unknown field \"{path}\"";

    /// <summary>One warning per pruned field, for the Warning header under fieldValidation=Warn.</summary>
    public static IReadOnlyList<string> Warnings(IEnumerable<string> prunedPaths) => [.. prunedPaths.Select(Describe)];

    /// <summary>
    /// The 400 BadRequest for fieldValidation=Strict, as kubectl shows it:
    /// <c>Rollout in version "v1alpha1" cannot be handled as a Rollout: strict decoding error: unknown field "spec.foo"</c>.
    /// </summary>
    public static ApiError StrictError(string kind, string version, IEnumerable<string> prunedPaths) =>
        ApiError.BadRequest($"{kind} in version \"{version}\" cannot be handled as a {kind}: {StrictDecodingMessage(prunedPaths)}");

    /// <summary>The decoder's own message: <c>strict decoding error: unknown field "a", unknown field "b"</c>.</summary>
    public static string StrictDecodingMessage(IEnumerable<string> prunedPaths) =>
        "strict decoding error: " + string.Join(", ", prunedPaths.Select(Describe));
}
