using Microsoft.Extensions.Logging;

namespace Rollouts.Kubernetes.Runtime.LeaderElection;

/// <summary>Leader election's log lines, with stable event ids (200-299).</summary>
internal static partial class LeaderElectionLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "{Identity} started leading (lease {Lease})")]
    public static partial void StartedLeading(ILogger logger, string identity, string lease);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "{Identity} stopped leading (lease {Lease}): {Reason}")]
    public static partial void StoppedLeading(ILogger logger, string identity, string lease, string reason);

    [LoggerMessage(EventId = 202, Level = LogLevel.Debug, Message = "{Identity} could not acquire or renew lease {Lease}")]
    public static partial void AttemptFailed(ILogger logger, Exception exception, string identity, string lease);

    [LoggerMessage(EventId = 203, Level = LogLevel.Information, Message = "{Identity} released lease {Lease}")]
    public static partial void Released(ILogger logger, string identity, string lease);

    [LoggerMessage(EventId = 204, Level = LogLevel.Warning, Message = "{Identity} could not release lease {Lease}; others take it when it expires")]
    public static partial void ReleaseFailed(ILogger logger, Exception exception, string identity, string lease);

    [LoggerMessage(EventId = 205, Level = LogLevel.Information, Message = "Lease {Lease} is now held by {Leader}")]
    public static partial void LeaderChanged(ILogger logger, string lease, string? leader);

    [LoggerMessage(EventId = 206, Level = LogLevel.Error, Message = "A leader election callback of {Identity} failed ({Callback})")]
    public static partial void CallbackFailed(ILogger logger, Exception exception, string identity, string callback);

    [LoggerMessage(EventId = 207, Level = LogLevel.Warning, Message = "{Identity} acquired lease {Lease} only after the renew deadline; trying again")]
    public static partial void AcquiredTooLate(ILogger logger, string identity, string lease);
}
