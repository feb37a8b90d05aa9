using System.Net;
using System.Text;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;
using Rollouts.Kubernetes.Tests.Client.Testing;

namespace Rollouts.Kubernetes.Tests.Client.Http;

public class WatchTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private static string Event(string type, string name, string resourceVersion) =>
        $$"""{"type":"{{type}}","object":{"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"{{name}}","namespace":"shop","resourceVersion":"{{resourceVersion}}"},"spec":{"replicas":1}""" + "}}\n";

    private static (KubernetesApiClient Client, FakeHandler Handler) Serve(ChunkedStream body)
    {
        var handler = new FakeHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) });
        return (TestClient.Create(handler), handler);
    }

    private static async Task<List<WatchEvent<ReplicaSet>>> Collect(IAsyncEnumerable<WatchEvent<ReplicaSet>> events)
    {
        var all = new List<WatchEvent<ReplicaSet>>();
        await foreach (var watchEvent in events)
        {
            all.Add(watchEvent);
        }

        return all;
    }

    [Fact]
    public async Task Watch_sends_its_options_and_yields_typed_events_until_the_server_closes()
    {
        var body = new ChunkedStream();
        body.Write(Event("ADDED", "a", "10") + Event("MODIFIED", "a", "11") + Event("DELETED", "a", "12"));
        body.Complete();
        var (client, handler) = Serve(body);
        using var _ = client;

        var events = await Collect(client.Resource<ReplicaSet>().WatchAsync(
            "shop",
            new WatchOptions { ResourceVersion = "9", AllowWatchBookmarks = true, TimeoutSeconds = 300, LabelSelector = "app=web" }));

        Assert.Equal(
            [(WatchEventType.Added, "10"), (WatchEventType.Modified, "11"), (WatchEventType.Deleted, "12")],
            events.Select(e => (e.Type, e.Object.Metadata.ResourceVersion)));
        Assert.Equal(1, events[0].Object.Spec!.Replicas);
        Assert.Equal(
            "/apis/apps/v1/namespaces/shop/replicasets?watch=true&resourceVersion=9&allowWatchBookmarks=true&timeoutSeconds=300&labelSelector=app%3Dweb",
            handler.Requests[0].PathAndQuery);
    }

    [Fact]
    public async Task An_event_split_across_network_chunks_decodes_once_complete()
    {
        var body = new ChunkedStream();
        var wire = Encoding.UTF8.GetBytes(Event("ADDED", "a", "10") + Event("MODIFIED", "ü-ünïcode", "11"));
        foreach (var b in wire)
        {
            body.Write([b]);
        }

        body.Complete();
        var (client, _) = Serve(body);
        using var __ = client;

        var events = await Collect(client.Resource<ReplicaSet>().WatchAsync("shop"));

        Assert.Equal(["a", "ü-ünïcode"], events.Select(e => e.Object.Metadata.Name));
    }

    [Fact]
    public async Task Events_larger_than_the_read_buffer_and_several_per_chunk_decode()
    {
        var big = new string('x', 100_000);
        var body = new ChunkedStream();
        var wire = Event("ADDED", big, "10") + "\r\n" + Event("ADDED", "b", "11") + Event("ADDED", "c", "12");
        body.Write(wire[..70_000]);
        body.Write(wire[70_000..]);
        body.Complete();
        var (client, _) = Serve(body);
        using var __ = client;

        var events = await Collect(client.Resource<ReplicaSet>().WatchAsync("shop"));

        Assert.Equal([big, "b", "c"], events.Select(e => e.Object.Metadata.Name));
    }

    [Fact]
    public async Task A_bookmark_carries_only_the_resource_version()
    {
        var body = new ChunkedStream();
        body.Write("""{"type":"BOOKMARK","object":{"kind":"ReplicaSet","apiVersion":"apps/v1","metadata":{"resourceVersion":"120"}}}""" + "\n");
        body.Complete();
        var (client, _) = Serve(body);
        using var __ = client;

        var bookmark = Assert.Single(await Collect(client.Resource<ReplicaSet>().WatchAsync("shop")));

        Assert.Equal(WatchEventType.Bookmark, bookmark.Type);
        Assert.Equal("120", bookmark.Object.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task An_error_event_with_410_is_thrown_as_gone_after_the_events_before_it()
    {
        var body = new ChunkedStream();
        body.Write(Event("ADDED", "a", "10"));
        body.Write("""{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 5 (10)","reason":"Expired","code":410}}""" + "\n");
        var (client, _) = Serve(body);
        using var __ = client;
        var seen = new List<string?>();

        var error = await Assert.ThrowsAsync<GoneException>(async () =>
        {
            await foreach (var watchEvent in client.Resource<ReplicaSet>().WatchAsync("shop", new WatchOptions { ResourceVersion = "5" }))
            {
                seen.Add(watchEvent.Object.Metadata.Name);
            }
        });

        Assert.Equal(["a"], seen);
        Assert.Equal(410, error.Code);
        Assert.Equal("Expired", error.Reason);
        Assert.Contains("too old resource version", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_error_event_is_thrown_as_its_own_exception()
    {
        var body = new ChunkedStream();
        body.Write("""{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"etcd unavailable","reason":"InternalError","code":500}}""" + "\n");
        var (client, _) = Serve(body);
        using var __ = client;

        await Assert.ThrowsAsync<ServerErrorException>(() => Collect(client.Resource<ReplicaSet>().WatchAsync("shop")));
    }

    [Fact]
    public async Task Events_arrive_while_the_response_is_still_open()
    {
        var body = new ChunkedStream();
        body.Write(Event("ADDED", "a", "10"));
        var (client, _) = Serve(body);
        using var __ = client;
        await using var events = client.Resource<ReplicaSet>().WatchAsync("shop").GetAsyncEnumerator();

        Assert.True(await events.MoveNextAsync().AsTask().WaitAsync(Deadline));
        Assert.Equal("a", events.Current.Object.Metadata.Name);

        body.Write(Event("MODIFIED", "a", "11"));
        Assert.True(await events.MoveNextAsync().AsTask().WaitAsync(Deadline));
        Assert.Equal("11", events.Current.Object.Metadata.ResourceVersion);
        body.Complete();
        Assert.False(await events.MoveNextAsync().AsTask().WaitAsync(Deadline));
    }

    [Fact]
    public async Task A_dropped_connection_ends_the_stream_and_the_half_sent_event_is_dropped()
    {
        var body = new ChunkedStream();
        body.Write(Event("ADDED", "a", "10"));
        body.Write("""{"type":"MODIFIED","object":{"meta""");
        body.Break();
        var (client, _) = Serve(body);
        using var __ = client;

        var events = await Collect(client.Resource<ReplicaSet>().WatchAsync("shop"));

        Assert.Equal(["a"], events.Select(e => e.Object.Metadata.Name));
    }

    [Fact]
    public async Task Cancelling_stops_a_watch_that_is_waiting_for_events()
    {
        var body = new ChunkedStream();
        var (client, _) = Serve(body);
        using var __ = client;
        using var cancel = new CancellationTokenSource();

        var watching = Collect(client.Resource<ReplicaSet>().WatchAsync("shop", cancellationToken: cancel.Token));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watching.WaitAsync(Deadline));
    }

    [Fact]
    public async Task Opening_a_watch_is_retried_like_a_read()
    {
        var body = new ChunkedStream();
        body.Write(Event("ADDED", "a", "10"));
        body.Complete();
        var handler = FakeHandler.Sequence(
            () => FakeHandler.Status(503, "ServiceUnavailable"),
            () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) });
        using var client = TestClient.Create(handler);

        var events = await Collect(client.Resource<ReplicaSet>().WatchAsync("shop"));

        Assert.Single(events);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task A_watch_that_cannot_start_because_the_version_is_too_old_throws_gone()
    {
        var handler = new FakeHandler(_ => FakeHandler.Status(410, "Expired", "too old resource version"));
        using var client = TestClient.Create(handler);

        await Assert.ThrowsAsync<GoneException>(() => Collect(client.Resource<ReplicaSet>().WatchAsync("shop", new WatchOptions { ResourceVersion = "1" })));
    }

    [Fact]
    public async Task A_line_that_is_not_an_event_is_reported()
    {
        var body = new ChunkedStream();
        body.Write("not json\n");
        body.Complete();
        var (client, _) = Serve(body);
        using var __ = client;

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Collect(client.Resource<ReplicaSet>().WatchAsync("shop")));

        Assert.Contains("the watch sent an event that is not valid JSON", error.Message, StringComparison.Ordinal);
    }
}
