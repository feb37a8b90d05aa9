using Rollouts.Operator.Hosting;

namespace Rollouts.Operator.Tests.Hosting;

/// <summary>Options the operator cannot work with are refused when the host is made, naming the option and the value.</summary>
public sealed class OperatorOptionsTests
{
    [Fact]
    public void A_default_prometheus_that_is_not_an_http_url_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new OperatorOptions { PrometheusAddress = "prometheus:9090" }.Validate());

        Assert.StartsWith("OperatorOptions.PrometheusAddress \"prometheus:9090\" is not an absolute http or https URL", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_allowed_metric_address_that_is_neither_a_url_prefix_nor_a_host_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new OperatorOptions { AllowedMetricAddresses = ["http://user@prometheus/"] }.Validate());

        Assert.StartsWith("OperatorOptions.AllowedMetricAddresses: allowed provider address \"http://user@prometheus/\"", e.Message, StringComparison.Ordinal);
    }
}
