using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Rollouts.Testing;

namespace Rollouts.Sandbox.Tests.Kubectl;

/// <summary>The sandbox's real command line, <c>rollouts-sandbox api</c>, as a process that kubectl talks to.</summary>
public sealed class CommandLineTests
{
    private const int SigTerm = 15;

    [Fact]
    public async Task The_api_command_prints_its_kubeconfig_and_prometheus_serves_kubectl_and_exits_cleanly_on_SIGTERM()
    {
        var directory = Directory.CreateTempSubdirectory("rollouts-sandbox-cli-").FullName;
        var kubeconfig = Path.Combine(directory, "kubeconfig");
        using var process = SandboxProcess.Start("api", "--port", "0", "--kubeconfig-out", kubeconfig);
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            using var startup = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var first = await process.StandardOutput.ReadLineAsync(startup.Token);
            Assert.Equal($"KUBECONFIG={kubeconfig}", first);
            var second = await process.StandardOutput.ReadLineAsync(startup.Token);
            var address = Regex.Match(second ?? "", "^PROMETHEUS=(http://127\\.0\\.0\\.1:[0-9]+)$");
            Assert.True(address.Success, $"second line: {second}");
            await AssertScrapesTrafficAsync(new Uri(address.Groups[1].Value));

            var namespaces = await new Rollouts.Testing.Kubectl(kubeconfig, Path.Combine(directory, "cache")).RunAsync("get", "ns");

            Assert.Equal((0, ""), (namespaces.ExitCode, namespaces.Stderr));
            var table = KubectlTable.Parse(namespaces.Stdout);
            Assert.Equal(["NAME", "STATUS", "AGE"], table.Columns);
            Assert.Equal(["default", "kube-node-lease", "kube-public", "kube-system"], table.Column("NAME"));
            Assert.All(table.Column("STATUS"), status => Assert.Equal("Active", status));

            Assert.Equal(0, Kill(process.Id, SigTerm));
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(stopping.Token);
            Assert.Equal(0, process.ExitCode);
            Assert.Null(await process.StandardOutput.ReadLineAsync(stopping.Token));
            Assert.False(await PortOpenAsync(new Uri(address.Groups[1].Value)), "Prometheus still listens after the sandbox stopped");
            Assert.StartsWith("API server listening on https://127.0.0.1:", await stderr, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task The_up_command_prints_kubeconfig_prometheus_and_the_operators_metrics()
    {
        var directory = Directory.CreateTempSubdirectory("rollouts-sandbox-up-").FullName;
        var kubeconfig = Path.Combine(directory, "kubeconfig");
        using var process = SandboxProcess.Start("up", "--kubeconfig-out", kubeconfig);
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            using var startup = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            Assert.Equal($"KUBECONFIG={kubeconfig}", await process.StandardOutput.ReadLineAsync(startup.Token));
            Assert.Matches("^PROMETHEUS=http://127\\.0\\.0\\.1:[0-9]+$", await process.StandardOutput.ReadLineAsync(startup.Token));
            var metricsLine = await process.StandardOutput.ReadLineAsync(startup.Token) ?? "";
            var metrics = Regex.Match(metricsLine, "^METRICS=(http://127\\.0\\.0\\.1:[0-9]+/metrics)$");
            Assert.True(metrics.Success, $"third line: {metricsLine}");

            using var http = new HttpClient();
            var text = await http.GetStringAsync(new Uri(metrics.Groups[1].Value));
            Assert.Contains("# TYPE rollouts_build_info gauge", text, StringComparison.Ordinal);

            Assert.Equal(0, Kill(process.Id, SigTerm));
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await process.WaitForExitAsync(stopping.Token);
            Assert.True(process.ExitCode == 0, await stderr);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The printed Prometheus answers queries and scrapes the traffic simulator (its target is up).</summary>
    private static async Task AssertScrapesTrafficAsync(Uri prometheus)
    {
        using var http = new HttpClient { BaseAddress = prometheus };
        string? last = null;
        await Eventually.WaitUntilAsync(async () =>
        {
            last = await http.GetStringAsync(new Uri("/api/v1/query?query=" + Uri.EscapeDataString("up{job=\"sandbox\"}"), UriKind.Relative));
            return last.Contains("\"value\":[", StringComparison.Ordinal) && last.Contains("\"1\"]", StringComparison.Ordinal);
        }, $"Prometheus at {prometheus} to scrape the traffic simulator (last answer: {last})");
    }

    private static async Task<bool> PortOpenAsync(Uri url)
    {
        using var client = new System.Net.Sockets.TcpClient();
        try
        {
            await client.ConnectAsync(url.Host, url.Port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    // A plain DllImport: LibraryImport would need unsafe code enabled for the whole test project.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
