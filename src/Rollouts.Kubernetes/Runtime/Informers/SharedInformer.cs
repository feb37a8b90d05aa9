using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Kubernetes.Runtime.Informers;

/// <summary>
/// Keeps a cache of one resource in step with the server and tells handlers what changed. One
/// informer per resource can serve every controller that reads it: each adds its handlers and reads
/// <see cref="Cache"/>.
/// </summary>
/// <remarks>
/// <para>
/// It lists (in pages), then watches from the list's resourceVersion; a broken or closed stream is
/// resumed from the last resourceVersion seen (bookmarks keep it fresh); 410 Gone and other failures
/// lead to a full list again, after a backoff for failures. Objects that vanished while it was not
/// watching are reported as deletes with an unknown final state.
/// </para>
/// <para>
/// An optional transform turns each object the server sends into what is cached (and handed to the
/// handlers), so that the cache holds only the fields its readers need (e.g. without
/// <c>metadata.managedFields</c>). A transformed object is a partial copy: never send it back whole with
/// a replace, or the fields it lacks are lost; patch instead.
/// </para>
/// <para>
/// Handlers run one change at a time, in order, on the informer's loop, after the cache shows the
/// change. They must be cheap: the controller pattern is to enqueue the object's key into a
/// <see cref="WorkQueue{TKey}"/> and do the work on a worker. A handler that throws is logged and the
/// other handlers still run.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var informer = new SharedInformer&lt;ReplicaSet&gt;(client.Resource&lt;ReplicaSet&gt;());
/// informer.AddHandler(change =&gt; queue.Add(change.Key));
/// var running = informer.RunAsync(stopping);
/// await informer.WaitForSyncAsync(stopping);
/// </code>
/// </example>
public sealed class SharedInformer<T> : IReflectorSink<T>
    where T : class, IKubernetesObject
{
    private readonly Lock _gate = new();
    private readonly IResourceClient<T> _client;
    private readonly InformerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Reflector<T> _reflector;
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ImmutableArray<Action<ObjectChange<T>>> _handlers = [];
    private int _started;

    /// <param name="transform">
    /// What is cached of each object the server sends (list or watch, deletes too); null caches them whole. It must
    /// keep name, namespace and resourceVersion, and should be cheap: it runs on the informer's loop.
    /// </param>
    public SharedInformer(IResourceClient<T> client, InformerOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null,
        Func<T, T>? transform = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        options ??= new InformerOptions();
        options.Validate();
        _client = client;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _reflector = new Reflector<T>(client, options, this, _time, _logger, transform);
    }

    public ApiResource Resource => _client.Resource;

    /// <summary>The objects as last seen; empty until the first list is in.</summary>
    public ObjectCache<T> Cache { get; } = new();

    /// <summary>True once the first full list is in the cache and was handed to the handlers.</summary>
    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>The resourceVersion the cache is at (of the last list, event or bookmark).</summary>
    public string? LastResourceVersion => _reflector.ResourceVersion;

    /// <summary>Completes once <see cref="HasSynced"/> is true.</summary>
    public Task WaitForSyncAsync(CancellationToken cancellationToken = default) => _synced.Task.WaitAsync(cancellationToken);

    /// <summary>
    /// Adds a handler. It is first handed every object already in the cache as <see cref="ObjectChangeType.Added"/>,
    /// then every change after. Dispose the result to remove it.
    /// </summary>
    public IDisposable AddHandler(Action<ObjectChange<T>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_gate)
        {
            foreach (var item in Cache.Snapshot.List())
            {
                Invoke(handler, new ObjectChange<T>(ObjectChangeType.Added, ObjectKey.Of(item), null, item));
            }

            _handlers = _handlers.Add(handler);
        }

        return new Removal(this, handler);
    }

    /// <summary>Lists and watches until <paramref name="cancellationToken"/> is cancelled, then returns. Call once.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException($"The informer of {Resource} is already running; run it once and share it.");
        }

        var resync = _options.ResyncPeriod is { } period ? ResyncAsync(period, cancellationToken) : Task.CompletedTask;
        await _reflector.RunAsync(cancellationToken).ConfigureAwait(false);
        await resync.ConfigureAwait(false);
    }

    void IReflectorSink<T>.Replace(IReadOnlyList<T> items)
    {
        lock (_gate)
        {
            var before = Cache.Snapshot;

            // An object the list shows unchanged keeps the instance handlers were last handed.
            var after = CacheSnapshot<T>.From(items.Select(item => before.Get(ObjectKey.Of(item)) is { } old && SameVersion(old, item) ? old : item));
            Cache.Publish(after);
            foreach (var key in before.Keys)
            {
                if (after.Get(key) is null)
                {
                    Notify(new ObjectChange<T>(ObjectChangeType.Deleted, key, before.Get(key), null));
                }
            }

            foreach (var item in after.List())
            {
                var key = ObjectKey.Of(item);
                var old = before.Get(key);
                if (old is null)
                {
                    Notify(new ObjectChange<T>(ObjectChangeType.Added, key, null, item));
                }
                else if (!ReferenceEquals(old, item))
                {
                    Notify(new ObjectChange<T>(ObjectChangeType.Updated, key, old, item));
                }
            }

            _synced.TrySetResult();
        }
    }

    void IReflectorSink<T>.Apply(WatchEventType type, T item)
    {
        var key = ObjectKey.Of(item);
        lock (_gate)
        {
            var before = Cache.Snapshot;
            var old = before.Get(key);
            if (type == WatchEventType.Deleted)
            {
                if (old is not null)
                {
                    Cache.Publish(before.Without(key));
                    Notify(new ObjectChange<T>(ObjectChangeType.Deleted, key, old, item));
                }
            }
            else if (old is null || !SameVersion(old, item))
            {
                Cache.Publish(before.With(item));
                Notify(new ObjectChange<T>(old is null ? ObjectChangeType.Added : ObjectChangeType.Updated, key, old, item));
            }
        }
    }

    private async Task ResyncAsync(TimeSpan period, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await Task.Delay(period, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (!HasSynced)
            {
                continue;
            }

            lock (_gate)
            {
                foreach (var item in Cache.Snapshot.List())
                {
                    Notify(new ObjectChange<T>(ObjectChangeType.Updated, ObjectKey.Of(item), item, item));
                }
            }
        }
    }

    private static bool SameVersion(T a, T b) =>
        a.Metadata.ResourceVersion is { Length: > 0 } version && string.Equals(version, b.Metadata.ResourceVersion, StringComparison.Ordinal);

    private void Notify(ObjectChange<T> change)
    {
        foreach (var handler in _handlers)
        {
            Invoke(handler, change);
        }
    }

    private void Invoke(Action<ObjectChange<T>> handler, ObjectChange<T> change)
    {
        try
        {
            handler(change);
        }
        catch (Exception e)
        {
            InformerLog.HandlerFailed(_logger, e, Resource.ToString(), change.Type, change.Key);
        }
    }

    private void Remove(Action<ObjectChange<T>> handler)
    {
        lock (_gate)
        {
            _handlers = _handlers.Remove(handler);
        }
    }

    private sealed class Removal(SharedInformer<T> informer, Action<ObjectChange<T>> handler) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                informer.Remove(handler);
            }
        }
    }
}
