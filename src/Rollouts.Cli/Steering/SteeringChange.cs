namespace Rollouts.Cli.Steering;

/// <summary>
/// What one steering command writes, decided from the Rollout as read: a patch of the spec, a patch of the
/// status, whether the status patch records the command in status.history, and what to tell the user.
/// </summary>
internal sealed record SteeringChange
{
    /// <summary>A merge patch of the main resource (one of <see cref="SteeringPatches"/>), or null.</summary>
    public string? SpecPatch { get; init; }

    /// <summary>A merge patch of the status subresource (one of <see cref="SteeringPatches"/>), or null.</summary>
    public string? StatusPatch { get; init; }

    /// <summary>
    /// The action recorded in status.history with the caller's user name and the time. A change that has one is a
    /// steering command (promote, abort, retry): its patches are sent exactly as fixed, the record follows apart.
    /// </summary>
    public string? HistoryAction { get; init; }

    /// <summary>The line printed when the change was written.</summary>
    public required string Done { get; init; }
}
