using System.Net;
using System.Net.Sockets;
using System.Text;

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
        listener.Stop();
        await serving;

        Assert.True(code == 1, stdout + stderr);
        Assert.StartsWith("AnalysisTemplate web-rate:\n", stdout, StringComparison.Ordinal);
        Assert.Matches(@"\n  canary-rate\s+Successful\s+0\.999", stdout);
        Assert.Matches(@"\n  stable-rate\s+Failed\s+0\.5", stdout);
        Assert.Equal(1, missingCode);
        Assert.Contains("the template's argument service needs a value: add --arg service=VALUE", missing, StringComparison.Ordinal);
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
