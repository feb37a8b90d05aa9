using Microsoft.Extensions.Logging;

namespace Rollouts.Kubernetes.Runtime.Informers;

/// <summary>The informer's log lines, with stable event ids (100-199).</summary>
internal static partial class InformerLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "Listed {Resource}: {Count} objects at resourceVersion {ResourceVersion}")]
    public static partial void Listed(ILogger logger, string resource, int count, string? resourceVersion);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Watch of {Resource} expired at resourceVersion {ResourceVersion}; listing again")]
    public static partial void Expired(ILogger logger, string resource, string? resourceVersion);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Listing or watching {Resource} failed; listing again in {Delay}")]
    public static partial void Failed(ILogger logger, Exception exception, string resource, TimeSpan delay);

    [LoggerMessage(EventId = 103, Level = LogLevel.Error, Message = "A handler of {Resource} failed on the {Change} of {Key}")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string resource, ObjectChangeType change, ObjectKey key);

    [LoggerMessage(EventId = 104, Level = LogLevel.Debug, Message = "Watch of {Resource} ended without events; watching again from {ResourceVersion} in {Delay}")]
    public static partial void WatchEndedEmpty(ILogger logger, string resource, string? resourceVersion, TimeSpan delay);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Skipped one of the listed {Resource}, which cannot be read: {Object}")]
    public static partial void Undecodable(ILogger logger, string resource, string @object);
}
