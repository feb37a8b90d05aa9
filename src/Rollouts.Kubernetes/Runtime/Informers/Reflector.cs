using Microsoft.Extensions.Logging;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Kubernetes.Runtime.Informers;

/// <summary>Where a <see cref="Reflector{T}"/> delivers what it lists and watches.</summary>
internal interface IReflectorSink<in T>
{
    /// <summary>The complete state from a list: everything not in it is gone.</summary>
    void Replace(IReadOnlyList<T> items);

    /// <summary>One change from the watch (never a bookmark).</summary>
    void Apply(WatchEventType type, T item);
}

/// <summary>
/// Keeps a sink in step with the server: lists (in pages), then watches from the list's
/// resourceVersion with bookmarks. A stream that ends or breaks is resumed from the last
/// resourceVersion seen; 410 Gone means a full list again at once; any other failure a full list
/// again after a backoff that doubles until a watch delivers events.
/// </summary>
/// <remarks>
/// The sink receives each object as <paramref name="transform"/> makes it (when given), applied page by page as they
/// come in, so that the whole objects of a large list do not all live at once.
/// </remarks>
internal sealed class Reflector<T>(IResourceClient<T> client, InformerOptions options, IReflectorSink<T> sink, TimeProvider time, ILogger logger,
    Func<T, T>? transform = null)
    where T : class, IKubernetesObject
{
    private readonly string _resource = client.Resource.ToString();
    private string? _resourceVersion;

    /// <summary>The version the cache is at: of the last list, event or bookmark.</summary>
    public string? ResourceVersion => Volatile.Read(ref _resourceVersion);

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled, then returns.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = new Backoff(options.InitialBackoff, options.MaxBackoff);
        var mustList = true;
        var expiredWithoutProgress = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            TimeSpan? wait = null;
            try
            {
                if (mustList)
                {
                    await ListAsync(cancellationToken).ConfigureAwait(false);
                    mustList = false;
                }

                if (await WatchAsync(cancellationToken).ConfigureAwait(false))
                {
                    backoff.Reset();
                    expiredWithoutProgress = false;
                }
                else
                {
                    // A stream that ends at once, again and again, must not become a busy loop.
                    wait = backoff.Next();
                    InformerLog.WatchEndedEmpty(logger, _resource, ResourceVersion, wait.Value);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (GoneException)
            {
                InformerLog.Expired(logger, _resource, ResourceVersion);
                mustList = true;
                wait = expiredWithoutProgress ? backoff.Next() : null;
                expiredWithoutProgress = true;
            }
            catch (Exception e)
            {
                mustList = true;
                wait = backoff.Next((e as KubernetesApiException)?.RetryAfter);
                InformerLog.Failed(logger, e, _resource, wait.Value);
            }

            if (wait is { } delay && !await DelayAsync(delay, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private async Task ListAsync(CancellationToken cancellationToken)
    {
        var query = new ListOptions { LabelSelector = options.LabelSelector, FieldSelector = options.FieldSelector, Limit = options.PageSize };
        KubernetesList<T> list;
        try
        {
            list = await client.ListAllAsync(options.Namespace, query, cancellationToken, transform).ConfigureAwait(false);
        }
        catch (GoneException) when (query.Limit is not null)
        {
            // A continue token expired between pages, which cannot be joined then: one list without pages.
            list = await client.ListAllAsync(options.Namespace, query with { Limit = null }, cancellationToken, transform).ConfigureAwait(false);
        }

        foreach (var skipped in list.Undecodable)
        {
            InformerLog.Undecodable(logger, _resource, skipped);
        }

        sink.Replace(list.Items);
        Volatile.Write(ref _resourceVersion, list.Metadata.ResourceVersion);
        InformerLog.Listed(logger, _resource, list.Items.Count, list.Metadata.ResourceVersion);
    }

    /// <summary>Follows one watch stream to its end; true when it delivered at least one event.</summary>
    private async Task<bool> WatchAsync(CancellationToken cancellationToken)
    {
        var timeout = options.WatchTimeout.TotalSeconds * (1 + Random.Shared.NextDouble());
        var query = new WatchOptions
        {
            ResourceVersion = ResourceVersion,
            AllowWatchBookmarks = true,
            TimeoutSeconds = (int)Math.Ceiling(timeout),
            LabelSelector = options.LabelSelector,
            FieldSelector = options.FieldSelector,
        };
        var delivered = false;
        await foreach (var change in client.WatchAsync(options.Namespace, query, cancellationToken).ConfigureAwait(false))
        {
            delivered = true;
            if (change.Type != WatchEventType.Bookmark)
            {
                sink.Apply(change.Type, transform is null ? change.Object : transform(change.Object));
            }

            if (change.Object.Metadata.ResourceVersion is { Length: > 0 } version)
            {
                Volatile.Write(ref _resourceVersion, version);
            }
        }

        return delivered;
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
