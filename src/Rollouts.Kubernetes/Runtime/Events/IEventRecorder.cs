using Rollouts.Kubernetes.Models;

namespace Rollouts.Kubernetes.Runtime.Events;

/// <summary>Whether an event is routine or needs attention; written as the Event's <c>type</c>.</summary>
public enum EventType
{
    Normal,
    Warning,
}

/// <summary>
/// Records what happened to an object as Events that <c>kubectl describe</c> shows. Recording never
/// blocks and never fails the caller: an event that cannot be written is logged and dropped.
/// </summary>
public interface IEventRecorder
{
    /// <param name="involved">The object the event is about; it needs a name (and a namespace unless cluster-scoped).</param>
    /// <param name="type">Normal or Warning.</param>
    /// <param name="reason">Short CamelCase cause, e.g. <c>RolloutPaused</c>.</param>
    /// <param name="message">What happened, for people.</param>
    void Record(IKubernetesObject involved, EventType type, string reason, string message);
}
