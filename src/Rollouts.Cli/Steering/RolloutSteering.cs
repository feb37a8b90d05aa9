using Rollouts.Api.Rollouts;
using Rollouts.Cli.Cluster;
using Rollouts.Kubernetes.Client;

namespace Rollouts.Cli.Steering;

/// <summary>What a steering command did, and a warning when its history entry could not be written.</summary>
internal sealed record SteeringOutcome(string Done, string? Warning = null);

/// <summary>
/// Applies a steering command: reads the Rollout, decides (<see cref="SteeringDecisions"/>) on that fresh read,
/// and writes the change.
/// <para>
/// A command recorded in history (promote, abort, retry) sends its fixed patch (<see cref="SteeringPatches"/>)
/// exactly, nothing added, then records who asked and when in a separate status patch that carries the
/// resourceVersion the steering patch returned; on a 409 Conflict it reads the Rollout again and appends again.
/// The steering has happened by then, so failing to record it is a warning, not a failure.
/// </para>
/// <para>
/// pause and resume send their patch with the resourceVersion they decided on; on a 409 Conflict they read the
/// Rollout again and decide again, so they never act on a state they did not see.
/// </para>
/// </summary>
internal sealed class RolloutSteering(ClusterSession session, TimeProvider time)
{
    private const int Attempts = 5;

    /// <summary>History entries of commands are kept within this many, as the operator keeps its own.</summary>
    private const int HistoryLimit = 20;

    public async Task<SteeringOutcome> ApplyAsync(string name, Func<Rollout, SteeringChange> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var rollout = await session.Rollouts.GetAsync(session.Namespace, name, cancellationToken).ConfigureAwait(false);
            var change = decide(rollout);
            if (change.HistoryAction is { } action)
            {
                return await SteerAsync(name, change, action, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                var version = rollout.Metadata.ResourceVersion;
                if (change.SpecPatch is { } spec)
                {
                    var written = await session.Rollouts.PatchAsync(session.Namespace, name,
                        Patch.Merge(SteeringPatches.WithPrecondition(spec, version)), cancellationToken: cancellationToken).ConfigureAwait(false);
                    version = written.Metadata.ResourceVersion;
                }

                if (change.StatusPatch is { } status)
                {
                    await session.Rollouts.PatchStatusAsync(session.Namespace, name,
                        Patch.Merge(SteeringPatches.WithPrecondition(status, version)), cancellationToken: cancellationToken).ConfigureAwait(false);
                }

                return new SteeringOutcome(change.Done);
            }
            catch (ConflictException) when (attempt < Attempts)
            {
                // The Rollout changed since it was read: read it and decide again.
            }
        }
    }

    private async Task<SteeringOutcome> SteerAsync(string name, SteeringChange change, string action, CancellationToken cancellationToken)
    {
        Rollout? written = null;
        if (change.SpecPatch is { } spec)
        {
            written = await session.Rollouts.PatchAsync(session.Namespace, name, Patch.Merge(spec), cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        if (change.StatusPatch is { } status)
        {
            written = await session.Rollouts.PatchStatusAsync(session.Namespace, name, Patch.Merge(status), cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        if (written is null)
        {
            return new SteeringOutcome(change.Done);
        }

        var warning = await RecordAsync(name, written, action, change.Done, cancellationToken).ConfigureAwait(false);
        return new SteeringOutcome(change.Done, warning);
    }

    /// <summary>Appends the command to status.history; null when written, else why it could not be.</summary>
    private async Task<string?> RecordAsync(string name, Rollout written, string action, string done, CancellationToken cancellationToken)
    {
        string? user = null;
        try
        {
            user = await CallerIdentity.UserNameAsync(session.Client, cancellationToken).ConfigureAwait(false);
            var entry = new RolloutDecision
            {
                Time = time.GetUtcNow(),
                Action = action,
                Reason = "UserRequest",
                Message = $"kubectl rollouts: {done}",
                User = user,
            };
            var current = written;
            for (var attempt = 1; ; attempt++)
            {
                var version = current.Metadata.ResourceVersion
                    ?? throw new InvalidOperationException("the API server returned the Rollout without metadata.resourceVersion");
                try
                {
                    await session.Rollouts.PatchStatusAsync(session.Namespace, name,
                        Patch.Merge(SteeringPatches.History(version, Append(current.Status?.History, entry))), cancellationToken: cancellationToken).ConfigureAwait(false);
                    return null;
                }
                catch (ConflictException) when (attempt < Attempts)
                {
                    // Written meanwhile (the operator writes status often): append to what is there now.
                    current = await session.Rollouts.GetAsync(session.Namespace, name, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is KubernetesApiException or HttpRequestException or InvalidOperationException or TimeoutException
                                       or TaskCanceledException { CancellationToken.IsCancellationRequested: false })
        {
            return $"warning: the command took effect, but its status.history entry ({action} by {user ?? "unknown user"}) could not be written: {ApiErrorText.Describe(e) ?? e.Message}";
        }
    }

    private static List<RolloutDecision> Append(IReadOnlyList<RolloutDecision>? history, RolloutDecision decision)
    {
        var all = (history ?? []).Append(decision).ToList();
        return all.Count <= HistoryLimit ? all : all[^HistoryLimit..];
    }
}
