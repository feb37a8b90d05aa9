using Rollouts.Api.Analysis;
using Rollouts.Operator.Hosting;
using Rollouts.Operator.Tests.Support;

namespace Rollouts.Operator.Tests.Controllers.Analysis;

/// <summary>
/// The operator's --allowed-metric-addresses and --prometheus-address as a run meets them: an address outside the
/// allowlist is never called and ends the run in Error naming the address and the flag; a prometheus metric without
/// an address, on an operator without a default, ends in Error saying how to give one.
/// </summary>
public sealed class AddressPolicyTests : IAsyncLifetime
{
    private AnalysisWorld _world = null!;

    public async Task InitializeAsync() =>
        _world = await AnalysisWorld.StartAsync(new OperatorOptions { AllowedMetricAddresses = ["prometheus.monitoring:9090"] });

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task An_address_outside_the_allowlist_ends_the_run_in_error_naming_the_address_and_the_flag()
    {
        await _world.ApplyAsync(Run("refused", "address: http://10.0.0.1:9090"));

        var run = await _world.WaitForEndAsync("refused");

        Assert.Equal(AnalysisPhase.Error, run.Status!.Phase);
        Assert.Equal(
            "metric \"rate\" cannot be measured: spec.metrics[0].provider.prometheus.address: address \"http://10.0.0.1:9090/\" is not among the " +
            "provider addresses the operator allows (prometheus.monitoring:9090); no request was sent; to allow it, add it to the operator's --allowed-metric-addresses",
            run.Status.Message);
        var measurement = Assert.Single(Assert.Single(run.Status.MetricResults!).Measurements!);
        Assert.Equal(AnalysisPhase.Error, measurement.Phase);
        Assert.Equal("Warning", (await _world.WaitForEventAsync("refused", "AnalysisRunError")).Type);
    }

    [Fact]
    public async Task A_prometheus_metric_without_an_address_ends_in_error_when_the_operator_has_no_default()
    {
        await _world.ApplyAsync(Run("no-address", ""));

        var run = await _world.WaitForEndAsync("no-address");

        Assert.Equal(AnalysisPhase.Error, run.Status!.Phase);
        Assert.Equal(
            "metric \"rate\" cannot be measured: no Prometheus address: set provider.prometheus.address or start the operator with --prometheus-address",
            run.Status.Message);
    }

    private static string Run(string name, string address) => $$"""
        apiVersion: rollouts.dev/v1alpha1
        kind: AnalysisRun
        metadata: {name: {{name}}}
        spec:
          metrics:
          - name: rate
            successCondition: result[0] > 0
            provider:
              prometheus:
                {{address}}
                query: vector(1)
        """;
}
