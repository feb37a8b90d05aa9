using System.Text.Json.Nodes;
using Rollouts.Kubernetes.Client.Config;
using Rollouts.Kubernetes.Tests.Client.Testing;

namespace Rollouts.Kubernetes.Tests.Client.Config;

/// <summary>A credential plugin written as a shell script: it counts its runs and prints a token that expires at EXPIRY.</summary>
public class ExecCredentialSourceTests : IDisposable
{
    private const string Plugin = """
        #!/bin/sh
        here="$(dirname "$0")"
        n=$(cat "$here/runs" 2>/dev/null || echo 0)
        n=$((n + 1))
        echo "$n" > "$here/runs"
        printf '%s' "$KUBERNETES_EXEC_INFO" > "$here/exec-info.json"
        printf '%s\n' "$@" > "$here/args"
        if [ -n "$FAIL" ]; then echo "login required: run 'cloud login'" >&2; exit 3; fi
        printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s-%s","expirationTimestamp":"%s"}}' "$PREFIX" "$n" "$EXPIRY"
        """;

    private readonly TempDirectory _dir = new();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    private int Runs => File.Exists(Path.Combine(_dir.Path, "bin", "runs")) ? int.Parse(File.ReadAllText(Path.Combine(_dir.Path, "bin", "runs")).Trim(), System.Globalization.CultureInfo.InvariantCulture) : 0;

    /// <summary>A kubeconfig in kube/ whose user runs the plugin in bin/ through a path relative to the kubeconfig.</summary>
    private KubernetesConnection Connect(string command = "../bin/plugin.sh", bool fail = false, string installHint = "")
    {
        var script = _dir.Write("bin/plugin.sh", Plugin);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var config = _dir.Write("kube/config", $"""
            current-context: c
            clusters:
            - name: c
              cluster:
                server: https://k8s.test:6443
                tls-server-name: api.k8s.test
            users:
            - name: u
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: {command}
                  args: [get-token, --cluster, dev]
                  interactiveMode: Never
                  provideClusterInfo: true
                  installHint: "{installHint}"
                  env:
                  - name: PREFIX
                    value: tok
                  - name: EXPIRY
                    value: "2030-01-01T01:00:00Z"
                  - name: FAIL
                    value: "{(fail ? "yes" : "")}"
            contexts:
            - name: c
              context:
                cluster: c
                user: u
            """);
        return KubernetesConnection.FromKubeConfig([config], timeProvider: _time);
    }

    [Fact]
    public async Task The_plugin_runs_once_and_its_token_is_cached_until_shortly_before_expiry()
    {
        var connection = Connect();

        Assert.Equal("tok-1", await connection.Token!.GetTokenAsync(default));
        Assert.Equal("tok-1", await connection.Token.GetTokenAsync(default));
        _time.Advance(new TimeSpan(0, 59, 29));
        Assert.Equal("tok-1", await connection.Token.GetTokenAsync(default));
        Assert.Equal(1, Runs);

        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("tok-2", await connection.Token.GetTokenAsync(default));
        Assert.Equal(2, Runs);
    }

    [Fact]
    public async Task Concurrent_requests_share_one_run()
    {
        var connection = Connect();

        var tokens = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => connection.Token!.GetTokenAsync(default).AsTask()));

        Assert.All(tokens, token => Assert.Equal("tok-1", token));
        Assert.Equal(1, Runs);
    }

    [Fact]
    public async Task A_refused_token_makes_the_plugin_run_again()
    {
        var connection = Connect();
        await connection.Token!.GetTokenAsync(default);

        connection.Token.Invalidate();

        Assert.Equal("tok-2", await connection.Token.GetTokenAsync(default));
    }

    [Fact]
    public async Task The_plugin_gets_its_arguments_and_the_exec_info_with_the_cluster()
    {
        var connection = Connect();

        await connection.Token!.GetTokenAsync(default);

        Assert.Equal("get-token\n--cluster\ndev\n", File.ReadAllText(Path.Combine(_dir.Path, "bin", "args")));
        var info = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir.Path, "bin", "exec-info.json")))!;
        Assert.Equal("client.authentication.k8s.io/v1", (string)info["apiVersion"]!);
        Assert.Equal("ExecCredential", (string)info["kind"]!);
        Assert.False((bool)info["spec"]!["interactive"]!);
        Assert.Equal("https://k8s.test:6443", (string)info["spec"]!["cluster"]!["server"]!);
        Assert.Equal("api.k8s.test", (string)info["spec"]!["cluster"]!["tls-server-name"]!);
    }

    [Fact]
    public async Task A_failing_plugin_reports_its_exit_code_and_what_it_printed()
    {
        var connection = Connect(fail: true);

        var error = await Assert.ThrowsAsync<KubernetesConfigurationException>(() => connection.Token!.GetTokenAsync(default).AsTask());

        Assert.Contains("exec plugin", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("exited with code 3: login required: run 'cloud login'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plugin_that_is_not_installed_says_so_with_the_install_hint()
    {
        var connection = Connect(command: "no-such-plugin-anywhere", installHint: "Install it with 'brew install cloud-auth'.");

        var error = await Assert.ThrowsAsync<KubernetesConfigurationException>(() => connection.Token!.GetTokenAsync(default).AsTask());

        Assert.Contains("exec plugin 'no-such-plugin-anywhere' cannot be started", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("Install it with 'brew install cloud-auth'.", error.Message, StringComparison.Ordinal);
    }
}
