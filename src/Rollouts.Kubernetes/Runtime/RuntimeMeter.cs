namespace Rollouts.Kubernetes.Runtime;

/// <summary>Names under which the controller runtime publishes its metrics.</summary>
public static class RuntimeMeter
{
    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name to listen to.</summary>
    public const string Name = "Rollouts.Kubernetes.Runtime";

    /// <summary>The tag that carries a work queue's name on every work-queue measurement.</summary>
    public const string QueueNameTag = "name";
}
