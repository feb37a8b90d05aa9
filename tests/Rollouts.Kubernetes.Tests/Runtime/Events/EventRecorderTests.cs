using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;
using Rollouts.Kubernetes.Runtime.Events;
using Rollouts.Kubernetes.Tests.Support;
using Rollouts.Sandbox.ApiServer.Faults;
using Rollouts.Testing;

namespace Rollouts.Kubernetes.Tests.Runtime.Events;

public class EventRecorderTests : SandboxTest
{
    private static readonly DateTimeOffset Start = ManualTimeProvider.DefaultStart;

    private readonly ManualTimeProvider _clock = new();
    private InterceptingHandler _network = null!;
    private KubernetesApiClient _recorderClient = null!;
    private KubernetesObject _web = null!;
    private KubernetesObject _api = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _network = new InterceptingHandler(Rollouts.Testing.SandboxApi.TrustingHandler(Api.Server));
        _recorderClient = NewClient(new KubernetesClientOptions { Handler = _network, Retry = new RetryPolicy { MaxRetries = 0 } });
        _web = await ConfigMapClient.CreateAsync(ConfigMaps.New("web"));
        _api = await ConfigMapClient.CreateAsync(ConfigMaps.New("api"));
    }

    public override async Task DisposeAsync()
    {
        _recorderClient.Dispose();
        _network.Dispose();
        await base.DisposeAsync();
    }

    private IResourceClient<Event> Events => Client.Resource<Event>();

    [Fact]
    public async Task An_event_names_its_object_reason_message_type_source_and_time()
    {
        await using var recorder = Recorder();

        recorder.Record(_web, EventType.Warning, "AnalysisFailed", "success rate 0.91 is below 0.99");
        var written = await WaitForEventsAsync(1);

        var e = written.Single();
        Assert.Equal(("ConfigMap", "v1", "default", "web", _web.Metadata.Uid), (e.InvolvedObject!.Kind, e.InvolvedObject.ApiVersion, e.InvolvedObject.Namespace, e.InvolvedObject.Name, e.InvolvedObject.Uid));
        Assert.Equal(("AnalysisFailed", "success rate 0.91 is below 0.99", "Warning"), (e.Reason, e.Message, e.Type));
        Assert.Equal((1, Start, Start), (e.Count, e.FirstTimestamp, e.LastTimestamp));
        Assert.Equal(("rollouts-operator", "test-host"), (e.Source!.Component, e.Source.Host));
        Assert.Equal(("rollouts-operator", "test-host"), (e.ReportingComponent, e.ReportingInstance));
        Assert.Equal("default", e.Metadata.Namespace);
        Assert.StartsWith("web.", e.Metadata.Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_event_again_within_the_window_counts_up_the_one_already_written()
    {
        await using var recorder = Recorder();

        for (var i = 1; i <= 3; i++)
        {
            recorder.Record(_web, EventType.Normal, "RolloutPaused", "paused at step 2");
            await Eventually.WaitUntilAsync(() => recorder.Written == i, $"write {i}");
            _clock.Advance(TimeSpan.FromMinutes(4));
        }

        var e = (await WaitForEventsAsync(1)).Single();
        Assert.Equal((3, Start, Start.AddMinutes(8)), (e.Count, e.FirstTimestamp, e.LastTimestamp));
        Assert.Equal(2, Api.Server.Requests.Count("patch", "events", 200));
    }

    [Fact]
    public async Task Occurrences_that_queue_up_together_become_one_write()
    {
        await using var recorder = Recorder();
        _network.HoldWhen(InterceptingHandler.Resource("events"));
        recorder.Record(_web, EventType.Normal, "Scaled", "scaled canary to 2");
        await Eventually.WaitUntilAsync(() => _network.HeldRequests == 1, "the first write to be sent");

        for (var i = 0; i < 5; i++)
        {
            recorder.Record(_web, EventType.Normal, "Scaled", "scaled canary to 2");
        }

        _network.ReleaseRequests();
        await Eventually.WaitUntilAsync(() => recorder.Pending == 0, "every occurrence to be written");

        Assert.Equal(6, (await WaitForEventsAsync(1)).Single().Count);
        Assert.Equal(1, Api.Server.Requests.Count("patch", "events"));
    }

    [Theory]
    [InlineData("web", "Normal", "RolloutPaused", "other message")]
    [InlineData("web", "Normal", "OtherReason", "paused at step 2")]
    [InlineData("web", "Warning", "RolloutPaused", "paused at step 2")]
    [InlineData("api", "Normal", "RolloutPaused", "paused at step 2")]
    public async Task An_event_differing_in_object_type_reason_or_message_is_written_apart(string name, string type, string reason, string message)
    {
        await using var recorder = Recorder();

        recorder.Record(_web, EventType.Normal, "RolloutPaused", "paused at step 2");
        recorder.Record(name == "web" ? _web : _api, Enum.Parse<EventType>(type), reason, message);

        var written = await WaitForEventsAsync(2);
        Assert.All(written, e => Assert.Equal(1, e.Count));
    }

    [Fact]
    public async Task After_the_window_the_same_event_is_written_anew()
    {
        await using var recorder = Recorder();
        recorder.Record(_web, EventType.Normal, "RolloutPaused", "paused at step 2");
        await Eventually.WaitUntilAsync(() => recorder.Written == 1, "the first write");

        _clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        recorder.Record(_web, EventType.Normal, "RolloutPaused", "paused at step 2");

        var written = await WaitForEventsAsync(2);
        Assert.All(written, e => Assert.Equal(1, e.Count));
        Assert.Equal([Start, Start.AddSeconds(601)], written.Select(e => e.FirstTimestamp!.Value).Order());
    }

    [Fact]
    public async Task An_event_deleted_meanwhile_is_written_anew()
    {
        await using var recorder = Recorder();
        recorder.Record(_web, EventType.Normal, "RolloutPaused", "paused at step 2");
        var first = (await WaitForEventsAsync(1)).Single();
        await Events.DeleteAsync("default", first.Metadata.Name!);

        recorder.Record(_web, EventType.Normal, "RolloutPaused", "paused at step 2");

        var second = (await WaitForEventsAsync(1)).Single();
        Assert.NotEqual(first.Metadata.Name, second.Metadata.Name);
        Assert.Equal(1, second.Count);
    }

    [Fact]
    public async Task Failed_writes_are_logged_and_dropped_and_later_events_still_go_through()
    {
        await using var recorder = Recorder();
        var failing = Api.Server.Faults.Add(new FaultRule { Resource = "events", ErrorRate = 1, ErrorCode = 500 });

        recorder.Record(_web, EventType.Warning, "A", "first");
        recorder.Record(_web, EventType.Warning, "B", "second");
        recorder.Record(_api, EventType.Warning, "C", "third");
        await Eventually.WaitUntilAsync(() => recorder.Failed == 3, "three failed writes");
        failing.Dispose();
        recorder.Record(_api, EventType.Normal, "D", "after the outage");

        Assert.Equal("D", (await WaitForEventsAsync(1)).Single().Reason);
        Assert.Equal(1, recorder.Written);
    }

    [Fact]
    public async Task The_queue_is_bounded_and_what_does_not_fit_is_dropped_and_counted()
    {
        await using var recorder = Recorder(new() { Component = "rollouts-operator", Host = "test-host", QueueCapacity = 10 });
        _network.HoldWhen(InterceptingHandler.Resource("events"));
        recorder.Record(_web, EventType.Normal, "InFlight", "held");
        await Eventually.WaitUntilAsync(() => _network.HeldRequests == 1, "the first write to be sent");

        for (var i = 0; i < 100; i++)
        {
            recorder.Record(_web, EventType.Normal, "Burst", $"event {i}");
        }

        var pendingWhileHeld = recorder.Pending;
        _network.ReleaseRequests();
        await Eventually.WaitUntilAsync(() => recorder.Pending == 0, "the queue to drain");

        Assert.Equal(11, pendingWhileHeld);
        Assert.Equal(90, recorder.Dropped);
        Assert.Equal(11, (await Events.ListAsync("default")).Items.Count);
    }

    [Fact]
    public async Task Only_so_many_events_are_remembered_for_counting_up_the_least_recently_seen_forgotten_first()
    {
        await using var recorder = Recorder(new() { Component = "rollouts-operator", Host = "test-host", CacheCapacity = 2 });

        foreach (var reason in new[] { "A", "B", "C", "A", "C" })
        {
            var before = recorder.Written;
            recorder.Record(_web, EventType.Normal, reason, "same message");
            await Eventually.WaitUntilAsync(() => recorder.Written == before + 1, $"the write of {reason}");
        }

        var counts = (await WaitForEventsAsync(4)).Select(e => $"{e.Reason}:{e.Count}").Order();
        Assert.Equal(["A:1", "A:1", "B:1", "C:2"], counts);
    }

    [Fact]
    public async Task Disposing_writes_what_is_queued_and_later_events_are_dropped()
    {
        var recorder = Recorder();
        _network.HoldWhen(InterceptingHandler.Resource("events"));
        recorder.Record(_web, EventType.Normal, "One", "1");
        recorder.Record(_web, EventType.Normal, "Two", "2");
        recorder.Record(_web, EventType.Normal, "Three", "3");
        await Eventually.WaitUntilAsync(() => _network.HeldRequests == 1, "the first write to be sent");

        var disposing = recorder.DisposeAsync();
        _network.ReleaseRequests();
        await disposing.AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        recorder.Record(_web, EventType.Normal, "Four", "4");

        Assert.Equal(3, (await Events.ListAsync("default")).Items.Count);
        Assert.Equal(1, recorder.Dropped);
    }

    [Theory]
    [InlineData("", 10, "Component")]
    [InlineData("rollouts", 0, "QueueCapacity")]
    public void Options_that_cannot_work_are_refused_naming_the_field(string component, int queue, string field)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new EventRecorder(Events, new EventRecorderOptions { Component = component, QueueCapacity = queue }));

        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    private EventRecorder Recorder(EventRecorderOptions? options = null) =>
        new(_recorderClient.Resource<Event>(), options ?? new EventRecorderOptions { Component = "rollouts-operator", Host = "test-host" }, _clock);

    private async Task<IReadOnlyList<Event>> WaitForEventsAsync(int count)
    {
        IReadOnlyList<Event> events = [];
        await Eventually.WaitUntilAsync(async () => (events = (await Events.ListAsync("default")).Items).Count == count, $"{count} events on the server");
        return events;
    }
}
