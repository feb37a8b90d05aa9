using Rollouts.Kubernetes.Models;

namespace Rollouts.Kubernetes.Client;

/// <summary>404: the object (or its namespace) does not exist.</summary>
public sealed class NotFoundException(Status status, string? request = null)
    : KubernetesApiException(status, request);

/// <summary>409 AlreadyExists: create of a name that is taken.</summary>
public sealed class AlreadyExistsException(Status status, string? request = null)
    : KubernetesApiException(status, request);

/// <summary>
/// 409 Conflict: the object changed since it was read (stale resourceVersion or failed precondition).
/// Never retried as is: read the object again, reapply the change, and write again.
/// </summary>
public sealed class ConflictException(Status status, string? request = null)
    : KubernetesApiException(status, request);

/// <summary>422 Invalid: the object breaks the schema or a rule; <see cref="Causes"/> name the fields.</summary>
public sealed class InvalidException(Status status, string? request = null)
    : KubernetesApiException(status, request)
{
    public IReadOnlyList<StatusCause> Causes => Status.Details?.Causes ?? [];
}

/// <summary>400: the request itself is malformed.</summary>
public sealed class BadRequestException(Status status, string? request = null)
    : KubernetesApiException(status, request);

/// <summary>401: the credentials are missing, wrong or expired.</summary>
public sealed class UnauthorizedException(Status status, string? request = null)
    : KubernetesApiException(status, request);

/// <summary>403: the caller is known but RBAC does not allow this verb on this resource.</summary>
public sealed class ForbiddenException(Status status, string? request = null)
    : KubernetesApiException(status, request);

/// <summary>
/// 410 Gone/Expired: a watch's or a continue token's resourceVersion is older than the server keeps.
/// An informer relists and watches again from the new list's resourceVersion.
/// </summary>
public sealed class GoneException(Status status, string? request = null)
    : KubernetesApiException(status, request);

/// <summary>429: the server is shedding load; <see cref="KubernetesApiException.RetryAfter"/> says how long to wait.</summary>
public sealed class TooManyRequestsException(Status status, string? request = null, TimeSpan? retryAfter = null)
    : KubernetesApiException(status, request, retryAfter);

/// <summary>5xx: the server failed (InternalError, ServiceUnavailable, Timeout, ...).</summary>
public sealed class ServerErrorException(Status status, string? request = null, TimeSpan? retryAfter = null)
    : KubernetesApiException(status, request, retryAfter);
