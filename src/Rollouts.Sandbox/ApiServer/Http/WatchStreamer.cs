using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Rollouts.Sandbox.ApiServer.Errors;
using Rollouts.Sandbox.ApiServer.Faults;
using Rollouts.Sandbox.ApiServer.Operations;
using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Sandbox.ApiServer.Resources.Tables;
using Rollouts.Sandbox.ApiServer.Storage;

namespace Rollouts.Sandbox.ApiServer.Http;

/// <summary>
/// Serves <c>?watch=true</c>: one JSON event per line, flushed per event. Without a resourceVersion (or "0")
/// the stream starts with a synthetic ADDED per matching object; with one it replays every change after it,
/// or sends a 410 Expired ERROR event when the history is compacted. Objects that start or stop matching the
/// selectors arrive as ADDED or DELETED. Bookmarks, timeoutSeconds and sendInitialEvents as the real server.
/// </summary>
internal sealed class WatchStreamer(ObjectStore store, FaultInjector faults, TableWriter tables, TimeProvider time, TimeSpan bookmarkInterval)
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public async Task ServeAsync(HttpContext context, ResourceType type, string? ns)
    {
        var request = context.Request;
        var filter = ObjectFilter.Create(type, request.Query["labelSelector"], request.Query["fieldSelector"]);
        var sendInitialEvents = request.Query["sendInitialEvents"].ToString() == "true";
        var bookmarks = request.Query["allowWatchBookmarks"].ToString() == "true";
        var asTable = TableWriter.Wants(request);
        var rvText = request.Query["resourceVersion"].ToString();
        long? since = null;
        if (!sendInitialEvents && rvText.Length > 0 && rvText != "0")
        {
            since = long.TryParse(rvText, NumberStyles.None, CultureInfo.InvariantCulture, out var rv)
                ? rv
                : throw ApiError.BadRequest($"invalid resource version: \"{rvText}\"");
        }

        var timeout = QueryOptions.Int(request, "timeoutSeconds");
        var (cutAfterEvents, cutAfterDuration) = faults.WatchLimits(type.Plural);
        var limit = Min(timeout is { } t ? TimeSpan.FromSeconds(t) : null, cutAfterDuration);
        using var lifetime = limit is { } l
            ? new CancellationTokenSource(l, time)
            : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(lifetime.Token, context.RequestAborted);
        var cancel = linked.Token;

        context.Response.StatusCode = 200;
        context.Response.ContentType = asTable ? TableWriter.ContentType : Responses.Json;
        context.Response.Headers.CacheControl = "no-cache, private";
        var output = new WatchOutput(context.Response.Body, type, tables, asTable ? TableWriter.IncludeObject(request) : null, cutAfterEvents);

        StoreSubscription subscription;
        try
        {
            subscription = store.Subscribe(type.StorageKey, since);
        }
        catch (ApiError e) when (e.Code == 410)
        {
            await output.WriteEventAsync("ERROR", Responses.Status(e), cancel).ConfigureAwait(false);
            return;
        }

        using (subscription)
        {
            try
            {
                if (since is null)
                {
                    foreach (var obj in subscription.StartState.Objects(type.StorageKey, type.Namespaced ? ns : null))
                    {
                        if (filter.Matches(obj) && !await output.WriteEventAsync("ADDED", obj, cancel).ConfigureAwait(false))
                        {
                            return;
                        }
                    }

                    if (sendInitialEvents)
                    {
                        await output.WriteBookmarkAsync(subscription.StartState.ResourceVersion, initialEventsEnd: true, cancel).ConfigureAwait(false);
                    }
                }

                await context.Response.Body.FlushAsync(cancel).ConfigureAwait(false);
                await StreamAsync(subscription, type, ns, filter, output, bookmarks, cancel).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Timeout, an injected cut, or the client went away: the stream simply ends.
            }
        }
    }

    private async Task StreamAsync(StoreSubscription subscription, ResourceType type, string? ns, ObjectFilter filter,
        WatchOutput output, bool bookmarks, CancellationToken cancel)
    {
        while (true)
        {
            while (subscription.TryRead(out var change))
            {
                var (eventType, obj) = Classify(change!, type, ns, filter);
                if (eventType is not null && !await output.WriteEventAsync(eventType, obj, cancel).ConfigureAwait(false))
                {
                    return;
                }
            }

            if (subscription.Overflowed)
            {
                return;
            }

            await output.FlushAsync(cancel).ConfigureAwait(false);
            var ready = subscription.WaitToReadAsync(cancel).AsTask();
            if (bookmarks)
            {
                var tick = Task.Delay(bookmarkInterval, time, cancel);
                if (await Task.WhenAny(ready, tick).ConfigureAwait(false) == tick)
                {
                    await tick.ConfigureAwait(false);
                    if (store.ResourceVersionIfDrained(subscription) is { } rv)
                    {
                        await output.WriteBookmarkAsync(rv, initialEventsEnd: false, cancel).ConfigureAwait(false);
                    }

                    continue;
                }
            }

            if (!await ready.ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>How a change looks through this watch's namespace and selectors.</summary>
    private static (string? Type, StoredObject Object) Classify(StoreEvent change, ResourceType type, string? ns, ObjectFilter filter)
    {
        bool Visible(StoredObject? obj) =>
            obj is not null && (!type.Namespaced || string.IsNullOrEmpty(ns) || obj.Key.Namespace == ns) && filter.Matches(obj);

        var now = Visible(change.Object);
        var before = Visible(change.Previous);
        return change.Type switch
        {
            StoreEventType.Added => (now ? "ADDED" : null, change.Object),
            StoreEventType.Deleted => (now || before ? "DELETED" : null, change.Object),
            _ when now && before => ("MODIFIED", change.Object),
            _ when now => ("ADDED", change.Object),
            _ when before => ("DELETED", change.Object),
            _ => (null, change.Object),
        };
    }

    private static TimeSpan? Min(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a < b ? a : b;

    /// <summary>Writes events as lines and counts them for an injected cut.</summary>
    private sealed class WatchOutput(Stream body, ResourceType type, TableWriter tables, IncludeObjectPolicy? tableObjects, int? cutAfterEvents)
    {
        private int _written;
        private bool _columnsSent;

        public async Task<bool> WriteEventAsync(string eventType, StoredObject obj, CancellationToken cancel)
        {
            byte[] objectBytes;
            if (tableObjects is { } includeObject)
            {
                objectBytes = SandboxJson.ToUtf8Bytes(tables.Row(type, obj, includeObject, includeColumns: !_columnsSent));
                _columnsSent = true;
            }
            else
            {
                objectBytes = Responses.ObjectBytes(type, obj);
            }

            await WriteLineAsync(eventType, objectBytes, cancel).ConfigureAwait(false);
            _written++;
            return cutAfterEvents is not { } cut || _written < cut;
        }

        public Task WriteEventAsync(string eventType, JsonObject obj, CancellationToken cancel) =>
            WriteLineAsync(eventType, SandboxJson.ToUtf8Bytes(obj), cancel);

        public Task WriteBookmarkAsync(long resourceVersion, bool initialEventsEnd, CancellationToken cancel)
        {
            var metadata = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture) };
            if (initialEventsEnd)
            {
                metadata["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
            }

            var bookmark = new JsonObject { ["kind"] = type.Kind, ["apiVersion"] = type.ApiVersion, ["metadata"] = metadata };
            return WriteLineAsync("BOOKMARK", SandboxJson.ToUtf8Bytes(bookmark), cancel);
        }

        public Task FlushAsync(CancellationToken cancel) => body.FlushAsync(cancel);

        private async Task WriteLineAsync(string eventType, byte[] objectBytes, CancellationToken cancel)
        {
            var head = Encoding.UTF8.GetBytes($"{{\"type\":\"{eventType}\",\"object\":");
            await body.WriteAsync(head, cancel).ConfigureAwait(false);
            await body.WriteAsync(objectBytes, cancel).ConfigureAwait(false);
            await body.WriteAsync("}"u8.ToArray(), cancel).ConfigureAwait(false);
            await body.WriteAsync(NewLine, cancel).ConfigureAwait(false);
        }
    }
}
