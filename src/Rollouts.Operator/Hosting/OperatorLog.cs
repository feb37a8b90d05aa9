using Microsoft.Extensions.Logging;

namespace Rollouts.Operator.Hosting;

/// <summary>The host's log lines, with stable event ids (1100-1199).</summary>
internal static partial class OperatorLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Operator starting against {Server}, watching {Scope}")]
    public static partial void Starting(ILogger logger, string server, string scope);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Leading as {Identity} with Lease {Namespace}/{Lease}")]
    public static partial void Leading(ILogger logger, string identity, string @namespace, string lease);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "Stopping: no new reconciles; those in flight get {Timeout} to finish")]
    public static partial void Draining(ILogger logger, TimeSpan timeout);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Operator stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "The cluster does not serve gateway.networking.k8s.io/v1 HTTPRoutes ({Reason}); Gateway API routing reports its routes missing until the operator restarts with them installed")]
    public static partial void NoHttpRoutes(ILogger logger, string reason);
}
