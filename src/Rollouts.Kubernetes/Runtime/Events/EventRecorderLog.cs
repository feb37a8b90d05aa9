using Microsoft.Extensions.Logging;

namespace Rollouts.Kubernetes.Runtime.Events;

/// <summary>The event recorder's log lines, with stable event ids (300-399).</summary>
internal static partial class EventRecorderLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "Could not write event {Reason} for {Kind} {Object}; dropped it")]
    public static partial void WriteFailed(ILogger logger, Exception exception, string reason, string? kind, string @object);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Event queue is full ({Capacity}); dropped event {Reason} for {Kind} {Object}")]
    public static partial void QueueFull(ILogger logger, int capacity, string reason, string? kind, string @object);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Stopped with {Count} events not written")]
    public static partial void NotDrained(ILogger logger, int count);
}
