using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Rollouts.Testing;

namespace Rollouts.Cli.Tests.Analysis;

/// <summary>
/// kubectl rollouts analyze with judge metrics: the canary and baseline range queries asked of a Prometheus (a fake
/// that serves fixed samples per query), one judgement of all judge metrics with the template's thresholds, and the
/// judge's verdict, score and each metric's share printed as the operator would decide them.
/// </summary>
public sealed class AnalyzeJudgeTests
{
    private const string Template = """
        apiVersion: rollouts.dev/v1alpha1
        kind: AnalysisTemplate
        metadata: {name: judged}
        spec:
          args:
          - name: canary
          metrics:
          - name: latency
            provider:
              judge:
                canaryQuery: latency{version="{{args.canary}}"}
                baselineQuery: latency{version="stable"}
                lookback: 5m
                step: 15s
          - name: errors
            provider:
              judge:
                canaryQuery: errors{version="{{args.canary}}"}
                baselineQuery: errors{version="stable"}
                critical: true
        """;

    [Fact]
    public async Task A_critical_judge_metric_clearly_worse_than_its_baseline_fails_the_judge_and_each_metrics_share_is_printed()
    {
        await using var prometheus = await FakeHttpServer.StartAsync(AnswerRangeQueries);
        var file = Write(Template);

        var (code, stdout, stderr) = await Run(["analyze", "-f", file, "--arg", "canary=bad", "--prometheus-address", prometheus.Url.ToString()]);

        Assert.True(code == 1, stdout + stderr);
        Assert.Equal("", stderr);
        // Every judge metric records the judge's verdict on the run, its score as value, and its own judgement.
        Assert.Matches(@"\n  latency\s+Failed\s+50\s+Fail: critical metric 'errors' failed: significant increase.*; this metric: Pass: no significant increase", stdout);
        Assert.Matches(@"\n  errors\s+Failed\s+50\s+Fail: critical metric 'errors' failed: .*; this metric: Fail: significant increase", stdout);
        Assert.Contains("\n  judge: Fail, score 50 (Pass from 95, Marginal from 75): critical metric 'errors' failed", stdout, StringComparison.Ordinal);
        Assert.Matches(@"\n    latency\s+Pass\s+1\s+50\s+\S+\s+0\.0%\s+canary 20, baseline 20\n", stdout);
        Assert.Matches(@"\n    errors\s+Fail\*\s+1\s+0\s+\S+\s+\+200\.0%\s+canary 20, baseline 20\n", stdout);

        // Both queries of both metrics, as range queries over the lookback at the step, arguments substituted.
        var asked = prometheus.Requests.Select(r => Form(r.Body)).ToList();
        Assert.Equal(4, asked.Count);
        Assert.All(prometheus.Requests, r => Assert.Equal("/api/v1/query_range", r.Path));
        Assert.Equal(
            ["errors{version=\"bad\"}", "errors{version=\"stable\"}", "latency{version=\"bad\"}", "latency{version=\"stable\"}"],
            asked.Select(f => f["query"]).Order(StringComparer.Ordinal));
        var latency = asked.Single(f => f["query"] == "latency{version=\"bad\"}");
        Assert.Equal("15", latency["step"]);
        Assert.Equal(300, double.Parse(latency["end"], CultureInfo.InvariantCulture) - double.Parse(latency["start"], CultureInfo.InvariantCulture), 0.01);
    }

    [Fact]
    public async Task A_canary_like_its_baseline_passes_the_judge_and_analyze_succeeds()
    {
        await using var prometheus = await FakeHttpServer.StartAsync(AnswerRangeQueries);
        var named = Template.Replace("- name: latency\n    provider:\n      judge:\n",
            $"- name: latency\n    provider:\n      judge:\n        address: {prometheus.Url}\n", StringComparison.Ordinal);
        Assert.NotEqual(Template, named);
        var file = Write(named);

        // The latency metric names its Prometheus; errors has none and no --prometheus-address is given.
        var (missingCode, _, missing) = await Run(["analyze", "-f", file, "--arg", "canary=good"]);
        var (code, stdout, stderr) = await Run(["analyze", "-f", file, "--arg", "canary=good", "--prometheus-address", prometheus.Url.ToString()]);

        Assert.True(code == 0, stdout + stderr);
        Assert.Matches(@"\n  latency\s+Successful\s+100\s+Pass: score 100 >= 95; this metric: Pass", stdout);
        Assert.Matches(@"\n  errors\s+Successful\s+100\s+Pass: score 100 >= 95; this metric: Pass", stdout);
        Assert.Contains("\n  judge: Pass, score 100 (Pass from 95, Marginal from 75): score 100 >= 95\n", stdout, StringComparison.Ordinal);
        Assert.Equal(1, missingCode);
        Assert.Contains(
            "error: AnalysisTemplate judged: metrics \"latency\", \"errors\" cannot be measured: judge metric \"errors\": "
            + "no Prometheus address: set provider.judge.address or pass --prometheus-address",
            missing, StringComparison.Ordinal);
    }

    /// <summary>
    /// Twenty samples per query: the baseline and a good canary at 100..119, a bad canary's errors three times higher
    /// (a shift of +200%; the template leaves direction and allowedEffect at their defaults, Increase and 0.1).
    /// </summary>
    private static async Task AnswerRangeQueries(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var query = form["query"].ToString();
        var start = double.Parse(form["start"].ToString(), CultureInfo.InvariantCulture);
        var factor = query == "errors{version=\"bad\"}" ? 3 : 1;
        var values = string.Join(",", Enumerable.Range(0, 20).Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"[{start + (15 * i)},\"{(100 + i) * factor}\"]")));
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(
            $$$"""{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"q":"{{{query.Replace("\"", "\\\"", StringComparison.Ordinal)}}}"},"values":[{{{values}}}]}]}}""",
            context.RequestAborted);
    }

    private static Dictionary<string, string> Form(string body) => body.Split('&').Select(p => p.Split('=', 2))
        .ToDictionary(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => Uri.UnescapeDataString(p[1].Replace('+', ' ')), StringComparer.Ordinal);

    private static string Write(string template)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("rollouts-analyze-").FullName, "template.yaml");
        File.WriteAllText(file, template, Encoding.UTF8);
        return file;
    }

    private static async Task<(int Code, string Stdout, string Stderr)> Run(string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, new CliConsole(stdout, stderr, isTerminal: false));
        return (code, stdout.ToString(), stderr.ToString());
    }
}
