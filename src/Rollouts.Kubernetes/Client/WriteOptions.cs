namespace Rollouts.Kubernetes.Client;

/// <summary>Query of create, replace and patch calls.</summary>
public sealed record WriteOptions
{
    /// <summary>Who makes the change, recorded in managedFields (for example <c>rollouts-operator</c>).</summary>
    public string? FieldManager { get; init; }

    /// <summary>Validate and answer as if written, but store nothing.</summary>
    public bool DryRun { get; init; }
}
