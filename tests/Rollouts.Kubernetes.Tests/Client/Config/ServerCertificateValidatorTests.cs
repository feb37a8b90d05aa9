using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Rollouts.Kubernetes.Client.Config;
using Rollouts.Kubernetes.Tests.Client.Testing;

namespace Rollouts.Kubernetes.Tests.Client.Config;

public sealed class ServerCertificateValidatorTests : IDisposable
{
    private readonly X509Certificate2 _clusterCa = TestCertificates.CreateAuthority("cluster-ca");
    private readonly X509Certificate2 _otherCa = TestCertificates.CreateAuthority("public-ca");

    public void Dispose()
    {
        _clusterCa.Dispose();
        _otherCa.Dispose();
    }

    private static bool Validate(X509Certificate2 server, SslPolicyErrors errors, X509Certificate2? ca, string? serverName = null, bool insecure = false) =>
        ServerCertificateValidator.Validate(server, null, errors, ca is null ? null : new X509Certificate2Collection(ca), serverName, insecure);

    [Fact]
    public void A_certificate_issued_by_the_cluster_ca_is_trusted()
    {
        using var server = TestCertificates.CreateServer(_clusterCa, "k8s.test");

        Assert.True(Validate(server, SslPolicyErrors.RemoteCertificateChainErrors, _clusterCa));
    }

    [Fact]
    public void With_a_cluster_ca_a_certificate_the_machine_trusts_but_the_ca_did_not_issue_is_refused()
    {
        using var server = TestCertificates.CreateServer(_otherCa, "k8s.test");

        Assert.False(Validate(server, SslPolicyErrors.None, _clusterCa));
    }

    [Fact]
    public void Without_a_cluster_ca_the_machine_roots_decide()
    {
        using var server = TestCertificates.CreateServer(_otherCa, "k8s.test");

        Assert.True(Validate(server, SslPolicyErrors.None, ca: null));
        Assert.False(Validate(server, SslPolicyErrors.RemoteCertificateChainErrors, ca: null));
    }

    [Fact]
    public void A_certificate_for_another_name_is_refused_even_from_the_cluster_ca()
    {
        using var server = TestCertificates.CreateServer(_clusterCa, "elsewhere.test");

        Assert.False(Validate(server, SslPolicyErrors.RemoteCertificateNameMismatch, _clusterCa));
    }

    [Fact]
    public void Tls_server_name_replaces_the_url_host_in_the_name_check()
    {
        using var server = TestCertificates.CreateServer(_clusterCa, "kubernetes.default.svc");

        Assert.True(Validate(server, SslPolicyErrors.RemoteCertificateNameMismatch, _clusterCa, serverName: "kubernetes.default.svc"));
        Assert.False(Validate(server, SslPolicyErrors.None, _clusterCa, serverName: "other.svc"));
    }

    [Fact]
    public void Insecure_skip_verify_accepts_anything()
    {
        using var server = TestCertificates.CreateServer(_otherCa, "elsewhere.test");

        Assert.True(Validate(server, SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch, ca: null, insecure: true));
    }
}
