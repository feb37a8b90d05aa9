using Microsoft.Extensions.Logging;

namespace Rollouts.Operator.Controllers.Rollouts;

/// <summary>The Rollout controller's log lines, each with the Rollout's namespace and name, with stable event ids (1000-1099).</summary>
internal static partial class RolloutLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Rollout {Namespace}/{Name}: {Action}")]
    public static partial void Applying(ILogger logger, string @namespace, string name, string action);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Rollout {Namespace}/{Name}: waiting for the cache to show the last writes")]
    public static partial void WaitingForCache(ILogger logger, string @namespace, string name);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Rollout {Namespace}/{Name}: conflict, reconciling again once the cache catches up: {Reason}")]
    public static partial void Conflict(ILogger logger, string @namespace, string name, string reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Rollout {Namespace}/{Name}: a write failed; retrying with backoff")]
    public static partial void WriteFailed(ILogger logger, Exception exception, string @namespace, string name);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Rollout {Namespace}/{Name}: {Message}")]
    public static partial void InvalidSpec(ILogger logger, string @namespace, string name, string message);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Rollout {Namespace}/{Name} deleted: {Count} canary ingresses removed, finalizer released")]
    public static partial void Finalized(ILogger logger, string @namespace, string name, int count);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Error, Message = "Rollout {Namespace}/{Name}: reconcile failed; retrying with backoff")]
    public static partial void ReconcileFailed(ILogger logger, Exception exception, string @namespace, string name);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Debug, Message = "Rollout {Namespace}/{Name}: reconciled in {Elapsed}; next: {Next} {After}")]
    public static partial void Reconciled(ILogger logger, string @namespace, string name, TimeSpan elapsed, ReconcileNext next, TimeSpan after);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Debug, Message = "Rollout {Namespace}/{Name}: only pod counts changed; the status write waits up to {Delay}")]
    public static partial void StatusHeld(ILogger logger, string @namespace, string name, TimeSpan delay);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Information, Message = "Rollout controller started with {Workers} workers")]
    public static partial void Started(ILogger logger, int workers);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Information, Message = "Rollout controller stopped")]
    public static partial void Stopped(ILogger logger);
}
