using System.CommandLine;
using Rollouts.Cli.Cluster;
using Rollouts.Cli.Commands;

namespace Rollouts.Cli;

/// <summary>kubectl-rollouts: the command tree, and how errors become messages on standard error and exit codes.</summary>
internal static class CliApp
{
    public static RootCommand CreateRoot(CliConsole console, TimeProvider time)
    {
        var global = new GlobalOptions();
        var root = new RootCommand("Steer and inspect Rollouts (rollouts.dev) from kubectl: kubectl rollouts COMMAND");
        global.AddTo(root);
        foreach (var command in SteeringCommands.Create(global, console, time))
        {
            root.Subcommands.Add(command);
        }

        root.Subcommands.Add(StatusCommand.Create(global, console, time));
        root.Subcommands.Add(GetCommands.Get(global, console, time));
        root.Subcommands.Add(GetCommands.List(global, console));
        root.Subcommands.Add(FileCommands.Lint(console));
        root.Subcommands.Add(FileCommands.Plan(console));
        root.Subcommands.Add(FileCommands.Analyze(global, console, time));
        root.Subcommands.Add(InfoCommands.Version(console));
        root.Subcommands.Add(InfoCommands.Completion(console, root));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliConsole console, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var root = CreateRoot(console, time ?? TimeProvider.System);
        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors)
            {
                await console.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            }

            var command = string.Join(' ', result.CommandResult.Command.Parents.OfType<Command>().Reverse().Skip(1)
                .Append(result.CommandResult.Command).Where(c => c is not RootCommand).Select(c => c.Name));
            await console.Error.WriteLineAsync($"See 'kubectl rollouts {command}{(command.Length > 0 ? " " : "")}--help' for usage.").ConfigureAwait(false);
            return ExitCodes.Failed;
        }

        try
        {
            return await result.InvokeAsync(new InvocationConfiguration
            {
                Output = console.Out,
                Error = console.Error,
                EnableDefaultExceptionHandler = false,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (CliException e)
        {
            await console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return e.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Failed;
        }
        catch (Exception e) when (ApiErrorText.Describe(e) is { } message)
        {
            await console.Error.WriteLineAsync($"error: {message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
    }
}
