using System.Collections.Concurrent;
using System.Collections.Immutable;
using Rollouts.Kubernetes.Models;
using Rollouts.Kubernetes.Runtime;
using Rollouts.Kubernetes.Runtime.Informers;

namespace Rollouts.Operator.Execution;

/// <summary>
/// The operator's own writes that the informer caches do not show yet, per Rollout. A reconcile that planned from
/// a cache older than its own last writes would repeat them, or fail on a stale resourceVersion; so until the
/// caches catch up the reconcile waits (the watch event that brings the change also brings the Rollout back to
/// the queue), at most <see cref="WriteExpectations(TimeProvider, TimeSpan)"/>'s timeout, after which it plans
/// from what the cache shows.
/// </summary>
/// <remarks>
/// A Rollout's key is handled by one worker at a time, and only that worker touches the Rollout's entry.
/// resourceVersions are only compared for equality, as the API conventions ask: a cached object is stale while it
/// still has the version it had before the write.
/// </remarks>
internal sealed class WriteExpectations(TimeProvider time, TimeSpan timeout)
{
    private readonly ConcurrentDictionary<ObjectKey, ImmutableList<Expectation>> _pending = new();

    /// <summary>The resourceVersion <paramref name="cache"/> shows for <paramref name="obj"/> now; null when it has no such object.</summary>
    private static Func<string?> CachedVersion<T>(ObjectCache<T> cache, ObjectKey obj)
        where T : class, IKubernetesObject =>
        () => cache.Get(obj) is { } cached ? cached.Metadata.ResourceVersion ?? "" : null;

    /// <summary>
    /// After a change (or delete) of an object that had <paramref name="staleVersion"/>: the cache is stale while
    /// <paramref name="cachedVersion"/> still gives that version. When the server answered with
    /// <paramref name="writtenVersion"/> equal to the stale one, the write changed nothing and there is nothing to wait for.
    /// </summary>
    public void ExpectChanged(ObjectKey rollout, Func<string?> cachedVersion, string? staleVersion, string? writtenVersion = null)
    {
        if (!string.IsNullOrEmpty(staleVersion) && writtenVersion != staleVersion)
        {
            Add(rollout, () => cachedVersion() == staleVersion);
        }
    }

    /// <summary>After a create: the cache is stale while <paramref name="cachedVersion"/> gives null (no object).</summary>
    public void ExpectPresent(ObjectKey rollout, Func<string?> cachedVersion) =>
        Add(rollout, () => cachedVersion() is null);

    /// <inheritdoc cref="ExpectChanged(ObjectKey, Func{string?}, string?)"/>
    public void ExpectChanged<T>(ObjectKey rollout, ObjectCache<T> cache, ObjectKey obj, string? staleVersion, string? writtenVersion = null)
        where T : class, IKubernetesObject =>
        ExpectChanged(rollout, CachedVersion(cache, obj), staleVersion, writtenVersion);

    /// <inheritdoc cref="ExpectPresent(ObjectKey, Func{string?})"/>
    public void ExpectPresent<T>(ObjectKey rollout, ObjectCache<T> cache, ObjectKey obj)
        where T : class, IKubernetesObject =>
        ExpectPresent(rollout, CachedVersion(cache, obj));

    /// <summary>
    /// Null when the caches show every write made for <paramref name="rollout"/> (and the expectations are
    /// dropped); otherwise how long to wait at most before planning anyway.
    /// </summary>
    public TimeSpan? Unmet(ObjectKey rollout)
    {
        if (!_pending.TryGetValue(rollout, out var expectations))
        {
            return null;
        }

        var stillStale = expectations.RemoveAll(e => !e.IsStale() || time.GetElapsedTime(e.Since) >= timeout);
        if (stillStale.IsEmpty)
        {
            _pending.TryRemove(rollout, out _);
            return null;
        }

        _pending[rollout] = stillStale;
        var oldest = stillStale.Min(e => e.Since);
        var left = timeout - time.GetElapsedTime(oldest);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>Drops the expectations of a Rollout that is gone.</summary>
    public void Forget(ObjectKey rollout) => _pending.TryRemove(rollout, out _);

    private void Add(ObjectKey rollout, Func<bool> isStale)
    {
        var expectation = new Expectation(isStale, time.GetTimestamp());
        _pending.AddOrUpdate(rollout, _ => [expectation], (_, list) => list.Add(expectation));
    }

    private sealed record Expectation(Func<bool> IsStale, long Since);
}
