using Rollouts.Engine.Providers;

namespace Rollouts.Engine.Tests.Providers;

public sealed class AddressPolicyTests
{
    [Theory]
    // An empty list allows any http(s) address.
    [InlineData("", "http://10.0.0.1:6443/api", true)]
    // host and host:port entries: any scheme and path; without a port, any port.
    [InlineData("prometheus.monitoring", "http://prometheus.monitoring:9090/", true)]
    [InlineData("prometheus.monitoring", "https://PROMETHEUS.monitoring/x", true)]
    [InlineData("prometheus.monitoring:9090", "http://prometheus.monitoring:9090/", true)]
    [InlineData("prometheus.monitoring:9090", "http://prometheus.monitoring:9091/", false)]
    [InlineData("prometheus.monitoring:80", "http://prometheus.monitoring/", true)]
    [InlineData("prometheus.monitoring", "http://prometheus.monitoring.evil.example/", false)]
    [InlineData("prometheus.monitoring", "http://prometheus.monitoring@kubernetes.default/", false)]
    // URL prefixes: scheme, host and port equal, path under the prefix at a segment boundary.
    [InlineData("https://metrics.example/prom/", "https://metrics.example/prom/api/v1/query", true)]
    [InlineData("https://metrics.example/prom", "https://metrics.example/prom", true)]
    [InlineData("https://metrics.example/prom", "https://metrics.example/prometheus", false)]
    [InlineData("https://metrics.example/prom/", "https://metrics.example/prom/../admin", false)]
    [InlineData("https://metrics.example/prom/", "http://metrics.example/prom/", false)]
    [InlineData("https://metrics.example/prom/", "https://metrics.example:8443/prom/", false)]
    // Several entries: any one allows.
    [InlineData("a.example, http://b.example:9090/", "http://b.example:9090/", true)]
    [InlineData("a.example, http://b.example:9090/", "http://c.example:9090/", false)]
    public void An_address_is_allowed_when_an_entry_matches_it(string entries, string address, bool allowed)
    {
        var policy = new AddressPolicy(entries.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

        Assert.Equal(allowed, policy.Refusal(address) is null);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("prometheus:9090")]
    [InlineData("/api/v1/query")]
    public void Only_absolute_http_urls_are_called(string address)
    {
        Assert.Equal($"address \"{address}\" is not an absolute http or https URL", AddressPolicy.Any.Refusal(address));
    }

    [Fact]
    public void A_refusal_names_the_address_without_credentials_and_the_allowed_entries()
    {
        var policy = new AddressPolicy(["prometheus.monitoring:9090", "https://thanos.example/"]);

        Assert.Equal(
            "address \"https://kubernetes.default.svc/api\" is not among the provider addresses the operator allows " +
            "(prometheus.monitoring:9090, https://thanos.example/); no request was sent",
            policy.Refusal("https://user:pw@kubernetes.default.svc/api?x=1"));
    }

    [Theory]
    [InlineData("ftp://files.example/")]
    [InlineData("https://user:pw@prometheus/")]
    [InlineData("prometheus/path")]
    [InlineData(" ")]
    public void A_malformed_entry_is_a_configuration_error(string entry)
    {
        Assert.ThrowsAny<ArgumentException>(() => new AddressPolicy([entry]));
    }
}
