using System.CommandLine;
using System.Globalization;
using Rollouts.Api.Common;
using Rollouts.Api.Rollouts;
using Rollouts.Cli.Cluster;
using Rollouts.Engine.Hashing;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Cli.Commands;

/// <summary>
/// <c>status NAME [--watch] [--timeout D]</c>: the phase and message, and an exit code a CI job can wait on:
/// 0 Healthy, 1 Degraded or aborted, 2 neither within the timeout (at once without --watch).
/// </summary>
internal static class StatusCommand
{
    public static Command Create(GlobalOptions global, CliConsole console, TimeProvider time)
    {
        var command = new Command("status", "Print a Rollout's phase and message; exit 0 when Healthy, 1 when Degraded or aborted, 2 on timeout");
        var name = GlobalOptions.RolloutName();
        var watch = new Option<bool>("--watch", "-w") { Description = "Wait (from a watch) until the Rollout is Healthy or Degraded" };
        var timeout = GlobalOptions.Duration("--timeout", "Give up after this long with exit code 2 (implies --watch), e.g. 5m");
        command.Arguments.Add(name);
        command.Options.Add(watch);
        command.Options.Add(timeout);
        command.SetAction(async (result, cancellationToken) =>
        {
            using var session = ClusterSession.Open(global.Settings(result));
            var rolloutName = result.GetValue(name)!;
            var limit = result.GetValue(timeout);
            var rollout = await session.Rollouts.GetAsync(session.Namespace, rolloutName, cancellationToken).ConfigureAwait(false);
            var (outcome, line) = Evaluate(rollout);
            await console.Out.WriteLineAsync(line).ConfigureAwait(false);
            if (outcome != Outcome.Waiting || (!result.GetValue(watch) && limit is null))
            {
                return Code(outcome);
            }

            using var deadline = limit is { } span ? new CancellationTokenSource(span, time) : new CancellationTokenSource();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            try
            {
                return await WatchAsync(session, rollout, line, console, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                await console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"error: timed out after {Durations.Format(limit!.Value)} waiting for rollout \"{rolloutName}\" to be Healthy or Degraded")).ConfigureAwait(false);
                return ExitCodes.Timeout;
            }
        });
        return command;
    }

    public enum Outcome
    {
        Healthy,
        Degraded,
        Waiting,
    }

    /// <summary>
    /// Where the Rollout stands. Healthy counts only when the operator has seen the current spec and the stable
    /// version is the current template; Degraded (aborted included) only for the current spec.
    /// </summary>
    public static (Outcome Outcome, string Line) Evaluate(Rollout rollout)
    {
        var status = rollout.Status ?? new RolloutStatus();
        var current = (rollout.Metadata.Generation ?? 0) <= (status.ObservedGeneration ?? -1);
        var stableIsTemplate = rollout.Spec?.Template is { } template && status.StableRS == PodTemplateHash.Compute(template);
        var outcome = !current ? Outcome.Waiting
            : status.Phase == RolloutPhase.Healthy && stableIsTemplate ? Outcome.Healthy
            : status.Phase == RolloutPhase.Degraded ? Outcome.Degraded
            : Outcome.Waiting;
        var phase = current ? status.Phase ?? "Unknown" : "Progressing";
        var message = current ? status.Message : "the operator has not seen the latest change yet";
        return (outcome, string.IsNullOrEmpty(message) ? phase : $"{phase} - {message}");
    }

    private static int Code(Outcome outcome) => outcome switch
    {
        Outcome.Healthy => ExitCodes.Ok,
        Outcome.Degraded => ExitCodes.Failed,
        _ => ExitCodes.Timeout,
    };

    private static async Task<int> WatchAsync(ClusterSession session, Rollout rollout, string printed, CliConsole console, CancellationToken cancellationToken)
    {
        var name = rollout.Metadata.Name!;
        var version = rollout.Metadata.ResourceVersion;
        while (true)
        {
            var options = new WatchOptions { ResourceVersion = version, FieldSelector = $"metadata.name={name}", TimeoutSeconds = 300 };
            try
            {
                await foreach (var change in session.Rollouts.WatchAsync(session.Namespace, options, cancellationToken).ConfigureAwait(false))
                {
                    version = change.Object.Metadata.ResourceVersion ?? version;
                    if (change.Type == WatchEventType.Deleted)
                    {
                        throw new CliException($"rollout \"{name}\" was deleted");
                    }

                    if (change.Type is not (WatchEventType.Added or WatchEventType.Modified))
                    {
                        continue;
                    }

                    var (outcome, line) = Evaluate(change.Object);
                    if (line != printed)
                    {
                        printed = line;
                        await console.Out.WriteLineAsync(line).ConfigureAwait(false);
                        await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
                    }

                    if (outcome != Outcome.Waiting)
                    {
                        return Code(outcome);
                    }
                }
            }
            catch (GoneException)
            {
                var fresh = await session.Rollouts.GetAsync(session.Namespace, name, cancellationToken).ConfigureAwait(false);
                version = fresh.Metadata.ResourceVersion;
                var (outcome, line) = Evaluate(fresh);
                if (outcome != Outcome.Waiting)
                {
                    await console.Out.WriteLineAsync(line).ConfigureAwait(false);
                    return Code(outcome);
                }
            }
        }
    }
}
