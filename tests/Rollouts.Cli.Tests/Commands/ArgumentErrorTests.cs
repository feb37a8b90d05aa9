namespace Rollouts.Cli.Tests.Commands;

/// <summary>Bad command lines: each fails with exit 1 and a message on stderr that names what is wrong, before any server is asked.</summary>
public sealed class ArgumentErrorTests
{
    [Theory]
    [InlineData(new[] { "promote" }, "Required argument 'NAME' missing")]
    [InlineData(new[] { "set", "image", "web", "web" }, "\"web\" is not CONTAINER=IMAGE")]
    [InlineData(new[] { "set", "image", "web", "=web:1" }, "\"=web:1\" is not CONTAINER=IMAGE")]
    [InlineData(new[] { "status", "web", "--timeout", "5x" }, "--timeout \"5x\"")]
    [InlineData(new[] { "restart", "web", "--in", "-5m" }, "--in \"-5m\": must not be negative")]
    [InlineData(new[] { "undo", "web", "--to-revision", "0" }, "--to-revision must be 1 or more")]
    [InlineData(new[] { "list", "rollouts", "-o", "xml" }, "xml")]
    [InlineData(new[] { "completion", "fish" }, "fish")]
    [InlineData(new[] { "lint" }, "--filename")]
    [InlineData(new[] { "analyze", "-f", "x.yaml", "--arg", "novalue" }, "--arg \"novalue\" is not name=value")]
    [InlineData(new[] { "frobnicate" }, "frobnicate")]
    public async Task A_bad_command_line_fails_with_a_message_naming_the_problem(string[] args, string expected)
    {
        var (code, stdout, stderr) = await Run(args);

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.StartsWith("error: ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_kubeconfig_that_does_not_exist_is_named()
    {
        var (code, _, stderr) = await Run(["list", "rollouts", "--kubeconfig", "/nonexistent/kubeconfig"]);

        Assert.Equal(1, code);
        Assert.Contains("error: kubeconfig: ", stderr, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/kubeconfig", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Completion_scripts_name_the_commands_and_flags()
    {
        var (bashCode, bash, _) = await Run(["completion", "bash"]);
        var (zshCode, zsh, _) = await Run(["completion", "zsh"]);

        Assert.Equal(0, bashCode);
        Assert.Contains("complete -F _kubectl_rollouts kubectl-rollouts", bash, StringComparison.Ordinal);
        Assert.Matches("\n        \"promote\"\\*\\) words=\"[^\"]*--full[^\"]*\" ;;\n", bash);
        Assert.Matches("\n        \"set image\"\\*\\) words=\"[^\"]*--namespace[^\"]*\" ;;\n", bash);
        Assert.Equal(0, zshCode);
        Assert.Contains("#compdef kubectl-rollouts", zsh, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> Run(string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, new CliConsole(stdout, stderr, isTerminal: false));
        return (code, stdout.ToString(), stderr.ToString());
    }
}
