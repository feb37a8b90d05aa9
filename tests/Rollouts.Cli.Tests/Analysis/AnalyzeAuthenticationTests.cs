using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using Rollouts.Cli.Tests.Support;
using Rollouts.Sandbox.ApiServer;
using Rollouts.Testing;

namespace Rollouts.Cli.Tests.Analysis;

/// <summary>
/// kubectl rollouts analyze against a Prometheus that requires credentials (a fake that answers 401 without them),
/// the credentials read from Secrets in the sandbox as the operator reads them: found, missing, refused (403),
/// and no cluster to ask.
/// </summary>
public sealed class AnalyzeAuthenticationTests
{
    private const string Token = "t0ken-s3cret";
    private const string Password = "pa55-w0rd";

    [Fact]
    public async Task Credentials_from_secrets_reach_prometheus_and_never_the_output()
    {
        await using var prometheus = await FakeHttpServer.StartAsync(RequireCredentials);
        var kubectl = await PluginRunner.StartAsync((await SharedSandbox.GetAsync()).KubeconfigPath);
        await CreateSecretsAsync(kubectl, "analyze-auth");
        var file = WriteTemplate(prometheus.Url);

        var read = await kubectl.RolloutsAsync("analyze", "-f", file, "-n", "analyze-auth");

        Assert.True(read.ExitCode == 0, read.ToString());
        Assert.Matches(@"\n  bearer\s+Successful\s+\[0\.999\]", read.Stdout);
        Assert.Matches(@"\n  basic\s+Successful\s+\[0\.999\]", read.Stdout);
        Assert.DoesNotContain(Token, read.Stdout + read.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, read.Stdout + read.Stderr, StringComparison.Ordinal);
        Assert.Contains(prometheus.Requests, r => r.Path == "/bearer/api/v1/query" && r.Headers["Authorization"] == $"Bearer {Token}");
        Assert.Contains(prometheus.Requests, r => r.Path == "/basic/api/v1/query"
            && r.Headers["Authorization"] == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"reader:{Password}")));
    }

    [Fact]
    public async Task A_missing_secret_or_key_is_an_error_naming_the_template_field_and_nothing_is_asked_without_credentials()
    {
        await using var prometheus = await FakeHttpServer.StartAsync(RequireCredentials);
        var kubectl = await PluginRunner.StartAsync((await SharedSandbox.GetAsync()).KubeconfigPath);
        (await kubectl.RunAsync(["create", "namespace", "analyze-auth-key"])).EnsureSuccess();
        (await kubectl.RunAsync(["create", "secret", "generic", "prom-token", "-n", "analyze-auth-key", "--from-literal=other=x"])).EnsureSuccess();
        var file = WriteTemplate(prometheus.Url);

        var missing = await kubectl.RolloutsAsync("analyze", "-f", file, "-n", "default");
        var noKey = await kubectl.RolloutsAsync("analyze", "-f", file, "-n", "analyze-auth-key");

        Assert.Equal(1, missing.ExitCode);
        Assert.Matches(@"\n  bearer\s+Error\s+-\s+cannot be measured\n", missing.Stdout);
        Assert.Contains(
            "error: AnalysisTemplate authenticated: metric \"bearer\" cannot be measured: "
            + "spec.metrics[0].provider.prometheus.authentication.bearer.secretKeyRef: Secret \"default/prom-token\" not found\n",
            missing.Stderr, StringComparison.Ordinal);
        Assert.Contains(
            "error: AnalysisTemplate authenticated: metric \"basic\" cannot be measured: "
            + "spec.metrics[1].provider.prometheus.authentication.basic.usernameSecretKeyRef: Secret \"default/prom-basic\" not found\n",
            missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, noKey.ExitCode);
        Assert.Contains(
            "metric \"bearer\" cannot be measured: spec.metrics[0].provider.prometheus.authentication.bearer.secretKeyRef: "
            + "Secret \"analyze-auth-key/prom-token\" has no key \"token\"",
            noKey.Stderr, StringComparison.Ordinal);
        Assert.Empty(prometheus.Requests);
    }

    [Fact]
    public async Task A_secret_read_refused_with_403_is_an_error_naming_the_field_and_the_secret()
    {
        await using var prometheus = await FakeHttpServer.StartAsync(RequireCredentials);
        var sandbox = await SharedSandbox.GetAsync();
        var kubectl = await PluginRunner.StartAsync(sandbox.KubeconfigPath);
        await CreateSecretsAsync(kubectl, "analyze-auth-refused");
        await using var proxy = await RefusingProxy.StartAsync(sandbox.KubeconfigPath, ApiServerOptions.DefaultUser,
            r => r.Method == "GET" && r.Path == "/api/v1/namespaces/analyze-auth-refused/secrets/prom-token");
        var plugin = new PluginRunner(await PublishedPlugin.DirectoryAsync(), proxy.Kubeconfig);
        var file = WriteTemplate(prometheus.Url);

        var refused = await plugin.RolloutsAsync("analyze", "-f", file, "-n", "analyze-auth-refused");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains(
            "error: AnalysisTemplate authenticated: metric \"bearer\" cannot be measured: spec.metrics[0].provider.prometheus.authentication.bearer.secretKeyRef: "
            + "you may not get Secret \"analyze-auth-refused/prom-token\" (forbidden)\n",
            refused.Stderr, StringComparison.Ordinal);
        // The other Secret may be read: that metric is measured.
        Assert.Matches(@"\n  basic\s+Successful\s+\[0\.999\]", refused.Stdout);
    }

    [Fact]
    public async Task Without_a_cluster_to_read_the_secret_from_the_error_says_so_and_names_the_field()
    {
        await using var prometheus = await FakeHttpServer.StartAsync(RequireCredentials);
        var directory = Directory.CreateTempSubdirectory("rollouts-analyze-").FullName;
        var unreachable = Path.Combine(directory, "kubeconfig");
        File.WriteAllText(unreachable, $$$"""
            apiVersion: v1
            kind: Config
            clusters: [{name: gone, cluster: {server: "http://127.0.0.1:{{{ClosedPort()}}}"}}]
            users: [{name: me, user: {token: abc}}]
            contexts: [{name: gone, context: {cluster: gone, user: me, namespace: shop}}]
            current-context: gone
            """);
        var file = WriteTemplate(prometheus.Url);

        var (noServer, _, noServerError) = await Run(["analyze", "-f", file, "--kubeconfig", unreachable]);
        var (noConfig, _, noConfigError) = await Run(["analyze", "-f", file, "--kubeconfig", Path.Combine(directory, "absent")]);

        Assert.Equal(1, noServer);
        Assert.Contains(
            "metric \"bearer\" cannot be measured: spec.metrics[0].provider.prometheus.authentication.bearer.secretKeyRef: "
            + "cannot read Secret \"shop/prom-token\": cannot reach the API server",
            noServerError, StringComparison.Ordinal);
        Assert.Equal(1, noConfig);
        Assert.Contains(
            "metric \"bearer\" cannot be measured: spec.metrics[0].provider.prometheus.authentication.bearer.secretKeyRef: "
            + "no cluster to read Secret \"prom-token\" from: kubeconfig:",
            noConfigError, StringComparison.Ordinal);
        Assert.Empty(prometheus.Requests);
    }

    /// <summary>An instant query answered 0.999 under /bearer/ with the token, under /basic/ with the user and password; 401 otherwise.</summary>
    private static async Task RequireCredentials(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var path = context.Request.Path.Value ?? "";
        var allowed = path.StartsWith("/bearer/", StringComparison.Ordinal)
            ? authorization == $"Bearer {Token}"
            : path.StartsWith("/basic/", StringComparison.Ordinal)
              && authorization == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"reader:{Password}"));
        context.Response.ContentType = "application/json";
        if (!allowed)
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsync("""{"status":"error","errorType":"unauthorized","error":"unauthorized"}""", context.RequestAborted);
            return;
        }

        await context.Response.WriteAsync(
            """{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1700000000,"0.999"]}]}}""", context.RequestAborted);
    }

    private static async Task CreateSecretsAsync(PluginRunner kubectl, string ns)
    {
        (await kubectl.RunAsync(["create", "namespace", ns])).EnsureSuccess();
        (await kubectl.RunAsync(["create", "secret", "generic", "prom-token", "-n", ns, $"--from-literal=token={Token}"])).EnsureSuccess();
        (await kubectl.RunAsync(["create", "secret", "generic", "prom-basic", "-n", ns, "--from-literal=user=reader", $"--from-literal=password={Password}"]))
            .EnsureSuccess();
    }

    private static string WriteTemplate(Uri prometheus)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("rollouts-analyze-").FullName, "template.yaml");
        File.WriteAllText(file, $$$"""
            apiVersion: rollouts.dev/v1alpha1
            kind: AnalysisTemplate
            metadata: {name: authenticated}
            spec:
              metrics:
              - name: bearer
                successCondition: result[0] >= 0.99
                provider:
                  prometheus:
                    address: {{{prometheus}}}bearer
                    query: up
                    authentication:
                      bearer: {secretKeyRef: {name: prom-token, key: token}}
              - name: basic
                successCondition: result[0] >= 0.99
                provider:
                  prometheus:
                    address: {{{prometheus}}}basic
                    query: up
                    authentication:
                      basic:
                        usernameSecretKeyRef: {name: prom-basic, key: user}
                        passwordSecretKeyRef: {name: prom-basic, key: password}
            """);
        return file;
    }

    private static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private static async Task<(int Code, string Stdout, string Stderr)> Run(string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, new CliConsole(stdout, stderr, isTerminal: false));
        return (code, stdout.ToString(), stderr.ToString());
    }
}
