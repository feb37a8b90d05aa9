using System.Collections.Immutable;

namespace Rollouts.Sandbox.ApiServer.Errors;

/// <summary>
/// An error the server answers with a Kubernetes <c>Status</c> object. Everything that refuses a request
/// throws this; the HTTP layer turns it into the response body kubectl prints as
/// "Error from server (Reason): message".
/// </summary>
public sealed class ApiError : Exception
{
    public ApiError(int code, string reason, string message, string? name = null, string? group = null, string? kind = null,
        ImmutableArray<StatusCause> causes = default, int? retryAfterSeconds = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Name = name;
        Group = group;
        Kind = kind;
        Causes = causes.IsDefault ? [] : causes;
        RetryAfterSeconds = retryAfterSeconds;
    }

    public int Code { get; }
    public string Reason { get; }
    public string? Name { get; }
    public string? Group { get; }
    public string? Kind { get; }
    public ImmutableArray<StatusCause> Causes { get; }
    public int? RetryAfterSeconds { get; }

    public static ApiError BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiError NotFound(string qualifiedResource, string name, string group, string resource) =>
        new(404, "NotFound", $"{qualifiedResource} \"{name}\" not found", name, group, resource);

    public static ApiError AlreadyExists(string qualifiedResource, string name, string group, string resource) =>
        new(409, "AlreadyExists", $"{qualifiedResource} \"{name}\" already exists", name, group, resource);

    public static ApiError Conflict(string qualifiedResource, string name, string group, string resource, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {qualifiedResource} \"{name}\": {why}", name, group, resource);

    /// <summary>
    /// 422 Invalid, one cause per problem, worded as the real server words it:
    /// <c>Kind.group "name" is invalid: field: message</c>, or <c>... is invalid: [field: message, field: message]</c>
    /// when there are several (repeated messages are listed once).
    /// </summary>
    public static ApiError Invalid(string kind, string name, string group, IReadOnlyList<StatusCause> causes)
    {
        var qualifiedKind = group.Length == 0 ? kind : $"{kind}.{group}";
        var messages = causes.Select(c => c.Field.Length > 0 ? $"{c.Field}: {c.Message}" : c.Message).Distinct().ToList();
        var detail = messages.Count switch
        {
            0 => "",
            1 => $": {messages[0]}",
            _ => $": [{string.Join(", ", messages)}]",
        };
        return new(422, "Invalid", $"{qualifiedKind} \"{name}\" is invalid{detail}", name, group, kind, [.. causes]);
    }

    public static ApiError UnsupportedMediaType(string contentType) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/merge-patch+json, application/json-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml (got \"{contentType}\")");

    public static ApiError Expired(string message) => new(410, "Expired", message);

    public static ApiError MethodNotAllowed(string message) => new(405, "MethodNotAllowed", message);
}
