using System.Collections.Immutable;

namespace Rollouts.Operator.Hosting;

/// <summary>
/// What <c>/healthz</c> and <c>/readyz</c> answer, from the loops and caches the host registers. Live while every
/// watched loop runs (a loop that ended, by failure or not, before <see cref="Stopping"/> makes the process dead:
/// Kubernetes restarts it). Ready when live, every cache has synced, and the process is not shutting down; a
/// replica standing by for the Lease is ready (its elector loop runs), so a rolling update of the operator works.
/// Thread-safe.
/// </summary>
public sealed class OperatorHealth
{
    private ImmutableArray<(string Name, Task Running)> _loops = [];
    private ImmutableArray<(string Name, Func<bool> HasSynced)> _caches = [];
    private volatile bool _stopping;

    /// <summary>Watches a loop of the process (informers, workers, leader election): liveness fails if it ends before <see cref="Stopping"/>.</summary>
    public void WatchLoop(string name, Task running)
    {
        ArgumentNullException.ThrowIfNull(running);
        ImmutableInterlocked.Update(ref _loops, loops => loops.Add((name, running)));
    }

    /// <summary>A cache readiness waits for, e.g. <c>("rollouts", () => informers.Rollouts.HasSynced)</c>.</summary>
    public void AddCache(string name, Func<bool> hasSynced)
    {
        ArgumentNullException.ThrowIfNull(hasSynced);
        ImmutableInterlocked.Update(ref _caches, caches => caches.Add((name, hasSynced)));
    }

    /// <summary>The process is shutting down: loops may end now, and readiness fails so no new work is routed here.</summary>
    public void Stopping() => _stopping = true;

    /// <summary>For <c>/healthz</c>.</summary>
    public ProbeStatus Liveness()
    {
        if (_stopping)
        {
            return ProbeStatus.Ok;
        }

        foreach (var (name, running) in _loops)
        {
            if (running.IsCompleted)
            {
                var why = running.Exception?.InnerExceptions is [var first, ..] ? $"failed: {first.Message}" : "ended";
                return ProbeStatus.Failing($"the {name} loop {why}");
            }
        }

        return ProbeStatus.Ok;
    }

    /// <summary>For <c>/readyz</c>.</summary>
    public ProbeStatus Readiness()
    {
        if (_stopping)
        {
            return ProbeStatus.Failing("shutting down");
        }

        if (Liveness() is { IsOk: false } dead)
        {
            return dead;
        }

        var waiting = _caches.Where(c => !c.HasSynced()).Select(c => c.Name).ToList();
        return waiting.Count == 0 ? ProbeStatus.Ok : ProbeStatus.Failing($"caches not synced: {string.Join(", ", waiting)}");
    }
}
