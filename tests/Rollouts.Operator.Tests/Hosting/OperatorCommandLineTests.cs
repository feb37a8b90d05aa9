using Microsoft.Extensions.Logging;
using Rollouts.Operator.Hosting;

namespace Rollouts.Operator.Tests.Hosting;

/// <summary>The operator's command line: what each option sets, and errors that name the option.</summary>
public sealed class OperatorCommandLineTests
{
    [Fact]
    public void Without_options_the_operator_watches_everything_elects_a_leader_and_serves_metrics_and_probes()
    {
        var (commandLine, error) = OperatorCommandLine.Parse([]);

        Assert.Null(error);
        Assert.Null(commandLine!.Kubeconfig);
        var options = commandLine.Options;
        Assert.Equal((null, 2, true, "rollouts-operator"), (options.Namespace, options.Workers, options.LeaderElection, options.LeaseName));
        Assert.Equal((":8080", ":8081", null), (options.MetricsBindAddress, options.HealthProbeBindAddress, options.InstanceId));
        Assert.Equal((50d, 100, LogLevel.Information, false), (commandLine.Qps, commandLine.Burst, commandLine.LogLevel, commandLine.JsonLogs));
        Assert.Equal("!rollouts.dev/instance-id", options.InstanceSelector);
    }

    [Fact]
    public void Operator_options_made_in_code_serve_nothing_and_do_not_elect()
    {
        var options = new OperatorOptions();

        Assert.Equal(("0", "0", false), (options.MetricsBindAddress, options.HealthProbeBindAddress, options.LeaderElection));
    }

    [Fact]
    public void Options_take_the_equals_form_and_the_packaging_flags()
    {
        var (commandLine, error) = OperatorCommandLine.Parse(
        [
            "--leader-elect=false", "--metrics-bind-address=127.0.0.1:9090", "--health-probe-bind-address", "0", "--qps=20.5",
            "--burst=40", "--instance-id=blue", "--log-level=warning", "--log-format=json", "--namespace=shop",
        ]);

        Assert.Null(error);
        var options = commandLine!.Options;
        Assert.Equal((false, "127.0.0.1:9090", "0", "shop"), (options.LeaderElection, options.MetricsBindAddress, options.HealthProbeBindAddress, options.Namespace));
        Assert.Equal((20.5, 40, LogLevel.Warning, true), (commandLine.Qps, commandLine.Burst, commandLine.LogLevel, commandLine.JsonLogs));
        Assert.Equal("rollouts.dev/instance-id=blue", options.InstanceSelector);
    }

    [Theory]
    [InlineData(new string[0], new string?[] { null })]
    [InlineData(new[] { "--namespace", "shop" }, new string?[] { "shop" })]
    [InlineData(new[] { "--namespace=shop" }, new string?[] { "shop" })]
    [InlineData(new[] { "--namespace", "shop", "--namespace", "billing" }, new string?[] { "shop", "billing" })]
    [InlineData(new[] { "--namespace=shop", "--workers=3", "--namespace", "billing", "--namespace=shop" }, new string?[] { "shop", "billing" })]
    public void Namespace_is_repeatable_and_none_means_all_namespaces(string[] args, string?[] watched)
    {
        var (commandLine, error) = OperatorCommandLine.Parse(args);

        Assert.Null(error);
        Assert.Equal(watched, commandLine!.Options.WatchedNamespaces);
        Assert.Equal(watched is [var one] ? one : null, commandLine.Options.Namespace);
    }

    [Theory]
    [InlineData("--graceful-shutdown-timeout=45s", 45)]
    [InlineData("--graceful-shutdown-timeout=0s", 0)]
    public void The_graceful_shutdown_timeout_is_a_duration(string arg, int seconds)
    {
        var (commandLine, error) = OperatorCommandLine.Parse([arg]);

        Assert.Null(error);
        Assert.Equal(TimeSpan.FromSeconds(seconds), commandLine!.Options.GracefulShutdownTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), OperatorCommandLine.Parse([]).CommandLine!.Options.GracefulShutdownTimeout);
    }

    [Theory]
    [InlineData("--graceful-shutdown-timeout=soon", "--graceful-shutdown-timeout: \"soon\" is not a duration such as 30s or 1m")]
    [InlineData("--namespace=", "--namespace needs a value")]
    [InlineData("--qps=0", "--qps: \"0\" is not a number of requests per second (greater than 0)")]
    [InlineData("--burst=-1", "--burst: \"-1\" is not a number of requests (1 or more)")]
    [InlineData("--log-level=loud", "--log-level: \"loud\" is not one of debug, info, warning, error")]
    [InlineData("--log-format=xml", "--log-format: \"xml\" is not text or json")]
    [InlineData("--leader-elect=maybe", "--leader-elect: \"maybe\" is not true or false")]
    public void A_bad_packaging_flag_is_named_in_the_error(string arg, string expected)
    {
        var (commandLine, error) = OperatorCommandLine.Parse([arg]);

        Assert.Null(commandLine);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void A_bad_bind_address_is_named_in_the_error()
    {
        var (commandLine, error) = OperatorCommandLine.Parse(["--metrics-bind-address=nowhere"]);

        Assert.Null(commandLine);
        Assert.StartsWith("--metrics-bind-address", error, StringComparison.Ordinal);
    }

    /// <summary>The Deployment in config/manager runs the operator with arguments the command line accepts.</summary>
    [Fact]
    public void The_manifests_deployment_arguments_are_accepted()
    {
        var deployment = Sandbox.ApiServer.Patching.YamlToJson.Parse(
            File.ReadAllText(Path.Combine(Support.RepositoryFiles.Root, "config", "manager", "deployment.yaml")))!;
        var args = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["args"]!.AsArray()
            .Select(a => a!.GetValue<string>().Replace("$(POD_NAMESPACE)", "rollouts-system", StringComparison.Ordinal)).ToList();

        var (commandLine, error) = OperatorCommandLine.Parse([.. args, "--namespace=$(POD_NAMESPACE)".Replace("$(POD_NAMESPACE)", "rollouts-system", StringComparison.Ordinal)]);

        Assert.Null(error);
        Assert.Equal((true, "rollouts-system", ":8080", ":8081"),
            (commandLine!.Options.LeaderElection, commandLine.Options.LeaseNamespace, commandLine.Options.MetricsBindAddress, commandLine.Options.HealthProbeBindAddress));
    }

    [Fact]
    public void Every_option_sets_what_it_names()
    {
        var (commandLine, error) = OperatorCommandLine.Parse(
        [
            "--kubeconfig", "/tmp/kc", "--context", "sandbox", "--namespace", "shop", "--workers", "4",
            "--leader-elect", "--lease-namespace", "ops", "--lease-name", "rollouts", "--identity", "replica-a", "--verbose",
        ]);

        Assert.Null(error);
        Assert.Equal(("/tmp/kc", "sandbox", true), (commandLine!.Kubeconfig, commandLine.Context, commandLine.Verbose));
        var options = commandLine.Options;
        Assert.Equal(("shop", 4, true, "ops", "rollouts"), (options.Namespace, options.Workers, options.LeaderElection, options.LeaseNamespace, options.LeaseName));
        Assert.Equal("replica-a", options.Identity);
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
