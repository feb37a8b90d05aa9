using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Rollouts.Kubernetes.Runtime;
using Rollouts.Testing;
using static Rollouts.Kubernetes.Tests.Runtime.WorkQueueTests;

namespace Rollouts.Kubernetes.Tests.Runtime;

public sealed class WorkQueueMetricsTests : IDisposable
{
    // Queues in other tests publish on the same meter; this test's queue has a name of its own.
    private readonly string _name = $"metrics-{Guid.NewGuid():N}";
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value)> _measurements = new();

    public WorkQueueMetricsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RuntimeMeter.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public void Adds_count_keys_that_were_not_already_waiting()
    {
        using var queue = NewQueue(_name);

        queue.Add("web");
        queue.Add("web");
        queue.Add("api");

        Assert.Equal([1, 1], Values("workqueue.adds"));
    }

    [Fact]
    public void Depth_reports_the_keys_ready_now()
    {
        using var queue = NewQueue(_name);
        queue.Add("web");
        queue.Add("api");
        queue.Add("db");
        Take(queue);

        _listener.RecordObservableInstruments();

        Assert.Equal([2], Values("workqueue.depth"));
    }

    [Fact]
    public void Queue_duration_is_the_time_from_ready_to_handed_out_and_work_duration_the_time_held()
    {
        var clock = new ManualTimeProvider();
        using var queue = NewQueue(_name, clock);
        queue.AddAfter("web", TimeSpan.FromSeconds(10));
        clock.Advance(TimeSpan.FromSeconds(10));

        clock.Advance(TimeSpan.FromSeconds(2));
        Take(queue);
        clock.Advance(TimeSpan.FromSeconds(3));
        queue.Done("web");

        Assert.Equal([2], Values("workqueue.queue.duration"));
        Assert.Equal([3], Values("workqueue.work.duration"));
    }

    [Fact]
    public void Retries_count_rate_limited_adds()
    {
        using var queue = NewQueue(_name);

        queue.AddRateLimited("web");
        queue.AddRateLimited("web");

        Assert.Equal([1, 1], Values("workqueue.retries"));
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == RuntimeMeter.QueueNameTag && Equals(tag.Value, _name))
            {
                _measurements.Enqueue((instrument.Name, value));
            }
        }
    }

    private double[] Values(string instrument) =>
        [.. _measurements.Where(m => m.Instrument == instrument).Select(m => m.Value)];
}
