using Rollouts.Kubernetes.Client.Config;
using Rollouts.Kubernetes.Tests.Client.Testing;

namespace Rollouts.Kubernetes.Tests.Client.Config;

public class InClusterEnvironmentTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ManualTimeProvider _time = new();

    public void Dispose() => _dir.Dispose();

    private InClusterEnvironment Environment(string host = "10.96.0.1", string port = "443", string? @namespace = "rollouts-system")
    {
        using var ca = TestCertificates.CreateAuthority("cluster-ca");
        return new InClusterEnvironment
        {
            ServiceHost = host,
            ServicePort = port,
            TokenPath = _dir.Write("sa/token", "token-1\n"),
            CertificateAuthorityPath = _dir.Write("sa/ca.crt", ca.ExportCertificatePem()),
            NamespacePath = @namespace is null ? Path.Combine(_dir.Path, "sa", "namespace") : _dir.Write("sa/namespace", @namespace + "\n"),
        };
    }

    [Fact]
    public async Task The_service_account_gives_server_ca_namespace_and_token()
    {
        var connection = KubernetesConnection.InCluster(Environment(), _time);

        Assert.Equal(new Uri("https://10.96.0.1:443"), connection.Server);
        Assert.Equal("rollouts-system", connection.Namespace);
        Assert.Equal("CN=cluster-ca", Assert.Single(connection.CertificateAuthority!).Subject);
        Assert.Equal("token-1", await connection.Token!.GetTokenAsync(default));
        Assert.Null(connection.ContextName);
    }

    [Fact]
    public async Task A_rotated_token_is_picked_up_within_a_minute()
    {
        var environment = Environment();
        var connection = KubernetesConnection.InCluster(environment, _time);
        Assert.Equal("token-1", await connection.Token!.GetTokenAsync(default));

        File.WriteAllText(environment.TokenPath, "token-2");
        var beforeRefresh = await connection.Token.GetTokenAsync(default);
        _time.Advance(TimeSpan.FromMinutes(1));
        var afterRefresh = await connection.Token.GetTokenAsync(default);

        Assert.Equal("token-1", beforeRefresh);
        Assert.Equal("token-2", afterRefresh);
    }

    [Fact]
    public async Task A_refused_token_is_read_again_at_once()
    {
        var environment = Environment();
        var connection = KubernetesConnection.InCluster(environment, _time);
        await connection.Token!.GetTokenAsync(default);
        File.WriteAllText(environment.TokenPath, "token-2");

        connection.Token.Invalidate();

        Assert.Equal("token-2", await connection.Token.GetTokenAsync(default));
    }

    [Fact]
    public async Task A_token_file_missing_for_a_moment_during_rotation_keeps_the_last_token()
    {
        var environment = Environment();
        var connection = KubernetesConnection.InCluster(environment, _time);
        await connection.Token!.GetTokenAsync(default);
        File.Delete(environment.TokenPath);
        _time.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal("token-1", await connection.Token.GetTokenAsync(default));
    }

    [Fact]
    public void An_ipv6_service_host_is_bracketed()
    {
        var connection = KubernetesConnection.InCluster(Environment(host: "fd00::1", port: "6443"), _time);

        Assert.Equal("https://[fd00::1]:6443/", connection.Server.ToString());
    }

    [Fact]
    public void Without_a_namespace_file_the_namespace_is_default()
    {
        var connection = KubernetesConnection.InCluster(Environment(@namespace: null), _time);

        Assert.Equal("default", connection.Namespace);
    }

    [Fact]
    public void Outside_a_pod_the_error_names_the_missing_variables()
    {
        var error = Assert.Throws<KubernetesConfigurationException>(() => KubernetesConnection.InCluster(Environment() with { ServiceHost = null }, _time));

        Assert.Contains("KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must both be set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_token_file_is_reported_with_its_path()
    {
        var environment = Environment() with { TokenPath = Path.Combine(_dir.Path, "nowhere") };

        var error = Assert.Throws<KubernetesConfigurationException>(() => KubernetesConnection.InCluster(environment, _time));

        Assert.Contains(Path.Combine(_dir.Path, "nowhere"), error.Message, StringComparison.Ordinal);
    }
}
