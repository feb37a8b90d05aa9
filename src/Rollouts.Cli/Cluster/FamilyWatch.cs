using System.Threading.Channels;
using Rollouts.Api.Analysis;
using Rollouts.Api.Rollouts;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Cli.Cluster;

/// <summary>
/// Keeps a <see cref="RolloutFamily"/> up to date from three watches (the Rollout by name, its ReplicaSets and
/// AnalysisRuns by label), and yields it after every change. No polling: a stream that ends is resumed from the
/// last resourceVersion seen, and one that expired (410) is listed again.
/// </summary>
internal sealed class FamilyWatch(ClusterSession session, string name)
{
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Dictionary<string, ReplicaSet> _replicaSets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AnalysisRun> _runs = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private Rollout? _rollout;

    public async IAsyncEnumerable<RolloutFamily> ChangesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var rollout = await session.Rollouts.GetAsync(session.Namespace, name, cancellationToken).ConfigureAwait(false);
        Set(() => _rollout = rollout);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watches = new[]
        {
            Task.Run(() => WatchAsync(session.Rollouts, new ListOptions { FieldSelector = $"metadata.name={name}" },
                (type, r) => Set(() => _rollout = type == WatchEventType.Deleted ? null : r), stop.Token), CancellationToken.None),
            Task.Run(() => WatchAsync(session.ReplicaSets, new ListOptions { LabelSelector = RolloutFamily.ReplicaSetSelector(rollout) },
                (type, rs) => Set(() => Apply(_replicaSets, type, rs)), stop.Token), CancellationToken.None),
            Task.Run(() => WatchAsync(session.AnalysisRuns, new ListOptions { LabelSelector = RolloutFamily.AnalysisRunSelector },
                (type, run) => Set(() => Apply(_runs, type, run)), stop.Token), CancellationToken.None),
        };
        try
        {
            while (true)
            {
                var failed = watches.FirstOrDefault(w => w.IsFaulted);
                if (failed is not null)
                {
                    await failed.ConfigureAwait(false);
                }

                var snapshot = Snapshot();
                if (snapshot is null)
                {
                    throw new CliException($"rollout \"{name}\" was deleted");
                }

                yield return snapshot;
                var changed = _changes.Reader.WaitToReadAsync(cancellationToken).AsTask();
                await Task.WhenAny(watches.Append(changed)).ConfigureAwait(false);
                _changes.Reader.TryRead(out _);
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
        }
    }

    private RolloutFamily? Snapshot()
    {
        lock (_lock)
        {
            return _rollout is null ? null : RolloutFamily.Of(_rollout, [.. _replicaSets.Values], [.. _runs.Values]);
        }
    }

    private void Set(Action change)
    {
        lock (_lock)
        {
            change();
        }

        _changes.Writer.TryWrite(true);
    }

    private static void Apply<T>(Dictionary<string, T> items, WatchEventType type, T item)
        where T : class, IKubernetesObject
    {
        if (type == WatchEventType.Deleted)
        {
            items.Remove(item.Metadata.Name!);
        }
        else
        {
            items[item.Metadata.Name!] = item;
        }
    }

    /// <summary>Lists, reports every object, then watches from the list's version; resumes or relists as the server asks.</summary>
    private async Task WatchAsync<T>(IResourceClient<T> client, ListOptions scope, Action<WatchEventType, T> onChange, CancellationToken cancellationToken)
        where T : class, IKubernetesObject
    {
        string? version = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (version is null)
                {
                    var list = await client.ListAllAsync(session.Namespace, scope, cancellationToken).ConfigureAwait(false);
                    foreach (var item in list.Items)
                    {
                        onChange(WatchEventType.Added, item);
                    }

                    version = list.Metadata.ResourceVersion;
                }

                var options = new WatchOptions
                {
                    ResourceVersion = version,
                    LabelSelector = scope.LabelSelector,
                    FieldSelector = scope.FieldSelector,
                    AllowWatchBookmarks = true,
                    TimeoutSeconds = 300,
                };
                await foreach (var change in client.WatchAsync(session.Namespace, options, cancellationToken).ConfigureAwait(false))
                {
                    version = change.Object.Metadata.ResourceVersion ?? version;
                    if (change.Type is WatchEventType.Added or WatchEventType.Modified or WatchEventType.Deleted)
                    {
                        onChange(change.Type, change.Object);
                    }
                }
            }
            catch (GoneException)
            {
                version = null;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
