using System.CommandLine;
using System.Reflection;
using Rollouts.Cli.Completion;

namespace Rollouts.Cli.Commands;

/// <summary><c>version</c> and <c>completion bash|zsh</c>.</summary>
internal static class InfoCommands
{
    public static Command Version(CliConsole console)
    {
        var command = new Command("version", "Print the plugin's version");
        command.SetAction(async (_, _) =>
        {
            var assembly = typeof(InfoCommands).Assembly;
            var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString() ?? "unknown";
            var plus = version.IndexOf('+', StringComparison.Ordinal);
            await console.Out.WriteLineAsync($"kubectl-rollouts {(plus < 0 ? version : version[..plus])}").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Completion(CliConsole console, RootCommand root)
    {
        var command = new Command("completion", "Print a shell completion script: source <(kubectl rollouts completion bash)");
        var shell = new Argument<string>("SHELL") { Description = "bash or zsh" };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        command.Arguments.Add(shell);
        command.SetAction(async (result, _) =>
        {
            var script = result.GetValue(shell) == "zsh" ? CompletionScripts.Zsh(root) : CompletionScripts.Bash(root);
            await console.Out.WriteAsync(script).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
