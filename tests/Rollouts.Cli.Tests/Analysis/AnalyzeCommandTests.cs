using System.Net;
using System.Net.Sockets;
using System.Text;
using Rollouts.Cli.Tests.Support;

namespace Rollouts.Cli.Tests.Analysis;

/// <summary>kubectl rollouts analyze: each metric measured once against a real (local) web endpoint, with value and verdict.</summary>
public sealed class AnalyzeCommandTests
{
    [Fact]
    public async Task Analyze_prints_each_metrics_value_and_verdict_and_fails_when_one_fails()
    {
        using var listener = StartServer(out var url);
        var serving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                var body = Encoding.UTF8.GetBytes(context.Request.Url!.AbsolutePath.EndsWith("/web-canary", StringComparison.Ordinal)
                    ? """{"data":{"rate":0.999}}""" : """{"data":{"rate":0.5}}""");
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        });
        var file = Path.Combine(Directory.CreateTempSubdirectory("rollouts-analyze-").FullName, "template.yaml");
        File.WriteAllText(file, $$"""
            apiVersion: rollouts.dev/v1alpha1
            kind: AnalysisTemplate
            metadata: {name: web-rate}
            spec:
              args:
              - name: service
              metrics:
              - name: canary-rate
                successCondition: result >= 0.99
                provider:
                  web: {url: "{{url}}rate/{{"{{"}}args.service{{"}}"}}", jsonPath: "$.data.rate"}
              - name: stable-rate
                successCondition: result >= 0.99
                provider:
                  web: {url: "{{url}}rate/web-stable", jsonPath: "$.data.rate"}
            """);

        var (code, stdout, stderr) = await Run(["analyze", "-f", file, "--arg", "service=web-canary"]);
        var (missingCode, _, missing) = await Run(["analyze", "-f", file]);
        var (twiceCode, _, twice) = await Run(["analyze", "-f", file, "--arg", "service=a", "--arg", "service=b"]);
        listener.Stop();
        await serving;

        Assert.True(code == 1, stdout + stderr);
        Assert.StartsWith("AnalysisTemplate web-rate:\n", stdout, StringComparison.Ordinal);
        Assert.Matches(@"\n  canary-rate\s+Successful\s+0\.999", stdout);
        Assert.Matches(@"\n  stable-rate\s+Failed\s+0\.5", stdout);
        Assert.Equal(1, missingCode);
        Assert.Contains("the template's argument service needs a value: add --arg service=VALUE", missing, StringComparison.Ordinal);
        Assert.Equal(1, twiceCode);
        Assert.Contains("error: --arg service is given twice; give each argument once", twice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_argument_from_a_secret_is_read_from_the_cluster_unless_given_and_a_missing_one_is_named()
    {
        using var listener = StartServer(out var url);
        var serving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                // The token is the secret: only the right one gets a good rate.
                var body = Encoding.UTF8.GetBytes(context.Request.Url!.AbsolutePath.EndsWith("/s3cret", StringComparison.Ordinal)
                    ? """{"rate":0.999}""" : """{"rate":0.1}""");
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        });
        var sandbox = await SharedSandbox.GetAsync();
        var kubectl = await PluginRunner.StartAsync(sandbox.KubeconfigPath);
        (await kubectl.RunAsync(["create", "namespace", "analyze-secret"])).EnsureSuccess();
        (await kubectl.RunAsync(["create", "secret", "generic", "rate-token", "-n", "analyze-secret", "--from-literal=token=s3cret"])).EnsureSuccess();
        var file = Path.Combine(Directory.CreateTempSubdirectory("rollouts-analyze-").FullName, "template.yaml");
        File.WriteAllText(file, $$"""
            apiVersion: rollouts.dev/v1alpha1
            kind: AnalysisTemplate
            metadata: {name: web-rate}
            spec:
              args:
              - name: token
                valueFrom:
                  secretKeyRef: {name: rate-token, key: token}
              metrics:
              - name: rate
                successCondition: result >= 0.99
                provider:
                  web: {url: "{{url}}rate/{{"{{"}}args.token{{"}}"}}", jsonPath: "$.rate"}
            """);

        var read = await kubectl.RolloutsAsync("analyze", "-f", file, "-n", "analyze-secret");
        var overridden = await kubectl.RolloutsAsync("analyze", "-f", file, "-n", "analyze-secret", "--arg", "token=wrong");
        var offline = await new PluginRunner(await PublishedPlugin.DirectoryAsync(), kubeconfig: null).RolloutsAsync("analyze", "-f", file, "--arg", "token=s3cret");
        var missing = await kubectl.RolloutsAsync("analyze", "-f", file, "-n", "default");
        listener.Stop();
        await serving;

        Assert.True(read.ExitCode == 0, read.ToString());
        Assert.Matches(@"\n  rate\s+Successful\s+0\.999", read.Stdout);
        Assert.DoesNotContain("s3cret", read.Stdout + read.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, overridden.ExitCode);
        Assert.Matches(@"\n  rate\s+Failed\s+0\.1", overridden.Stdout);
        Assert.True(offline.ExitCode == 0, offline.ToString());
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains(
            "error: AnalysisTemplate web-rate: metric \"rate\" cannot be measured: argument \"token\" (spec.args[0].valueFrom.secretKeyRef): Secret \"default/rate-token\" not found",
            missing.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("spec: {metrics: 5}", "template.yaml:1: AnalysisTemplate bad: cannot be read at spec.metrics")]
    [InlineData("spec: {metrics: [{name: j, provider: {judge: {canaryQuery: a, baselineQuery: b, confidenceLevel: 1.5}}}]}",
        "template.yaml:1: AnalysisTemplate bad is invalid: spec.metrics[0].provider.judge.confidenceLevel")]
    [InlineData("spec: {metrics: [{name: n}]}", "template.yaml:1: AnalysisTemplate bad is invalid: spec.metrics[0].provider")]
    public async Task A_bad_template_is_an_error_naming_where_it_is_wrong_and_nothing_is_measured(string spec, string error)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("rollouts-analyze-").FullName, "template.yaml");
        File.WriteAllText(file, $"apiVersion: rollouts.dev/v1alpha1\nkind: AnalysisTemplate\nmetadata: {{name: bad}}\n{spec}\n");

        var (code, stdout, stderr) = await Run(["analyze", "-f", file]);

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.StartsWith($"error: {Path.GetDirectoryName(file)}/{error}", stderr, StringComparison.Ordinal);
    }

    private static HttpListener StartServer(out string url)
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        url = $"http://127.0.0.1:{port}/";
        var listener = new HttpListener();
        listener.Prefixes.Add(url);
        listener.Start();
        return listener;
    }

    private static async Task<(int Code, string Stdout, string Stderr)> Run(string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, new CliConsole(stdout, stderr, isTerminal: false));
        return (code, stdout.ToString(), stderr.ToString());
    }
}
