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

    [Fact]
    public void Metric_addresses_take_a_default_prometheus_and_an_allowlist_given_as_a_comma_list_or_repeated()
    {
        var (commandLine, error) = OperatorCommandLine.Parse(
        [
            "--prometheus-address", "http://prometheus.monitoring:9090",
            "--allowed-metric-addresses", "http://prometheus.monitoring:9090/, metrics.internal",
            "--allowed-metric-addresses", "10.0.0.7:8080",
        ]);

        Assert.Null(error);
        var options = commandLine!.Options;
        Assert.Equal("http://prometheus.monitoring:9090", options.PrometheusAddress);
        Assert.Equal(["http://prometheus.monitoring:9090/", "metrics.internal", "10.0.0.7:8080"], options.AllowedMetricAddresses);
        var policy = options.MetricAddressPolicy();
        Assert.Null(policy.Refusal("http://metrics.internal:1234/q"));
        Assert.NotNull(policy.Refusal("http://kubernetes.default.svc/api"));
    }

    [Fact]
    public void Without_metric_address_options_there_is_no_default_prometheus_and_any_address_is_allowed()
    {
        var options = OperatorCommandLine.Parse([]).CommandLine!.Options;

        Assert.Null(options.PrometheusAddress);
        Assert.Empty(options.AllowedMetricAddresses);
        Assert.Null(options.MetricAddressPolicy().Refusal("http://anything:9090/"));
    }

    [Theory]
    [InlineData(new[] { "--prometheus-address", "prometheus:9090" }, "--prometheus-address: \"prometheus:9090\" is not an absolute http or https URL such as http://prometheus.monitoring:9090")]
    [InlineData(new[] { "--prometheus-address" }, "--prometheus-address needs a value")]
    [InlineData(new[] { "--allowed-metric-addresses", "ftp://files/" }, "--allowed-metric-addresses: allowed provider address \"ftp://files/\" is not an http(s) URL prefix such as https://prometheus:9090/")]
    [InlineData(new[] { "--allowed-metric-addresses", "," }, "--allowed-metric-addresses: needs at least one address")]
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
        Assert.Contains("--prometheus-address URL", OperatorCommandLine.Usage, StringComparison.Ordinal);
        Assert.Contains("--allowed-metric-addresses LIST", OperatorCommandLine.Usage, StringComparison.Ordinal);
    }
}
