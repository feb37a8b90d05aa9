using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Rollouts.Sandbox.ApiServer.Storage;

namespace Rollouts.Bench;

/// <summary>
/// Follows every change the server commits (in process, stamped with the commit time) and keeps, per Rollout and
/// round: when its canary ReplicaSet first had each number of available pods, when its canary Ingress first
/// carried each weight, and when the Rollout was promoted (Healthy with the new template as stable). Step
/// latency is then read off these times: from the moment the step's precondition held to the server accepting
/// the Ingress write.
/// </summary>
internal sealed class StepTracker : IAsyncDisposable
{
    private const string WeightAnnotation = "nginx.ingress.kubernetes.io/canary-weight";
    private const string HashLabel = "rollouts-pod-template-hash";

    private readonly StoreSubscription _subscription;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _reading;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, RolloutTimes> _rollouts = new(StringComparer.Ordinal);
    private long _roundStart;
    private int _promoted;
    private int _aborted;

    public StepTracker(ObjectStore store)
    {
        _subscription = store.Subscribe(null, capacity: 50_000_000);
        _reading = Task.Run(ReadAsync);
    }

    /// <summary>Rollouts promoted in the current round.</summary>
    public int Promoted => Volatile.Read(ref _promoted);

    /// <summary>Rollouts whose canary weight went back to 0 (or whose canary Ingress went) after a weight above 0 in this round.</summary>
    public int Aborted => Volatile.Read(ref _aborted);

    /// <summary>Starts a round: the given stable pod-template hash per Rollout; changes committed before now are ignored.</summary>
    public void BeginRound(IReadOnlyDictionary<string, string> stableHashes)
    {
        lock (_gate)
        {
            _rollouts.Clear();
            foreach (var (name, hash) in stableHashes)
            {
                _rollouts[name] = new RolloutTimes(hash);
            }

            _roundStart = Stopwatch.GetTimestamp();
            _promoted = 0;
            _aborted = 0;
        }
    }

    public long RoundStart => _roundStart;

    /// <summary>The times of one Rollout in this round (a copy).</summary>
    public RolloutTimes? Of(string name)
    {
        lock (_gate)
        {
            return _rollouts.TryGetValue(name, out var times) ? times.Copy() : null;
        }
    }

    /// <summary>Step latencies (ms) of every Rollout in this round, and how many steps had no measurable latency.</summary>
    public (List<double> Latencies, int Missing) StepLatencies(IReadOnlyList<int> weights)
    {
        var latencies = new List<double>();
        var missing = 0;
        lock (_gate)
        {
            foreach (var times in _rollouts.Values)
            {
                long previous = _roundStart;
                foreach (var weight in weights)
                {
                    if (!times.AvailableAt.TryGetValue(BenchObjects.CanaryPodsFor(weight), out var available)
                        || !times.WeightAt.TryGetValue(weight, out var written))
                    {
                        missing++;
                        continue;
                    }

                    var precondition = Math.Max(available, previous);
                    latencies.Add(Stopwatch.GetElapsedTime(precondition, written).TotalMilliseconds);
                    previous = written;
                }
            }
        }

        return (latencies, missing);
    }

    private async Task ReadAsync()
    {
        try
        {
            while (await _subscription.ReadAsync(_stopping.Token).ConfigureAwait(false) is { } change)
            {
                Observe(change);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Observe(StoreEvent change)
    {
        var key = change.StorageKey;
        if (key is not ("replicasets.apps" or "ingresses.networking.k8s.io" or "rollouts.rollouts.dev"))
        {
            return;
        }

        using var document = JsonDocument.Parse(change.Object.Json);
        var root = document.RootElement;
        var metadata = root.GetProperty("metadata");
        lock (_gate)
        {
            if (change.CommittedTimestamp < _roundStart)
            {
                return;
            }

            switch (key)
            {
                case "replicasets.apps":
                    ObserveReplicaSet(metadata, root, change.CommittedTimestamp);
                    break;
                case "ingresses.networking.k8s.io":
                    ObserveIngress(metadata, change.Type == StoreEventType.Deleted, change.CommittedTimestamp);
                    break;
                default:
                    ObserveRollout(metadata, root, change.CommittedTimestamp);
                    break;
            }
        }
    }

    private void ObserveReplicaSet(JsonElement metadata, JsonElement root, long at)
    {
        if (Owner(metadata) is not { } owner || !_rollouts.TryGetValue(owner, out var times)
            || !metadata.TryGetProperty("labels", out var labels) || !labels.TryGetProperty(HashLabel, out var hash)
            || hash.GetString() == times.StableHash)
        {
            return;
        }

        var available = root.TryGetProperty("status", out var status) && status.TryGetProperty("availableReplicas", out var a) ? a.GetInt32() : 0;
        for (var pods = 1; pods <= available; pods++)
        {
            times.AvailableAt.TryAdd(pods, at);
        }
    }

    private void ObserveIngress(JsonElement metadata, bool deleted, long at)
    {
        if (Owner(metadata) is not { } owner || !_rollouts.TryGetValue(owner, out var times))
        {
            return;
        }

        var weight = deleted ? 0
            : metadata.TryGetProperty("annotations", out var annotations) && annotations.TryGetProperty(WeightAnnotation, out var w)
                && int.TryParse(w.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : -1;
        if (weight < 0)
        {
            return;
        }

        times.WeightAt.TryAdd(weight, at);
        if (weight > 0)
        {
            times.HadWeight = true;
        }
        else if (times.HadWeight && times.WeightZeroAt is null)
        {
            times.WeightZeroAt = at;
            _aborted++;
        }
    }

    private void ObserveRollout(JsonElement metadata, JsonElement root, long at)
    {
        var name = metadata.GetProperty("name").GetString()!;
        if (!_rollouts.TryGetValue(name, out var times) || times.PromotedAt is not null || !root.TryGetProperty("status", out var status))
        {
            return;
        }

        var phase = status.TryGetProperty("phase", out var p) ? p.GetString() : null;
        var stable = status.TryGetProperty("stableRS", out var s) ? s.GetString() : null;
        if (phase == "Healthy" && stable is not null && stable != times.StableHash)
        {
            times.PromotedAt = at;
            _promoted++;
        }
    }

    /// <summary>The name of the object's controlling owner, if it is a Rollout.</summary>
    private static string? Owner(JsonElement metadata)
    {
        if (!metadata.TryGetProperty("ownerReferences", out var owners))
        {
            return null;
        }

        foreach (var owner in owners.EnumerateArray())
        {
            if (owner.TryGetProperty("kind", out var kind) && kind.GetString() == "Rollout")
            {
                return owner.GetProperty("name").GetString();
            }
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _reading.ConfigureAwait(false);
        _subscription.Dispose();
        _stopping.Dispose();
    }
}

/// <summary>What the tracker saw of one Rollout in one round (Stopwatch timestamps).</summary>
internal sealed class RolloutTimes(string stableHash)
{
    public string StableHash { get; } = stableHash;
    public Dictionary<int, long> AvailableAt { get; private init; } = [];
    public Dictionary<int, long> WeightAt { get; private init; } = [];
    public bool HadWeight { get; set; }
    public long? WeightZeroAt { get; set; }
    public long? PromotedAt { get; set; }

    public RolloutTimes Copy() => new(StableHash)
    {
        AvailableAt = new(AvailableAt),
        WeightAt = new(WeightAt),
        HadWeight = HadWeight,
        WeightZeroAt = WeightZeroAt,
        PromotedAt = PromotedAt,
    };
}
