using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Rollouts.Engine.Providers;
using Rollouts.Engine.Providers.Prometheus;
using Rollouts.Testing;

namespace Rollouts.Engine.Tests.Providers;

/// <summary>Server certificates: the system's roots by default, a given CA, or no check at all.</summary>
public sealed class ProviderTlsTests : IAsyncLifetime, IDisposable
{
    private const string Empty = """{"status":"success","data":{"resultType":"vector","result":[]}}""";

    private static readonly Dictionary<string, string> NoArgs = [];

    private readonly ProviderHttp _http = new(AddressPolicy.Any);
    private readonly X509Certificate2 _certificate = SelfSigned();
    private FakeHttpServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeHttpServer.StartAsync(FakeHttpServer.Json(Empty), _certificate);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<ProviderOutcome> MeasureAsync(PrometheusQuery query) => new PrometheusProvider(_http).MeasureAsync(query, NoArgs, CancellationToken.None);

    [Fact]
    public async Task A_server_certificate_signed_by_the_given_ca_is_trusted()
    {
        var outcome = await MeasureAsync(new PrometheusQuery(_server.Url.ToString(), "up") { CaPem = _certificate.ExportCertificatePem() });

        Assert.False(outcome.IsError, outcome.ErrorMessage);
    }

    [Fact]
    public async Task A_server_certificate_the_system_does_not_trust_is_an_error()
    {
        var outcome = await MeasureAsync(new PrometheusQuery(_server.Url.ToString(), "up"));

        Assert.StartsWith($"request to {_server.Url} failed: ", outcome.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task A_certificate_from_another_ca_is_an_error()
    {
        using var other = SelfSigned();

        var outcome = await MeasureAsync(new PrometheusQuery(_server.Url.ToString(), "up") { CaPem = other.ExportCertificatePem() });

        Assert.True(outcome.IsError);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Insecure_skip_verify_accepts_any_certificate()
    {
        var outcome = await MeasureAsync(new PrometheusQuery(_server.Url.ToString(), "up") { InsecureSkipVerify = true });

        Assert.False(outcome.IsError, outcome.ErrorMessage);
    }

    [Fact]
    public async Task A_ca_that_is_not_pem_is_an_error_saying_so()
    {
        var outcome = await MeasureAsync(new PrometheusQuery(_server.Url.ToString(), "up") { CaPem = "not a certificate" });

        Assert.StartsWith("tls ca is not a valid PEM certificate", outcome.ErrorMessage, StringComparison.Ordinal);
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=prometheus-test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, false, 0, critical: true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
    }

    public void Dispose()
    {
        _http.Dispose();
        _certificate.Dispose();
    }
}
