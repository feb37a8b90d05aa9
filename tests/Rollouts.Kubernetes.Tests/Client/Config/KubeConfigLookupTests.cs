using Rollouts.Kubernetes.Client.Config;
using Rollouts.Kubernetes.Tests.Client.Testing;

namespace Rollouts.Kubernetes.Tests.Client.Config;

/// <summary>Where the configuration comes from: --kubeconfig, then KUBECONFIG, then ~/.kube/config, then in-cluster.</summary>
public class KubeConfigLookupTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Kubeconfig(string relativePath, string server) => _dir.Write(relativePath, $"""
        current-context: c
        clusters:
        - name: c
          cluster:
            server: {server}
        contexts:
        - name: c
          context:
            cluster: c
        """);

    private InClusterEnvironment InCluster(bool available)
    {
        using var ca = TestCertificates.CreateAuthority();
        return new InClusterEnvironment
        {
            ServiceHost = available ? "10.96.0.1" : null,
            ServicePort = available ? "443" : null,
            TokenPath = _dir.Write("sa/token", "sa-token"),
            CertificateAuthorityPath = _dir.Write("sa/ca.crt", ca.ExportCertificatePem()),
            NamespacePath = _dir.Write("sa/namespace", "rollouts-system"),
        };
    }

    private KubernetesConnection Load(string? explicitPath, string? variable, bool home, bool inCluster, string? context = null) =>
        KubeConfigLoader.Load(
            explicitPath,
            context,
            new KubeConfigLookup
            {
                KubeConfigVariable = variable,
                HomeDirectory = home ? Path.Combine(_dir.Path, "home") : Path.Combine(_dir.Path, "no-home"),
                InCluster = InCluster(inCluster),
            },
            TimeProvider.System);

    [Fact]
    public void The_explicit_path_wins_over_everything()
    {
        var explicitPath = Kubeconfig("explicit", "https://explicit.test");
        var variable = Kubeconfig("variable", "https://variable.test");
        Kubeconfig("home/.kube/config", "https://home.test");

        var connection = Load(explicitPath, variable, home: true, inCluster: true);

        Assert.Equal("explicit.test", connection.Server.Host);
    }

    [Fact]
    public void Kubeconfig_variable_wins_over_the_home_file_and_skips_files_that_do_not_exist()
    {
        var variable = Kubeconfig("variable", "https://variable.test");
        Kubeconfig("home/.kube/config", "https://home.test");

        var connection = Load(null, string.Join(Path.PathSeparator, Path.Combine(_dir.Path, "missing"), variable), home: true, inCluster: true);

        Assert.Equal("variable.test", connection.Server.Host);
    }

    [Fact]
    public void The_home_file_wins_over_in_cluster()
    {
        Kubeconfig("home/.kube/config", "https://home.test");

        var connection = Load(null, null, home: true, inCluster: true);

        Assert.Equal("home.test", connection.Server.Host);
    }

    [Fact]
    public async Task In_cluster_is_the_last_resort()
    {
        var connection = Load(null, null, home: false, inCluster: true);

        Assert.Equal(new Uri("https://10.96.0.1:443"), connection.Server);
        Assert.Equal("sa-token", await connection.Token!.GetTokenAsync(default));
    }

    [Fact]
    public void With_nothing_found_the_error_says_where_it_looked()
    {
        var error = Assert.Throws<KubernetesConfigurationException>(() => Load(null, null, home: false, inCluster: false));

        Assert.Contains(Path.Combine(_dir.Path, "no-home", ".kube", "config"), error.Message, StringComparison.Ordinal);
        Assert.Contains("not running in a cluster", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_explicit_file_is_an_error_not_a_fallback()
    {
        Kubeconfig("home/.kube/config", "https://home.test");

        var error = Assert.Throws<KubernetesConfigurationException>(() => Load(Path.Combine(_dir.Path, "typo"), null, home: true, inCluster: true));

        Assert.Equal($"Kubeconfig '{Path.Combine(_dir.Path, "typo")}' (given with --kubeconfig) does not exist.", error.Message);
    }
}
