using Rollouts.Operator.Hosting;

namespace Rollouts.Operator.Tests.Hosting;

/// <summary>The operator's command line: what each option sets, and errors that name the option.</summary>
public sealed class OperatorCommandLineTests
{
    [Fact]
    public void Without_options_the_operator_watches_everything_with_two_workers_and_no_election()
    {
        var (commandLine, error) = OperatorCommandLine.Parse([]);

        Assert.Null(error);
        Assert.Null(commandLine!.Kubeconfig);
        Assert.Equal((null, 2, false, "rollouts-operator"), (commandLine.Options.Namespace, commandLine.Options.Workers, commandLine.Options.LeaderElection, commandLine.Options.LeaseName));
    }

    [Fact]
    public void Every_option_sets_what_it_names()
    {
        var (commandLine, error) = OperatorCommandLine.Parse(
        [
            "--kubeconfig", "/tmp/kc", "--context", "sandbox", "--namespace", "shop", "--workers", "4",
            "--leader-elect", "--lease-namespace", "ops", "--lease-name", "rollouts", "--verbose",
        ]);

        Assert.Null(error);
        Assert.Equal(("/tmp/kc", "sandbox", true), (commandLine!.Kubeconfig, commandLine.Context, commandLine.Verbose));
        var options = commandLine.Options;
        Assert.Equal(("shop", 4, true, "ops", "rollouts"), (options.Namespace, options.Workers, options.LeaderElection, options.LeaseNamespace, options.LeaseName));
    }

    [Theory]
    [InlineData(new[] { "--workers", "0" }, "--workers: \"0\" is not a number of workers (1 or more)")]
    [InlineData(new[] { "--workers", "two" }, "--workers: \"two\" is not a number of workers (1 or more)")]
    [InlineData(new[] { "--kubeconfig" }, "--kubeconfig needs a value")]
    [InlineData(new[] { "--leader-elect", "--namespace" }, "--namespace needs a value")]
    [InlineData(new[] { "--leader-election" }, "unknown option \"--leader-election\"")]
    public void A_bad_option_is_named_in_the_error(string[] args, string expected)
    {
        var (commandLine, error) = OperatorCommandLine.Parse(args);

        Assert.Null(commandLine);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Help_is_asked_for_with_help()
    {
        Assert.True(OperatorCommandLine.Parse(["--help"]).CommandLine!.Help);
        Assert.Contains("--leader-elect", OperatorCommandLine.Usage, StringComparison.Ordinal);
    }
}
