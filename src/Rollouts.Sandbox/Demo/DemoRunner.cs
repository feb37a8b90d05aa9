using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Rollouts.Api.Analysis;
using Rollouts.Api.Rollouts;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Client.Config;
using Rollouts.Kubernetes.Runtime;
using Rollouts.Kubernetes.Runtime.Informers;
using Rollouts.Sandbox.ApiServer;
using Rollouts.Sandbox.Prometheus;

namespace Rollouts.Sandbox.Demo;

/// <summary>
/// <c>rollouts-sandbox demo</c>: everything on one machine (the in-memory API server, simulated workloads and
/// traffic, a real Prometheus, the operator), then two rollouts of samples/canary-analysis.yaml shown live: a
/// healthy version that its analyses pass and the operator promotes, and a faulty one (half its requests fail)
/// that analysis aborts. Ends with a summary; the exit code is 0 when both ended as they should.
/// </summary>
internal sealed class DemoRunner(TextWriter output, bool fast)
{
    private const string Namespace = "default";
    private const string Name = "web";

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly HashSet<string> _shown = new(StringComparer.Ordinal);
    private SharedInformer<Rollout> _rollouts = null!;
    private SharedInformer<AnalysisRun> _runs = null!;
    private string _lastRolloutLine = "";

    private TimeSpan PhaseDeadline => fast ? TimeSpan.FromMinutes(2) : TimeSpan.FromMinutes(4);

    public async Task<int> RunAsync(ILoggerFactory serverLoggers, ILoggerFactory operatorLoggers, CancellationToken stop)
    {
        if (PrometheusProcess.FindBinary() is null)
        {
            await Console.Error.WriteLineAsync(
                "error: the demo needs Prometheus: install Debian's prometheus package (apt-get install -y prometheus) and run it again").ConfigureAwait(false);
            return 1;
        }

        var kubeconfig = Path.Combine(Path.GetTempPath(), $"rollouts-demo-{Environment.ProcessId}.kubeconfig");
        var options = new ApiServerOptions { SimulateTraffic = true, ReadyDelay = TimeSpan.FromMilliseconds(fast ? 200 : 800) };
        await using var sandbox = await SandboxUp.StartAsync(options, kubeconfig, serverLoggers, operatorLoggers, startPrometheus: true, cancellationToken: stop)
            .ConfigureAwait(false);
        Say($"sandbox up: API server {sandbox.Server.Url}, Prometheus {sandbox.Prometheus!.Address}, operator running");
        Say($"(use it meanwhile with: KUBECONFIG={sandbox.KubeconfigPath} kubectl get rollouts,analysisruns)");

        using var client = new KubernetesApiClient(KubernetesConnection.FromKubeConfig([sandbox.KubeconfigPath]));
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var informers = StartInformers(client, watching.Token);
        try
        {
            return await ShowAsync(client, stop).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            Say($"the demo stopped: {e.Message}");
            return 1;
        }
        finally
        {
            await watching.CancelAsync().ConfigureAwait(false);
            await informers.ConfigureAwait(false);
        }
    }

    private async Task<int> ShowAsync(IKubernetesClient client, CancellationToken stop)
    {
        var created = await ManifestApplier.CreateAsync(client, DemoSample.ForDemo(fast), Namespace, stop).ConfigureAwait(false);
        Say($"applied samples/{DemoSample.FileName}: {string.Join(", ", created)}");
        var first = await FollowAsync(s => s.Phase == RolloutPhase.Healthy && s.StableRS is not null, "web:1.0 to become stable", stop).ConfigureAwait(false);

        Say("");
        Say("1. A healthy version: web:1.1. Its analyses measure the canary's success rate in Prometheus at each step.");
        var healthyStart = _clock.Elapsed;
        await SetImageAsync(client, "web:1.1", errorRate: null, stop).ConfigureAwait(false);
        var healthy = await FollowAsync(s => s.StableRS != first.StableRS && s.Phase is RolloutPhase.Healthy or RolloutPhase.Degraded,
            "web:1.1 to be promoted or aborted", stop).ConfigureAwait(false);
        var healthyTime = _clock.Elapsed - healthyStart;

        Say("");
        Say("2. A faulty version: web:1.2, whose pods fail half of their requests (ERROR_RATE=0.5).");
        var faultyStart = _clock.Elapsed;
        await SetImageAsync(client, "web:1.2", errorRate: "0.5", stop).ConfigureAwait(false);
        var faulty = await FollowAsync(s => s.CurrentPodHash != healthy.StableRS && (s.Abort == true && s.Phase == RolloutPhase.Degraded || s.StableRS == s.CurrentPodHash),
            "web:1.2 to be aborted or promoted", stop).ConfigureAwait(false);
        var faultyTime = _clock.Elapsed - faultyStart;

        var promoted = healthy.Phase == RolloutPhase.Healthy && healthy.StableRS != first.StableRS;
        var aborted = faulty.Abort == true && faulty.StableRS == healthy.StableRS && (faulty.Canary?.Weights?.Canary?.Weight ?? 0) == 0;
        Say("");
        Say("Summary");
        Say($"  web:1.1  {(promoted ? "promoted" : "NOT promoted")} after {Seconds(healthyTime)}: every analysis passed, all traffic on web:1.1");
        Say($"  web:1.2  {(aborted ? "aborted" : "NOT aborted")} after {Seconds(faultyTime)}: {faulty.Message}");
        Say(promoted && aborted
            ? "  Both ended as they should: the healthy version went out, the faulty one never took more than its first step's traffic."
            : "  The demo did not end as expected; run with --verbose to see the operator's log.");
        return promoted && aborted ? 0 : 1;
    }

    private async Task SetImageAsync(IKubernetesClient client, string image, string? errorRate, CancellationToken stop)
    {
        var env = new JsonArray();
        if (errorRate is not null)
        {
            env.Add(new JsonObject { ["name"] = "ERROR_RATE", ["value"] = errorRate });
        }

        var patch = new JsonArray(
            new JsonObject { ["op"] = "replace", ["path"] = "/spec/template/spec/containers/0/image", ["value"] = image },
            new JsonObject { ["op"] = "add", ["path"] = "/spec/template/spec/containers/0/env", ["value"] = env });
        await client.Resource<Rollout>().PatchAsync(Namespace, Name, Patch.Json(patch.ToJsonString()), cancellationToken: stop).ConfigureAwait(false);
        Say($"set image {image}{(errorRate is null ? "" : $" with ERROR_RATE={errorRate}")}");
    }

    /// <summary>Prints every change of the Rollout and its analyses until <paramref name="done"/> holds of its status.</summary>
    private async Task<RolloutStatus> FollowAsync(Func<RolloutStatus, bool> done, string what, CancellationToken stop)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
        deadline.CancelAfter(PhaseDeadline);
        while (true)
        {
            var rollout = _rollouts.Cache.Get(new ObjectKey(Namespace, Name));
            if (rollout is not null)
            {
                Show(rollout);
                if (rollout.Status is { } status && status.ObservedGeneration == rollout.Metadata.Generation && done(status))
                {
                    return status;
                }
            }

            try
            {
                await _changes.Reader.ReadAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
                throw new TimeoutException($"waited {PhaseDeadline.TotalMinutes} minutes for {what}");
            }
        }
    }

    private void Show(Rollout rollout)
    {
        var line = DemoProgress.RolloutLine(rollout);
        if (line != _lastRolloutLine)
        {
            _lastRolloutLine = line;
            Say(line);
        }

        foreach (var analysis in DemoProgress.AnalysisLines(_runs.Cache.Snapshot.List(Namespace), rollout.Status?.CurrentPodHash))
        {
            if (_shown.Add(analysis))
            {
                Say(analysis);
            }
        }
    }

    private Task StartInformers(IKubernetesClient client, CancellationToken cancellationToken)
    {
        var scoped = new InformerOptions { Namespace = Namespace };
        _rollouts = new SharedInformer<Rollout>(client.Resource<Rollout>(), scoped);
        _runs = new SharedInformer<AnalysisRun>(client.Resource<AnalysisRun>(), scoped);
        _rollouts.AddHandler(_ => _changes.Writer.TryWrite(true));
        _runs.AddHandler(_ => _changes.Writer.TryWrite(true));
        return Task.WhenAll(_rollouts.RunAsync(cancellationToken), _runs.RunAsync(cancellationToken));
    }

    private void Say(string line)
    {
        output.WriteLine(line.Length == 0 ? "" : $"[{Seconds(_clock.Elapsed),7}] {line}");
        output.Flush();
    }

    private static string Seconds(TimeSpan time) => $"{time.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s";
}
