using Rollouts.Kubernetes.Client.Config;
using Rollouts.Kubernetes.Tests.Client.Testing;

namespace Rollouts.Kubernetes.Tests.Client.Config;

public class KubeConfigLoaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ManualTimeProvider _time = new();

    public void Dispose() => _dir.Dispose();

    private static string Base64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));

    private KubernetesConnection Load(string path, string? context = null) => KubernetesConnection.FromKubeConfig([path], context, _time);

    private static string Config(string cluster, string user, string currentContext = "dev", string contextExtra = "") => $"""
        apiVersion: v1
        kind: Config
        current-context: {currentContext}
        clusters:
        - name: dev-cluster
          cluster:
        {Indent(cluster, 4)}
        users:
        - name: dev-user
          user:
        {Indent(user, 4)}
        contexts:
        - name: dev
          context:
            cluster: dev-cluster
            user: dev-user
        {Indent(contextExtra, 4)}
        """;

    private static string Indent(string text, int spaces) =>
        string.Join('\n', text.Split('\n').Select(line => new string(' ', spaces) + line));

    [Fact]
    public async Task A_token_user_gives_the_server_the_token_and_the_context_namespace()
    {
        var path = _dir.Write("config", Config("server: https://10.0.0.1:6443", "token: abc.def", contextExtra: "namespace: shop"));

        var connection = Load(path);

        Assert.Equal(new Uri("https://10.0.0.1:6443"), connection.Server);
        Assert.Equal("abc.def", await connection.Token!.GetTokenAsync(default));
        Assert.Equal("shop", connection.Namespace);
        Assert.Equal("dev", connection.ContextName);
        Assert.Null(connection.ClientCertificate);
        Assert.Null(connection.CertificateAuthority);
    }

    [Fact]
    public void Without_a_namespace_in_the_context_it_is_default()
    {
        var path = _dir.Write("config", Config("server: https://k8s.test", "token: t"));

        Assert.Equal("default", Load(path).Namespace);
    }

    [Fact]
    public async Task A_token_file_is_resolved_against_the_kubeconfig_folder_and_read_again_as_it_rotates()
    {
        var tokenPath = _dir.Write("secrets/token", "first\n");
        var path = _dir.Write("config", Config("server: https://k8s.test", "tokenFile: secrets/token"));
        var connection = Load(path);

        Assert.Equal("first", await connection.Token!.GetTokenAsync(default));
        File.WriteAllText(tokenPath, "second");
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal("first", await connection.Token.GetTokenAsync(default));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("second", await connection.Token.GetTokenAsync(default));
    }

    [Fact]
    public void Inline_client_certificate_and_key_data_load_with_the_private_key()
    {
        using var ca = TestCertificates.CreateAuthority();
        using var client = TestCertificates.CreateClient(ca, "alice");
        var (certificate, key) = TestCertificates.ToPem(client);
        var path = _dir.Write("config", Config(
            $"server: https://k8s.test\ncertificate-authority-data: {Base64(ca.ExportCertificatePem())}",
            $"client-certificate-data: {Base64(certificate)}\nclient-key-data: {Base64(key)}"));

        var connection = Load(path);

        Assert.Equal(client.Thumbprint, connection.ClientCertificate!.Thumbprint);
        Assert.True(connection.ClientCertificate.HasPrivateKey);
        Assert.Equal(ca.Thumbprint, Assert.Single(connection.CertificateAuthority!).Thumbprint);
        Assert.Null(connection.Token);
    }

    [Fact]
    public void Certificate_files_with_relative_paths_are_found_next_to_the_kubeconfig_not_the_working_directory()
    {
        using var ca = TestCertificates.CreateAuthority();
        using var client = TestCertificates.CreateClient(ca);
        var (certificate, key) = TestCertificates.ToPem(client);
        _dir.Write("kube/pki/ca.crt", ca.ExportCertificatePem());
        _dir.Write("kube/pki/alice.crt", certificate);
        _dir.Write("kube/pki/alice.key", key);
        var path = _dir.Write("kube/config", Config(
            "server: https://k8s.test\ncertificate-authority: pki/ca.crt",
            "client-certificate: pki/alice.crt\nclient-key: ./pki/alice.key"));

        var connection = Load(path);

        Assert.Equal(client.Thumbprint, connection.ClientCertificate!.Thumbprint);
        Assert.Equal(ca.Thumbprint, Assert.Single(connection.CertificateAuthority!).Thumbprint);
    }

    [Fact]
    public void Insecure_skip_verify_and_tls_server_name_are_carried()
    {
        var insecure = Load(_dir.Write("a", Config("server: https://k8s.test\ninsecure-skip-tls-verify: true", "token: t")));
        var named = Load(_dir.Write("b", Config("server: https://10.0.0.1\ntls-server-name: kubernetes.default.svc", "token: t")));

        Assert.True(insecure.InsecureSkipTlsVerify);
        Assert.False(named.InsecureSkipTlsVerify);
        Assert.Equal("kubernetes.default.svc", named.TlsServerName);
    }

    [Fact]
    public void A_proxy_url_is_carried_and_a_malformed_one_refused()
    {
        var proxied = Load(_dir.Write("a", Config("server: https://k8s.test\nproxy-url: socks5://127.0.0.1:1080", "token: t")));
        var error = Assert.Throws<KubernetesConfigurationException>(() => Load(_dir.Write("b", Config("server: https://k8s.test\nproxy-url: ftp://p", "token: t"))));

        Assert.Equal(new Uri("socks5://127.0.0.1:1080"), proxied.Proxy);
        Assert.EndsWith("proxy-url 'ftp://p' is not an http, https or socks5 URL.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_context_argument_overrides_current_context()
    {
        var path = _dir.Write("config", """
            current-context: dev
            clusters:
            - {name: dev, cluster: {server: "https://dev.test"}}
            - {name: prod, cluster: {server: "https://prod.test"}}
            users:
            - {name: dev, user: {token: dev-token}}
            - {name: prod, user: {token: prod-token}}
            contexts:
            - {name: dev, context: {cluster: dev, user: dev}}
            - {name: prod, context: {cluster: prod, user: prod, namespace: web}}
            """);

        var connection = Load(path, context: "prod");

        Assert.Equal(new Uri("https://prod.test"), connection.Server);
        Assert.Equal("prod-token", await connection.Token!.GetTokenAsync(default));
        Assert.Equal("web", connection.Namespace);
    }

    [Fact]
    public async Task Several_files_merge_with_the_first_value_of_each_key_winning_and_paths_relative_to_their_own_file()
    {
        var first = _dir.Write("one/config", """
            current-context: mine
            clusters:
            - {name: shared, cluster: {server: "https://first.test"}}
            contexts:
            - {name: mine, context: {cluster: shared, user: me}}
            """);
        var second = _dir.Write("two/config", """
            current-context: theirs
            clusters:
            - {name: shared, cluster: {server: "https://second.test"}}
            users:
            - {name: me, user: {tokenFile: token}}
            contexts:
            - {name: mine, context: {cluster: shared, user: someone-else}}
            - {name: theirs, context: {cluster: shared, user: me, namespace: theirs}}
            """);
        _dir.Write("two/token", "from-second-folder");

        var merged = KubernetesConnection.FromKubeConfig([first, second], timeProvider: _time);
        var theirs = KubernetesConnection.FromKubeConfig([first, second], "theirs", _time);

        Assert.Equal("mine", merged.ContextName);
        Assert.Equal(new Uri("https://first.test"), merged.Server);
        Assert.Equal("from-second-folder", await merged.Token!.GetTokenAsync(default));
        Assert.Equal("theirs", theirs.Namespace);
    }

    public static TheoryData<string, string?, string> Mistakes => new()
    {
        { "current-context: nope\nclusters: []\ncontexts: [{name: a, context: {cluster: c}}, {name: b, context: {cluster: c}}]", null, "Context 'nope' is not defined in kubeconfig '{path}' (defined: a, b)." },
        { "clusters: []\ncontexts: [{name: a, context: {cluster: c}}]", null, "No current-context is set in kubeconfig '{path}'; pass --context." },
        { "contexts: [{name: a, context: {cluster: gone}}]", "a", "Context 'a' in '{path}' names cluster 'gone', which is not defined (defined: none)." },
        { "clusters: [{name: c, cluster: {server: https://k}}]\ncontexts: [{name: a, context: {cluster: c, user: ghost}}]", "a", "Context 'a' in '{path}' names user 'ghost', which is not defined (defined: none)." },
        { "clusters: [{name: c, cluster: {}}]\ncontexts: [{name: a, context: {cluster: c}}]", "a", "Cluster 'c' in '{path}' has no server." },
        { "clusters: [{name: c, cluster: {server: k8s.test}}]\ncontexts: [{name: a, context: {cluster: c}}]", "a", "Cluster 'c' in '{path}': server 'k8s.test' is not an http(s) URL." },
        { "clusters: [{name: c, cluster: {server: https://k, certificate-authority-data: '!!', insecure-skip-tls-verify: true}}]\ncontexts: [{name: a, context: {cluster: c}}]", "a", "Cluster 'c' in '{path}': certificate-authority-data is not valid base64." },
        { "clusters: [{name: c, cluster: {server: https://k, certificate-authority: missing.crt}}]\ncontexts: [{name: a, context: {cluster: c}}]", "a", "Cluster 'c' in '{path}': certificate-authority '{dir}/missing.crt' cannot be read:" },
        { "clusters: [{name: c, cluster: {server: https://k}}]\nusers: [{name: u, user: {client-certificate-data: Zm9v}}]\ncontexts: [{name: a, context: {cluster: c, user: u}}]", "a", "User 'u' in '{path}' has a client certificate but no client-key or client-key-data." },
        { "clusters: [{name: c, cluster: {server: https://k}}]\nusers: [{name: u, user: {auth-provider: {name: oidc}}}]\ncontexts: [{name: a, context: {cluster: c, user: u}}]", "a", "User 'u' in '{path}' uses an auth-provider, which is not supported; use a token, tokenFile, client certificate or exec plugin." },
        { "clusters: [{name: c, cluster: {server: https://k}}]\nusers: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1alpha1, command: x}}}]\ncontexts: [{name: a, context: {cluster: c, user: u}}]", "a", "User 'u' in '{path}': exec apiVersion 'client.authentication.k8s.io/v1alpha1' is not supported; use client.authentication.k8s.io/v1 or client.authentication.k8s.io/v1beta1." },
        { "clusters: [\n  - name: c\n bad", null, "Kubeconfig '{path}' is not valid (line " },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void Mistakes_are_reported_with_the_file_and_the_entry_to_fix(string yaml, string? context, string expected)
    {
        var path = _dir.Write("config", yaml);

        var error = Assert.Throws<KubernetesConfigurationException>(() => Load(path, context));

        Assert.StartsWith(expected.Replace("{path}", path, StringComparison.Ordinal).Replace("{dir}", _dir.Path, StringComparison.Ordinal), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cluster_with_both_a_ca_and_insecure_skip_verify_is_refused()
    {
        using var ca = TestCertificates.CreateAuthority();
        var path = _dir.Write("config", Config($"server: https://k8s.test\ncertificate-authority-data: {Base64(ca.ExportCertificatePem())}\ninsecure-skip-tls-verify: true", "token: t"));

        var error = Assert.Throws<KubernetesConfigurationException>(() => Load(path));

        Assert.Contains("sets both a certificate authority and insecure-skip-tls-verify", error.Message, StringComparison.Ordinal);
    }
}
