using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Rollouts.Sandbox;
using Rollouts.Sandbox.ApiServer;
using Rollouts.Sandbox.Processes;

namespace Rollouts.Bench;

/// <summary>
/// <c>abort</c>: the traffic simulator and a real Prometheus (scrape 1 s); Rollouts whose new version fails half its
/// requests, watched by a background analysis every <see cref="IntervalSeconds"/> s. For each: the time from the
/// first second at which Prometheus shows the canary's error rate above the failure threshold to the server
/// accepting canary weight 0.
/// </summary>
internal sealed class AbortBenchmark(string operatorAssembly, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> arguments, TextWriter log)
{
    public const int IntervalSeconds = 5;
    private const int Rollouts = 3;
    private const double Threshold = 0.1;

    public async Task<Dictionary<string, double>> RunAsync()
    {
        await using var world = await BenchWorld.StartAsync(new ApiServerOptions { Seed = 1, SimulateTraffic = true }).ConfigureAwait(false);
        await using var prometheus = await SandboxUp.StartPrometheusAsync(world.Server).ConfigureAwait(false);
        await using var op = await OperatorProcess.StartAsync(new OperatorProcessOptions
        {
            AssemblyPath = operatorAssembly,
            KubeconfigPath = world.KubeconfigPath,
            Environment = environment,
            Arguments = ["--prometheus-address", prometheus.Address, .. arguments],
        }).ConfigureAwait(false);
        await using var tracker = new StepTracker(world.Server.Store);

        var template = JsonNode.Parse("""
            {"apiVersion": "rollouts.dev/v1alpha1", "kind": "AnalysisTemplate", "metadata": {"name": "error-rate"},
             "spec": {"args": [{"name": "ingress"}], "metrics": [{
               "name": "error-rate", "failureLimit": 0, "inconclusiveLimit": 1000,
               "missingData": {"empty": "Inconclusive", "nan": "Inconclusive"}}]}}
            """)!.AsObject();
        var metric = template["spec"]!["metrics"]![0]!.AsObject();
        metric["interval"] = $"{IntervalSeconds}s";
        metric["successCondition"] = $"result[0] <= {Threshold.ToString(CultureInfo.InvariantCulture)}";
        metric["failureCondition"] = $"result[0] > {Threshold.ToString(CultureInfo.InvariantCulture)}";
        metric["provider"] = new JsonObject { ["prometheus"] = new JsonObject { ["query"] = Query("{{args.ingress}}") } };
        world.Create(world.AnalysisTemplates, BenchWorld.Namespace, template);
        var steps = JsonNode.Parse("""[{"setWeight": 20}, {"pause": {}}]""")!.AsArray();
        for (var i = 0; i < Rollouts; i++)
        {
            var name = "a" + i.ToString(CultureInfo.InvariantCulture);
            var analysis = JsonNode.Parse($$"""{"templates": [{"templateName": "error-rate"}], "args": [{"name": "ingress", "value": "{{name}}"}]}""")!.AsObject();
            world.CreateRollout(name, BenchObjects.Rollout(name, "web:1", steps.DeepClone().AsArray(), analysis, Env("0")));
        }

        await WaitAsync(() => world.ListRollouts().All(r => r["status"]?["phase"]?.GetValue<string>() == "Healthy"), "Healthy", op).ConfigureAwait(false);
        tracker.BeginRound(world.ListRollouts().ToDictionary(
            r => r["metadata"]!["name"]!.GetValue<string>(), r => r["status"]!["stableRS"]!.GetValue<string>(), StringComparer.Ordinal));
        var changedAt = DateTimeOffset.UtcNow;
        for (var i = 0; i < Rollouts; i++)
        {
            world.SetTemplate("a" + i.ToString(CultureInfo.InvariantCulture), "web:2", Env("0.5"));
            // Staggered so that the analyses' phases differ with respect to when the errors show.
            await Task.Delay(TimeSpan.FromSeconds(IntervalSeconds / (double)Rollouts)).ConfigureAwait(false);
        }

        await WaitAsync(() => Enumerable.Range(0, Rollouts).All(i => tracker.Of("a" + i.ToString(CultureInfo.InvariantCulture))?.WeightZeroAt is not null),
            "aborted", op).ConfigureAwait(false);

        var result = new Dictionary<string, double>(StringComparer.Ordinal) { ["analysis_interval_seconds"] = IntervalSeconds };
        var delays = new List<double>();
        using var http = new HttpClient { BaseAddress = prometheus.Url };
        for (var i = 0; i < Rollouts; i++)
        {
            var name = "a" + i.ToString(CultureInfo.InvariantCulture);
            var zero = Wall(tracker.Of(name)!.WeightZeroAt!.Value);
            var visible = await FirstAboveAsync(http, Query(name), changedAt.AddSeconds(-5), zero).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Prometheus never showed {name}'s error rate above {Threshold} before its weight went to 0");
            var delay = (zero - visible).TotalSeconds;
            delays.Add(delay);
            log.WriteLine($"{name}: error rate visible {visible:HH:mm:ss}, weight 0 at {zero:HH:mm:ss.fff}: {delay:F2} s (interval {IntervalSeconds} s)");
            result[$"{name}_abort_seconds"] = Math.Round(delay, 2);
        }

        result["abort_seconds_max"] = Math.Round(delays.Max(), 2);
        result["abort_seconds_median"] = Math.Round(Percentiles.Of(delays, 50), 2);
        return result;
    }

    private static string Query(string ingress) =>
        $"(sum(rate(nginx_ingress_controller_requests{{ingress=\"{ingress}\",canary!=\"\",status=~\"5..\"}}[5s])) or vector(0)) / "
        + $"sum(rate(nginx_ingress_controller_requests{{ingress=\"{ingress}\",canary!=\"\"}}[5s]))";

    private static JsonArray Env(string errorRate) => new(new JsonObject { ["name"] = "ERROR_RATE", ["value"] = errorRate });

    /// <summary>The first whole second in [from, to] at which <paramref name="query"/> is above the threshold.</summary>
    private static async Task<DateTimeOffset?> FirstAboveAsync(HttpClient http, string query, DateTimeOffset from, DateTimeOffset to)
    {
        var url = $"api/v1/query_range?query={Uri.EscapeDataString(query)}&start={from.ToUnixTimeSeconds()}&end={to.ToUnixTimeSeconds() + 1}&step=1";
        var body = JsonNode.Parse(await http.GetStringAsync(new Uri(url, UriKind.Relative)).ConfigureAwait(false));
        foreach (var series in body?["data"]?["result"]?.AsArray() ?? [])
        {
            foreach (var point in series!["values"]!.AsArray())
            {
                var value = double.Parse(point![1]!.GetValue<string>(), CultureInfo.InvariantCulture);
                if (value > Threshold)
                {
                    return DateTimeOffset.FromUnixTimeMilliseconds((long)(point[0]!.GetValue<double>() * 1000));
                }
            }
        }

        return null;
    }

    /// <summary>The wall-clock time of a Stopwatch timestamp.</summary>
    private static DateTimeOffset Wall(long timestamp) => DateTimeOffset.UtcNow - Stopwatch.GetElapsedTime(timestamp);

    private static async Task WaitAsync(Func<bool> condition, string what, OperatorProcess op)
    {
        var started = Stopwatch.GetTimestamp();
        while (!condition())
        {
            if (op.HasExited || Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(120))
            {
                throw new TimeoutException($"the Rollouts were not {what} within 120 s:\n{op.Log}");
            }

            // The store is polled.
            await Task.Delay(100).ConfigureAwait(false);
        }
    }
}
