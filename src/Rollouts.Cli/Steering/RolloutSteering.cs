using Rollouts.Api.Rollouts;
using Rollouts.Cli.Cluster;
using Rollouts.Kubernetes.Client;

namespace Rollouts.Cli.Steering;

/// <summary>
/// Applies a steering command: reads the Rollout, decides (<see cref="SteeringDecisions"/>), and writes the change
/// with the resourceVersion it decided on. When the Rollout changed in between (409 Conflict) it reads it again and
/// decides again, so a command never acts on a state it did not see.
/// </summary>
internal sealed class RolloutSteering(ClusterSession session, TimeProvider time)
{
    private const int Attempts = 5;

    /// <summary>History entries of commands are kept within this many, as the operator keeps its own.</summary>
    private const int HistoryLimit = 20;

    public async Task<string> ApplyAsync(string name, Func<Rollout, SteeringChange> decide, CancellationToken cancellationToken)
    {
        string? user = null;
        var userKnown = false;
        for (var attempt = 1; ; attempt++)
        {
            var rollout = await session.Rollouts.GetAsync(session.Namespace, name, cancellationToken).ConfigureAwait(false);
            var change = decide(rollout);
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
                    IReadOnlyList<RolloutDecision>? history = null;
                    if (change.HistoryAction is { } action)
                    {
                        if (!userKnown)
                        {
                            user = await CallerIdentity.UserNameAsync(session.Client, cancellationToken).ConfigureAwait(false);
                            userKnown = true;
                        }

                        history = Append(rollout.Status?.History, new RolloutDecision
                        {
                            Time = time.GetUtcNow(),
                            Action = action,
                            Reason = "UserRequest",
                            Message = $"kubectl rollouts: {change.Done}",
                            User = user,
                        });
                    }

                    await session.Rollouts.PatchStatusAsync(session.Namespace, name,
                        Patch.Merge(SteeringPatches.WithPrecondition(status, version, history)), cancellationToken: cancellationToken).ConfigureAwait(false);
                }

                return change.Done;
            }
            catch (ConflictException) when (attempt < Attempts)
            {
                // The Rollout changed since it was read (the operator writes its status often): read it and decide again.
            }
        }
    }

    private static List<RolloutDecision> Append(IReadOnlyList<RolloutDecision>? history, RolloutDecision decision)
    {
        var all = (history ?? []).Append(decision).ToList();
        return all.Count <= HistoryLimit ? all : all[^HistoryLimit..];
    }
}
