using Rollouts.Kubernetes.Models;

namespace Rollouts.Kubernetes.Client;

/// <summary>
/// The API server refused a request. Keeps the server's <see cref="Status"/> (code, reason,
/// message, details). Catch a subclass for the cases a caller handles: <see cref="NotFoundException"/>,
/// <see cref="AlreadyExistsException"/>, <see cref="ConflictException"/>, <see cref="InvalidException"/>,
/// <see cref="ForbiddenException"/>, <see cref="UnauthorizedException"/>, <see cref="GoneException"/>,
/// <see cref="TooManyRequestsException"/>, <see cref="BadRequestException"/>, <see cref="ServerErrorException"/>.
/// </summary>
public class KubernetesApiException : Exception
{
    public KubernetesApiException(Status status, string? request = null, TimeSpan? retryAfter = null)
        : base(Describe(status, request))
    {
        ArgumentNullException.ThrowIfNull(status);
        Status = status;
        Request = request;
        RetryAfter = retryAfter ?? (status.Details?.RetryAfterSeconds is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : null);
    }

    /// <summary>The server's answer as sent, or one made up from the HTTP response when it sent none.</summary>
    public Status Status { get; }

    /// <summary>HTTP status code, e.g. 404.</summary>
    public int Code => Status.Code ?? 0;

    /// <summary>Machine-readable reason, e.g. <c>NotFound</c>; empty when the server gave none.</summary>
    public string Reason => Status.Reason ?? "";

    public StatusDetails? Details => Status.Details;

    /// <summary>The request that failed, as <c>METHOD /path</c>, when known.</summary>
    public string? Request { get; }

    /// <summary>How long the server asked to wait before trying again (Retry-After), when it did.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The exception type that matches the status: <c>Status{Reason: "NotFound"}</c> gives a <see cref="NotFoundException"/>.</summary>
    public static KubernetesApiException FromStatus(Status status, string? request = null, TimeSpan? retryAfter = null)
    {
        ArgumentNullException.ThrowIfNull(status);
        return (status.Reason, status.Code) switch
        {
            ("NotFound", _) => new NotFoundException(status, request),
            ("AlreadyExists", _) => new AlreadyExistsException(status, request),
            ("Conflict", _) => new ConflictException(status, request),
            ("Invalid", _) => new InvalidException(status, request),
            ("Forbidden", _) => new ForbiddenException(status, request),
            ("Unauthorized", _) => new UnauthorizedException(status, request),
            ("Gone" or "Expired", _) => new GoneException(status, request),
            ("TooManyRequests", _) => new TooManyRequestsException(status, request, retryAfter),
            ("BadRequest", _) => new BadRequestException(status, request),
            ("InternalError" or "ServiceUnavailable" or "Timeout" or "ServerTimeout", _) => new ServerErrorException(status, request, retryAfter),
            (_, 404) => new NotFoundException(status, request),
            (_, 409) => new ConflictException(status, request),
            (_, 422) => new InvalidException(status, request),
            (_, 403) => new ForbiddenException(status, request),
            (_, 401) => new UnauthorizedException(status, request),
            (_, 410) => new GoneException(status, request),
            (_, 429) => new TooManyRequestsException(status, request, retryAfter),
            (_, 400) => new BadRequestException(status, request),
            (_, >= 500 and < 600) => new ServerErrorException(status, request, retryAfter),
            _ => new KubernetesApiException(status, request, retryAfter),
        };
    }

    private static string Describe(Status status, string? request)
    {
        ArgumentNullException.ThrowIfNull(status);
        var what = string.IsNullOrEmpty(status.Message) ? "request failed" : status.Message;
        var where = request is null ? "" : $"{request}: ";
        return $"{where}{what} ({status.Reason ?? "no reason"}, {status.Code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no code"})";
    }
}
