using Rollouts.Api.Analysis;
using Rollouts.Engine.Analysis;
using Rollouts.Engine.Providers;
using Rollouts.Testing;

namespace Rollouts.Engine.Tests.Analysis;

/// <summary>
/// What the operator and <c>kubectl rollouts analyze</c> share before any request: a metric that cannot be asked as
/// written (no address, a missing Secret) is an Error that ends the run, said with the field and with how the
/// host at hand is told its defaults.
/// </summary>
public sealed class MetricMeasurerTests
{
    private static readonly ProviderDefaults Cli = new()
    {
        HowToSetPrometheusAddress = "pass --prometheus-address",
        HowToAllowAddress = "write one such as http://prometheus.monitoring:9090",
    };

    [Theory]
    [InlineData(false, "no Prometheus address: set provider.prometheus.address or start the operator with --prometheus-address")]
    [InlineData(true, "no Prometheus address: set provider.prometheus.address or pass --prometheus-address")]
    public async Task A_metric_without_an_address_ends_the_run_saying_how_this_host_takes_a_default(bool cli, string error)
    {
        var spec = Spec(new Metric { Name = "rate", Provider = new MetricProvider { Prometheus = new PrometheusMetric { Query = "up" } } });

        var outcome = Assert.Single(await MeasureAsync(spec, cli ? Cli : ProviderDefaults.Operator(null)));

        Assert.True(outcome.EndsRun);
        Assert.Equal(AnalysisPhase.Error, outcome.Measurement.Phase);
        Assert.Equal(error, outcome.Measurement.Message);
    }

    [Fact]
    public async Task A_bearer_token_whose_secret_is_missing_ends_the_run_naming_the_field()
    {
        var spec = Spec(
            new Metric { Name = "up", Provider = new MetricProvider { Web = new WebMetric { Url = "http://127.0.0.1:1/up", JsonPath = "$.up" } } },
            new Metric
            {
                Name = "rate",
                Provider = new MetricProvider
                {
                    Prometheus = new PrometheusMetric
                    {
                        Address = "http://127.0.0.1:1",
                        Query = "up",
                        Authentication = new PrometheusAuthentication
                        {
                            Bearer = new BearerAuthentication { SecretKeyRef = new SecretKeyReference { Name = "prom", Key = "token" } },
                        },
                    },
                },
            });

        var outcomes = await MeasureAsync(spec, Cli, "rate");

        var outcome = Assert.Single(outcomes);
        Assert.Equal("rate", outcome.Metric);
        Assert.True(outcome.EndsRun);
        Assert.Equal("spec.metrics[1].provider.prometheus.authentication.bearer.secretKeyRef: Secret \"shop/prom\" not found", outcome.Measurement.Message);
    }

    private static AnalysisRunSpec Spec(params Metric[] metrics) =>
        AnalysisDefaulting.Apply(new AnalysisRun { Spec = new AnalysisRunSpec { Metrics = metrics } }).Spec!;

    private static async Task<IReadOnlyList<MetricOutcome>> MeasureAsync(AnalysisRunSpec spec, ProviderDefaults defaults, params string[] due)
    {
        using var http = new ProviderHttp(AddressPolicy.Any);
        var measurer = new MetricMeasurer(http, defaults, new ManualTimeProvider());
        return await measurer.MeasureAsync(spec, due.Length > 0 ? due : [.. (spec.Metrics ?? []).Select(m => m.Name!)], new SecretReader(new NoSecrets()), default);
    }

    private sealed class NoSecrets : ISecretSource
    {
        public Task<SecretLookup> GetAsync(string name, CancellationToken cancellationToken) => Task.FromResult(SecretLookup.NotFound($"shop/{name}"));
    }
}
