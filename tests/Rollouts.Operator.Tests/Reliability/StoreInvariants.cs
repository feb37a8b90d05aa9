using System.Text.Json;
using Rollouts.Api;
using Rollouts.Api.Rollouts;
using Rollouts.Engine.Canary;
using Rollouts.Kubernetes.Models;
using Rollouts.Operator.Tests.Support;
using Rollouts.Sandbox.ApiServer;
using Rollouts.Sandbox.ApiServer.Storage;
using Rollouts.Testing;

namespace Rollouts.Operator.Tests.Reliability;

/// <summary>
/// Watches the API server's store and checks the traffic promises of every canary Rollout of a namespace at every
/// committed change, whoever made it (any number of operator processes, killed or not):
/// <list type="bullet">
/// <item>a canary ingress's weight is never raised above what the Rollout's status stored at that moment allows
/// (its step's weight, 0 after an abort or with no update): the operator records a step before it sets the
/// step's weight;</item>
/// <item>a weight is never raised unless the ReplicaSet the canary service selects has the pods the weight
/// needs available;</item>
/// <item>after an abort the weight is 0 within <see cref="AbortDeadline"/>;</item>
/// <item>a ReplicaSet a service sends traffic to (the stable service: 100 − weight; the canary service: the
/// weight) is never scaled below the pods that share needs;</item>
/// <item>the stable ReplicaSet of a Rollout changes only to the hash the Rollout was updating to (a promotion)
/// — <see cref="Promotions"/> lists each, so a test can assert that a Rollout was never promoted.</item>
/// </list>
/// Events are applied in resourceVersion order to a view of their own, so each check sees the world exactly as
/// it was at that change.
/// </summary>
internal sealed class StoreInvariants : IAsyncDisposable
{
    private const string WeightAnnotation = "nginx.ingress.kubernetes.io/canary-weight";

    private readonly string _namespace;
    private readonly StoreSubscription _subscription;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private readonly Lock _gate = new();
    private readonly List<string> _violations = [];
    private readonly List<(string Rollout, string Hash)> _promotions = [];
    private readonly Dictionary<string, Rollout> _rollouts = [];
    private readonly Dictionary<string, Ingress> _ingresses = [];
    private readonly Dictionary<string, Service> _services = [];
    private readonly Dictionary<string, ReplicaSet> _replicaSets = [];
    private readonly Dictionary<string, long> _abortedAt = [];
    private long _changes;

    public StoreInvariants(ApiServer server, string @namespace = "default", TimeSpan? abortDeadline = null)
    {
        _namespace = @namespace;
        AbortDeadline = abortDeadline ?? TimeSpan.FromSeconds(20);
        _subscription = server.Store.Subscribe(null, capacity: int.MaxValue);
        foreach (var key in new[] { "rollouts.rollouts.dev", "ingresses.networking.k8s.io", "services", "replicasets.apps" })
        {
            foreach (var stored in _subscription.StartState.Objects(key, @namespace))
            {
                Apply(stored, deleted: false);
            }
        }

        _loop = Task.Run(() => RunAsync(_stopping.Token));
    }

    public TimeSpan AbortDeadline { get; }

    /// <summary>Changes checked so far.</summary>
    public long Changes => Interlocked.Read(ref _changes);

    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (_gate)
            {
                return [.. _violations];
            }
        }
    }

    /// <summary>Every change of a Rollout's stable ReplicaSet to its update's hash: (Rollout, hash), in order.</summary>
    public IReadOnlyList<(string Rollout, string Hash)> Promotions
    {
        get
        {
            lock (_gate)
            {
                return [.. _promotions];
            }
        }
    }

    /// <summary>Fails unless every change up to the store's current version was checked and none broke a promise.</summary>
    public async Task ThenNoneBrokenAsync(ApiServer server)
    {
        var version = server.Store.ResourceVersion;
        await Eventually.WaitUntilAsync(() => Interlocked.Read(ref _lastVersion) >= version, "the invariant watcher to catch up with the store", TimeSpan.FromSeconds(30));
        lock (_gate)
        {
            CheckAborts();
            Assert.True(_violations.Count == 0, $"{_violations.Count} invariant breaks:\n{string.Join("\n", _violations.Take(50))}{Writers(server)}");
        }
    }

    private long _lastVersion;

    /// <summary>With the server's request log on: the requests that may have committed each break's change, and those just before it.</summary>
    private string Writers(ApiServer server)
    {
        if (!server.RequestLog.Enabled || _breakVersions.Count == 0)
        {
            return "";
        }

        var log = server.RequestLog.Snapshot();
        var lines = new List<string>();
        foreach (var version in _breakVersions.Take(5))
        {
            lines.Add($"around rv {version}:");
            lines.AddRange(log.Where(r => r.IsWrite && r.ResourceVersionAfter >= version - 6 && r.ResourceVersionBefore <= version)
                .Select(r => $"  #{r.Sequence} {r.Verb} {r.Resource} {r.Name} -> {r.Code} by {r.UserAgent} (rv {r.ResourceVersionBefore}..{r.ResourceVersionAfter})"));
        }

        return "\n" + string.Join("\n", lines);
    }

    private readonly List<long> _breakVersions = [];

    private readonly List<string> _tolerated = [];

    /// <summary>Raises of the known open bug 1b (traffic to the version the stable service already serves): not failed, reported.</summary>
    public IReadOnlyList<string> Tolerated
    {
        get
        {
            lock (_gate)
            {
                return [.. _tolerated];
            }
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            while (await _subscription.ReadAsync(stopping).ConfigureAwait(false) is { } change)
            {
                if (change.Object.Key.Namespace == _namespace)
                {
                    lock (_gate)
                    {
                        Check(change);
                        CheckAborts();
                    }
                }

                Interlocked.Increment(ref _changes);
                Interlocked.Exchange(ref _lastVersion, change.ResourceVersion);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private void Check(StoreEvent change)
    {
        var deleted = change.Type == StoreEventType.Deleted;
        switch (change.StorageKey)
        {
            case "ingresses.networking.k8s.io":
                var before = _ingresses.GetValueOrDefault(change.Object.Key.Name);
                Apply(change.Object, deleted);
                IngressChanged(before, deleted ? null : _ingresses.GetValueOrDefault(change.Object.Key.Name), change.ResourceVersion);
                break;
            case "replicasets.apps":
                var previous = _replicaSets.GetValueOrDefault(change.Object.Key.Name);
                Apply(change.Object, deleted);
                if (!deleted && _replicaSets.GetValueOrDefault(change.Object.Key.Name) is { } replicaSet)
                {
                    ReplicaSetChanged(previous, replicaSet);
                }

                break;
            case "rollouts.rollouts.dev":
                var old = _rollouts.GetValueOrDefault(change.Object.Key.Name);
                Apply(change.Object, deleted);
                if (!deleted && _rollouts.GetValueOrDefault(change.Object.Key.Name) is { } rollout)
                {
                    RolloutChanged(old, rollout);
                }

                break;
            case "services":
                Apply(change.Object, deleted);
                break;
        }
    }

    private void IngressChanged(Ingress? before, Ingress? after, long version)
    {
        var ingress = after ?? before;
        var rolloutName = ingress?.Metadata.OwnerReferences?.FirstOrDefault(o => o.Kind == "Rollout")?.Name;
        if (rolloutName is null || !_rollouts.TryGetValue(rolloutName, out var rollout))
        {
            return;
        }

        var weightBefore = WeightOf(before);
        var weight = WeightOf(after);
        if (weight <= weightBefore)
        {
            return;
        }

        // The traffic goes where the canary service points: that ReplicaSet must have the pods.
        var canaryService = _services.GetValueOrDefault(rollout.Spec?.Strategy?.Canary?.CanaryService ?? "");
        var canaryHash = SelectorHash(canaryService);
        var canary = canaryHash is null ? null : _replicaSets.Values.FirstOrDefault(rs => HashOf(rs) == canaryHash && OwnedBy(rs.Metadata, rolloutName));
        var replicas = rollout.Spec?.Replicas ?? 1;
        var needed = Math.Max(1, CanaryReplicas.OfWeight(replicas, weight));
        if (canary is null || (canary.Status?.AvailableReplicas ?? 0) < needed)
        {
            Fail($"{rolloutName}: weight raised {weightBefore} -> {weight} (rv {version}) while the canary service selects " +
                 $"{canaryHash ?? "no hash"}, whose ReplicaSet has {canary?.Status?.AvailableReplicas ?? 0} of {needed} pods available");
        }

        var bound = TrafficChecks.Allowed(rollout);
        var recorded = rollout.Status;
        if (weight > bound && recorded is { Abort: not true } && recorded.CurrentPodHash == recorded.StableRS && canaryHash == recorded.StableRS)
        {
            // Open bug 1b (docs/reliability.md): after a promotion is recorded, a plan can still recreate the canary
            // ingress at the "all steps done" weight. The canary service then selects the promoted (now stable)
            // ReplicaSet, so every request still reaches the stable version: counted and printed, not failed.
            _tolerated.Add($"{rolloutName}: weight raised {weightBefore} -> {weight} (rv {version}) after the promotion of {recorded.StableRS} was recorded; the canary service selects it");
            return;
        }

        if (weight > bound)
        {
            var status = rollout.Status;
            _breakVersions.Add(version);
            Fail($"{rolloutName}: weight raised {weightBefore} -> {weight} (rv {version}), above the {bound} the recorded status allows (step {status?.CurrentStepIndex}, abort={status?.Abort}, phase {status?.Phase})");
        }
    }

    private void RolloutChanged(Rollout? before, Rollout after)
    {
        var name = after.Metadata.Name!;
        var status = after.Status ?? new RolloutStatus();
        if (before?.Status?.StableRS is { } oldStable && status.StableRS is { } newStable && oldStable != newStable)
        {
            _promotions.Add((name, newStable));
        }

        var aborted = status.Abort == true && status.CurrentPodHash is { } current && current != status.StableRS;
        if (aborted && !_abortedAt.ContainsKey(name) && WeightOfRollout(name) > 0)
        {
            _abortedAt[name] = TimeProvider.System.GetTimestamp();
        }
    }

    private void ReplicaSetChanged(ReplicaSet? before, ReplicaSet after)
    {
        var wanted = after.Spec?.Replicas ?? 0;
        if (before is null || wanted >= (before.Spec?.Replicas ?? 0))
        {
            return;
        }

        var rolloutName = after.Metadata.OwnerReferences?.FirstOrDefault(o => o.Kind == "Rollout")?.Name;
        if (rolloutName is null || !_rollouts.TryGetValue(rolloutName, out var rollout) || rollout.Spec?.Strategy?.Canary is not { } canary)
        {
            return;
        }

        var hash = HashOf(after);
        var weight = WeightOfRollout(rolloutName);
        var replicas = rollout.Spec?.Replicas ?? 1;
        if (SelectorHash(_services.GetValueOrDefault(canary.StableService ?? "")) == hash && canary.DynamicStableScale != true &&
            wanted < CanaryReplicas.OfWeight(replicas, 100 - weight))
        {
            Fail($"{rolloutName}: stable ReplicaSet {after.Metadata.Name} scaled to {wanted} while it still takes {100 - weight}% of traffic");
        }

        if (SelectorHash(_services.GetValueOrDefault(canary.CanaryService ?? "")) == hash && weight > 0 &&
            wanted < CanaryReplicas.OfWeight(replicas, weight))
        {
            Fail($"{rolloutName}: canary ReplicaSet {after.Metadata.Name} scaled to {wanted} while it still takes {weight}% of traffic");
        }
    }

    /// <summary>Every aborted Rollout whose weight is still above 0 past the deadline is a break (reported once).</summary>
    private void CheckAborts()
    {
        foreach (var (name, since) in _abortedAt.ToList())
        {
            if (WeightOfRollout(name) == 0)
            {
                _abortedAt.Remove(name);
            }
            else if (TimeProvider.System.GetElapsedTime(since) > AbortDeadline)
            {
                Fail($"{name}: weight still {WeightOfRollout(name)} more than {AbortDeadline.TotalSeconds} s after the abort");
                _abortedAt.Remove(name);
            }
        }
    }

    private int WeightOfRollout(string rollout) =>
        _ingresses.Values.Where(i => i.Metadata.OwnerReferences?.Any(o => o.Kind == "Rollout" && o.Name == rollout) == true).Select(WeightOf).DefaultIfEmpty(0).Max();

    private void Apply(StoredObject stored, bool deleted)
    {
        var name = stored.Key.Name;
        switch (stored.StorageKey)
        {
            case "rollouts.rollouts.dev":
                Put(_rollouts, name, deleted ? null : Read(stored, RolloutsJsonContext.Default.Rollout));
                break;
            case "ingresses.networking.k8s.io":
                Put(_ingresses, name, deleted ? null : Read(stored, KubernetesJsonContext.Default.Ingress));
                break;
            case "services":
                Put(_services, name, deleted ? null : Read(stored, KubernetesJsonContext.Default.Service));
                break;
            case "replicasets.apps":
                Put(_replicaSets, name, deleted ? null : Read(stored, KubernetesJsonContext.Default.ReplicaSet));
                break;
        }
    }

    private static T? Read<T>(StoredObject stored, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(stored.Json, type);
        }
        catch (JsonException)
        {
            // A malformed object (the bad-input suite stores some): nothing to check.
            return null;
        }
    }

    private static void Put<T>(Dictionary<string, T> view, string name, T? value)
        where T : class
    {
        if (value is null)
        {
            view.Remove(name);
        }
        else
        {
            view[name] = value;
        }
    }


    private static int WeightOf(Ingress? ingress) =>
        ingress?.Metadata.Annotations?.GetValueOrDefault(WeightAnnotation) is { } text && int.TryParse(text, out var weight) ? weight : 0;

    private static string? HashOf(ReplicaSet rs) => rs.Metadata.Labels?.GetValueOrDefault(RolloutLabels.PodTemplateHash);

    private static string? SelectorHash(Service? service) => service?.Spec?.Selector?.GetValueOrDefault(RolloutLabels.PodTemplateHash);

    private static bool OwnedBy(ObjectMeta metadata, string rollout) => metadata.OwnerReferences?.Any(o => o.Kind == "Rollout" && o.Name == rollout) == true;

    private void Fail(string violation) => _violations.Add(violation);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _subscription.Dispose();
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }
}
