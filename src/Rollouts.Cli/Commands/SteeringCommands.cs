using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Rollouts.Api.Rollouts;
using Rollouts.Cli.Cluster;
using Rollouts.Cli.Steering;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Cli.Commands;

/// <summary>promote, abort, retry, pause, resume, restart, undo and set image.</summary>
internal static class SteeringCommands
{
    public static IEnumerable<Command> Create(GlobalOptions global, CliConsole console, TimeProvider time)
    {
        var full = new Option<bool>("--full") { Description = "Skip the remaining steps and pauses: go to the new version at once" };
        var promote = Steer("promote", "Move a paused Rollout on to its next step (or, with --full, to the end)", global, console, time,
            (r, result) => SteeringDecisions.Promote(r, result.GetValue(full)));
        promote.Options.Add(full);
        yield return promote;

        yield return Steer("abort", "Stop the update: all traffic back to the stable version at once", global, console, time,
            (r, _) => SteeringDecisions.Abort(r));
        yield return Steer("pause", "Hold the Rollout at its current step (spec.paused)", global, console, time,
            (r, _) => SteeringDecisions.Pause(r));
        yield return Steer("resume", "Let a Rollout held by pause go on", global, console, time,
            (r, _) => SteeringDecisions.Resume(r));

        var retry = new Command("retry", "Start again what an abort stopped");
        retry.Subcommands.Add(Steer("rollout", "Start an aborted update's steps over", global, console, time, (r, _) => SteeringDecisions.Retry(r)));
        yield return retry;

        yield return Restart(global, console, time);
        yield return Undo(global, console);

        var set = new Command("set", "Change a Rollout's template");
        set.Subcommands.Add(SetImage(global, console));
        yield return set;
    }

    private static Command Steer(string name, string description, GlobalOptions global, CliConsole console, TimeProvider time,
        Func<Rollout, ParseResult, SteeringChange> decide)
    {
        var command = new Command(name, description);
        var rollout = GlobalOptions.RolloutName();
        command.Arguments.Add(rollout);
        command.SetAction(async (result, cancellationToken) =>
        {
            using var session = ClusterSession.Open(global.Settings(result));
            var outcome = await new RolloutSteering(session, time)
                .ApplyAsync(result.GetValue(rollout)!, r => decide(r, result), cancellationToken).ConfigureAwait(false);
            await console.Out.WriteLineAsync(outcome.Done).ConfigureAwait(false);
            if (outcome.Warning is { } warning)
            {
                await console.Error.WriteLineAsync(warning).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Restart(GlobalOptions global, CliConsole console, TimeProvider time)
    {
        var command = new Command("restart", "Restart the Rollout's pods: those created before now (or now + --in) are replaced");
        var rollout = GlobalOptions.RolloutName();
        var delay = GlobalOptions.Duration("--in", "Restart after this long instead of now (e.g. 10m)");
        command.Arguments.Add(rollout);
        command.Options.Add(delay);
        command.SetAction(async (result, cancellationToken) =>
        {
            var at = time.GetUtcNow() + (result.GetValue(delay) ?? TimeSpan.Zero);
            var text = KubernetesTime(at);
            using var session = ClusterSession.Open(global.Settings(result));
            var name = result.GetValue(rollout)!;
            await PatchSpecAsync(session, name, SteeringPatches.Spec("restartAt", JsonValue.Create(text)), cancellationToken).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"rollout \"{name}\" restarts its pods at {text}").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Undo(GlobalOptions global, CliConsole console)
    {
        var command = new Command("undo", "Go back to an earlier template (the previous one, or --to-revision N)");
        var rollout = GlobalOptions.RolloutName();
        var revision = new Option<int?>("--to-revision") { Description = "The revision to go back to, as `get rollout` numbers them (1 is the oldest kept)" };
        revision.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1)
            {
                r.AddError("--to-revision must be 1 or more");
            }
        });
        command.Arguments.Add(rollout);
        command.Options.Add(revision);
        command.SetAction(async (result, cancellationToken) =>
        {
            using var session = ClusterSession.Open(global.Settings(result));
            var done = await ReplaceAsync(session, result.GetValue(rollout)!, async (r, ct) =>
            {
                var family = await RolloutFamily.ReadAsync(session, r.Metadata.Name!, ct).ConfigureAwait(false);
                return Revisions.Undo(r, Revisions.Of(family.ReplicaSets, r.Status), result.GetValue(revision));
            }, cancellationToken).ConfigureAwait(false);
            await console.Out.WriteLineAsync(done).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command SetImage(GlobalOptions global, CliConsole console)
    {
        var command = new Command("image", "Set the image of one container of the Rollout's template; this starts an update");
        var rollout = GlobalOptions.RolloutName();
        var assignment = new Argument<string>("CONTAINER=IMAGE") { Description = "The container's name and its new image, e.g. web=web:1.1" };
        assignment.Validators.Add(r =>
        {
            var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == text.Length - 1)
            {
                r.AddError($"\"{text}\" is not CONTAINER=IMAGE (for example web=web:1.1)");
            }
        });
        command.Arguments.Add(rollout);
        command.Arguments.Add(assignment);
        command.SetAction(async (result, cancellationToken) =>
        {
            var text = result.GetValue(assignment)!;
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            var (container, image) = (text[..equals], text[(equals + 1)..]);
            using var session = ClusterSession.Open(global.Settings(result));
            var done = await ReplaceAsync(session, result.GetValue(rollout)!,
                (r, _) => Task.FromResult(Revisions.SetImage(r, container, image)), cancellationToken).ConfigureAwait(false);
            await console.Out.WriteLineAsync(done).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Reads, changes and replaces the Rollout with the version read; on a conflict reads and changes it again.</summary>
    private static async Task<string> ReplaceAsync(ClusterSession session, string name,
        Func<Rollout, CancellationToken, Task<(Rollout Rollout, string Done)>> edit, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var rollout = await session.Rollouts.GetAsync(session.Namespace, name, cancellationToken).ConfigureAwait(false);
            var (changed, done) = await edit(rollout, cancellationToken).ConfigureAwait(false);
            try
            {
                await session.Rollouts.ReplaceAsync(changed, cancellationToken: cancellationToken).ConfigureAwait(false);
                return done;
            }
            catch (ConflictException) when (attempt < 5)
            {
                // Changed since read: read it again and redo the change on the new version.
            }
        }
    }

    private static async Task PatchSpecAsync(ClusterSession session, string name, string patch, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var rollout = await session.Rollouts.GetAsync(session.Namespace, name, cancellationToken).ConfigureAwait(false);
            try
            {
                await session.Rollouts.PatchAsync(session.Namespace, name,
                    Patch.Merge(SteeringPatches.WithPrecondition(patch, rollout.Metadata.ResourceVersion)), cancellationToken: cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ConflictException) when (attempt < 5)
            {
            }
        }
    }

    private static string KubernetesTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
