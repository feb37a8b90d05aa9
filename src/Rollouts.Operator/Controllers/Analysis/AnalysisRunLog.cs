using Microsoft.Extensions.Logging;
using Rollouts.Operator.Controllers.Rollouts;

namespace Rollouts.Operator.Controllers.Analysis;

/// <summary>The AnalysisRun controller's log lines, each with the run's namespace and name, with stable event ids (1200-1299).</summary>
internal static partial class AnalysisRunLog
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "AnalysisRun controller started with {Workers} workers")]
    public static partial void Started(ILogger logger, int workers);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "AnalysisRun controller stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Debug, Message = "AnalysisRun {Namespace}/{Name}: measuring {Metrics}")]
    public static partial void Measuring(ILogger logger, string @namespace, string name, string metrics);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Information, Message = "AnalysisRun {Namespace}/{Name} ended {Phase}: {Message}")]
    public static partial void Ended(ILogger logger, string @namespace, string name, string phase, string? message);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Debug, Message = "AnalysisRun {Namespace}/{Name}: waiting for the cache to show the last status write")]
    public static partial void WaitingForCache(ILogger logger, string @namespace, string name);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Debug, Message = "AnalysisRun {Namespace}/{Name}: conflict, reconciling again once the cache catches up: {Reason}")]
    public static partial void Conflict(ILogger logger, string @namespace, string name, string reason);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Warning, Message = "AnalysisRun {Namespace}/{Name}: an API request failed; retrying with backoff")]
    public static partial void RequestFailed(ILogger logger, Exception exception, string @namespace, string name);

    [LoggerMessage(EventId = 1207, Level = LogLevel.Error, Message = "AnalysisRun {Namespace}/{Name}: reconcile failed; retrying with backoff")]
    public static partial void ReconcileFailed(ILogger logger, Exception exception, string @namespace, string name);

    [LoggerMessage(EventId = 1208, Level = LogLevel.Debug, Message = "AnalysisRun {Namespace}/{Name}: reconciled in {Elapsed}; next: {Next} {After}")]
    public static partial void Reconciled(ILogger logger, string @namespace, string name, TimeSpan elapsed, ReconcileNext next, TimeSpan after);
}
