using System.Globalization;
using Rollouts.Api.Rollouts;
using Rollouts.Engine.Hashing;

namespace Rollouts.Cli.Steering;

/// <summary>
/// Whether a steering command applies to the Rollout as read, and what it writes. Pure: the same Rollout gives
/// the same answer; a command that does not apply throws a <see cref="CliException"/> that says why.
/// </summary>
internal static class SteeringDecisions
{
    public const string PromotedAction = "PromoteRequested";
    public const string PromotedFullAction = "PromoteFullRequested";
    public const string AbortedAction = "AbortRequested";
    public const string RetriedAction = "RetryRequested";

    public static SteeringChange Promote(Rollout rollout, bool full)
    {
        var name = rollout.Metadata.Name;
        var status = rollout.Status ?? new RolloutStatus();
        if (full)
        {
            if (!UpdateInProgress(rollout))
            {
                throw Refuse($"nothing to promote: rollout \"{name}\" has no update in progress ({Describe(status)})");
            }

            if (status.Abort == true)
            {
                throw Refuse($"rollout \"{name}\" was aborted; run `kubectl rollouts retry rollout {name}` to start its steps again");
            }

            if (status.PromoteFull == true)
            {
                throw Refuse($"rollout \"{name}\" is already being promoted in full");
            }

            return new SteeringChange
            {
                StatusPatch = SteeringPatches.PromoteFull,
                SpecPatch = rollout.Spec?.Paused == true ? SteeringPatches.Unpause : null,
                HistoryAction = PromotedFullAction,
                Done = IsBlueGreen(rollout)
                    ? $"rollout \"{name}\" promoted in full: the analyses and the pause are skipped; the active service switches once the new version is available"
                    : $"rollout \"{name}\" promoted in full: the remaining steps are skipped",
            };
        }

        var pauses = status.PauseConditions ?? [];
        var specPaused = rollout.Spec?.Paused == true;
        if (pauses.Count == 0 && !specPaused)
        {
            throw Refuse($"nothing to promote: rollout \"{name}\" is not paused ({Describe(status)})");
        }

        return new SteeringChange
        {
            StatusPatch = SteeringPatches.Promote,
            SpecPatch = specPaused ? SteeringPatches.Unpause : null,
            HistoryAction = PromotedAction,
            Done = pauses.Count == 0 ? $"rollout \"{name}\" promoted: spec.paused cleared"
                : IsBlueGreen(rollout) ? $"rollout \"{name}\" promoted: pause ({string.Join(", ", pauses.Select(p => p.Reason))}) ended; the active service switches to the new version"
                : $"rollout \"{name}\" promoted: pause ({string.Join(", ", pauses.Select(p => p.Reason))}) ended at step {Step(rollout)}",
        };
    }

    public static SteeringChange Abort(Rollout rollout)
    {
        var name = rollout.Metadata.Name;
        var status = rollout.Status ?? new RolloutStatus();
        if (!UpdateInProgress(rollout))
        {
            throw Refuse($"nothing to abort: rollout \"{name}\" has no update in progress ({Describe(status)})");
        }

        if (status.Abort == true)
        {
            throw Refuse($"rollout \"{name}\" is already aborted");
        }

        return new SteeringChange
        {
            StatusPatch = SteeringPatches.Abort,
            HistoryAction = AbortedAction,
            Done = $"rollout \"{name}\" aborted: traffic goes back to the stable version",
        };
    }

    public static SteeringChange Retry(Rollout rollout)
    {
        var name = rollout.Metadata.Name;
        if (rollout.Status?.Abort != true)
        {
            throw Refuse($"nothing to retry: rollout \"{name}\" is not aborted ({Describe(rollout.Status ?? new RolloutStatus())})");
        }

        return new SteeringChange
        {
            StatusPatch = SteeringPatches.Retry,
            HistoryAction = RetriedAction,
            Done = IsBlueGreen(rollout) ? $"rollout \"{name}\" retried: the update starts over" : $"rollout \"{name}\" retried: the steps start over",
        };
    }

    public static SteeringChange Pause(Rollout rollout) =>
        rollout.Spec?.Paused == true
            ? throw Refuse($"rollout \"{rollout.Metadata.Name}\" is already paused (spec.paused is true); resume it with `kubectl rollouts resume {rollout.Metadata.Name}`")
            : new SteeringChange { SpecPatch = SteeringPatches.Pause, Done = $"rollout \"{rollout.Metadata.Name}\" paused" };

    public static SteeringChange Resume(Rollout rollout) =>
        rollout.Spec?.Paused != true
            ? throw Refuse($"rollout \"{rollout.Metadata.Name}\" is not paused by spec.paused" +
                (rollout.Status?.PauseConditions is { Count: > 0 } ? $"; it waits at a pause step: promote it with `kubectl rollouts promote {rollout.Metadata.Name}`" : ""))
            : new SteeringChange { SpecPatch = SteeringPatches.Unpause, Done = $"rollout \"{rollout.Metadata.Name}\" resumed" };

    /// <summary>The template differs from the stable one: an update is under way (or about to start).</summary>
    public static bool UpdateInProgress(Rollout rollout) =>
        rollout.Status?.StableRS is { } stable && rollout.Spec?.Template is { } template && PodTemplateHash.Compute(template) != stable;

    private static bool IsBlueGreen(Rollout rollout) => rollout.Spec?.Strategy?.BlueGreen is not null;

    private static string Step(Rollout rollout)
    {
        var steps = rollout.Spec?.Strategy?.Canary?.Steps?.Count ?? 0;
        var index = rollout.Status?.CurrentStepIndex ?? 0;
        return string.Create(CultureInfo.InvariantCulture, $"{Math.Min(index + 1, steps)}/{steps}");
    }

    private static string Describe(RolloutStatus status) =>
        string.IsNullOrEmpty(status.Message) ? $"phase {status.Phase ?? "unknown"}" : $"phase {status.Phase}: {status.Message}";

    private static CliException Refuse(string message) => new(message);
}
