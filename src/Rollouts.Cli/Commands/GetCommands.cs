using System.CommandLine;
using Rollouts.Api;
using Rollouts.Api.Rollouts;
using Rollouts.Cli.Cluster;
using Rollouts.Cli.Rendering;
using Rollouts.Kubernetes.Client;

namespace Rollouts.Cli.Commands;

/// <summary><c>get rollout NAME [-w]</c> and <c>list rollouts [-n NS | -A]</c>.</summary>
internal static class GetCommands
{
    /// <summary>On a terminal: cursor home and clear the screen, so each change redraws in place.</summary>
    private const string ClearScreen = "\u001b[H\u001b[2J";

    public static Command Get(GlobalOptions global, CliConsole console, TimeProvider time)
    {
        var get = new Command("get", "Show a Rollout with its revisions, ReplicaSets, steps, weights and analysis runs");
        var rollout = new Command("rollout", "Show one Rollout as a tree");
        rollout.Aliases.Add("rollouts");
        rollout.Aliases.Add("ro");
        var name = GlobalOptions.RolloutName();
        var watch = new Option<bool>("--watch", "-w") { Description = "Redraw on every change (from a watch, not polling) until interrupted" };
        var output = GlobalOptions.Output();
        rollout.Arguments.Add(name);
        rollout.Options.Add(watch);
        rollout.Options.Add(output);
        rollout.SetAction(async (result, cancellationToken) =>
        {
            using var session = ClusterSession.Open(global.Settings(result));
            var format = result.GetValue(output);
            var style = TextStyle.For(console);
            if (!result.GetValue(watch))
            {
                var family = await RolloutFamily.ReadAsync(session, result.GetValue(name)!, cancellationToken).ConfigureAwait(false);
                await console.Out.WriteAsync(Show(family, format, time.GetUtcNow(), style)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            string? last = null;
            try
            {
                await foreach (var family in new FamilyWatch(session, result.GetValue(name)!).ChangesAsync(cancellationToken).ConfigureAwait(false))
                {
                    var text = Show(family, format, time.GetUtcNow(), style);
                    if (text == last)
                    {
                        continue;
                    }

                    last = text;
                    await console.Out.WriteAsync(console.IsTerminal && format is null ? ClearScreen + text : text + "\n").ConfigureAwait(false);
                    await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Interrupted: the usual way a watch ends.
            }

            return ExitCodes.Ok;
        });
        get.Subcommands.Add(rollout);
        return get;
    }

    public static Command List(GlobalOptions global, CliConsole console)
    {
        var list = new Command("list", "List Rollouts, one line each");
        var rollouts = new Command("rollouts", "List the Rollouts of a namespace (-n) or of all (-A)");
        rollouts.Aliases.Add("rollout");
        rollouts.Aliases.Add("ro");
        var all = new Option<bool>("--all-namespaces", "-A") { Description = "List the Rollouts of every namespace" };
        var output = GlobalOptions.Output();
        rollouts.Options.Add(all);
        rollouts.Options.Add(output);
        rollouts.SetAction(async (result, cancellationToken) =>
        {
            using var session = ClusterSession.Open(global.Settings(result));
            var everywhere = result.GetValue(all);
            var items = await session.Rollouts.ListAllAsync(everywhere ? null : session.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (result.GetValue(output) is { } format)
            {
                await console.Out.WriteAsync(ObjectPrinter.PrintList(items.Items, RolloutsJsonContext.Default.Rollout, format)).ConfigureAwait(false);
            }
            else if (items.Items.Count == 0)
            {
                await console.Error.WriteLineAsync(everywhere ? "No rollouts found." : $"No rollouts found in namespace {session.Namespace}.").ConfigureAwait(false);
            }
            else
            {
                await console.Out.WriteAsync(RolloutListView.Render(items.Items, everywhere, TextStyle.For(console))).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        list.Subcommands.Add(rollouts);
        return list;
    }

    private static string Show(RolloutFamily family, string? format, DateTimeOffset now, TextStyle style) =>
        format is null ? RolloutTreeView.Render(family, now, style) : ObjectPrinter.Print(family.Rollout, RolloutsJsonContext.Default.Rollout, format);
}
