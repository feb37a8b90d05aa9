using System.Diagnostics.Metrics;

namespace Rollouts.Kubernetes.Runtime;

/// <summary>
/// The instruments of one work queue, each measurement tagged with the queue's name. Names follow the
/// usual controller work-queue metrics, so a Prometheus writer turns them into
/// <c>workqueue_depth</c>, <c>workqueue_adds_total</c>, <c>workqueue_queue_duration_seconds</c>,
/// <c>workqueue_work_duration_seconds</c> and <c>workqueue_retries_total</c>.
/// </summary>
internal sealed class WorkQueueMetrics : IDisposable
{
    public const string Depth = "workqueue.depth";
    public const string Adds = "workqueue.adds";
    public const string QueueDuration = "workqueue.queue.duration";
    public const string WorkDuration = "workqueue.work.duration";
    public const string Retries = "workqueue.retries";

    private static readonly InstrumentAdvice<double> SecondsBuckets = new()
    {
        HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    };

    private readonly Meter _meter;
    private readonly KeyValuePair<string, object?> _queue;
    private readonly Counter<long> _adds;
    private readonly Counter<long> _retries;
    private readonly Histogram<double> _queueDuration;
    private readonly Histogram<double> _workDuration;

    public WorkQueueMetrics(string queueName, Func<int> depth)
    {
        _meter = new Meter(RuntimeMeter.Name);
        _queue = new(RuntimeMeter.QueueNameTag, queueName);
        _meter.CreateObservableGauge(
            Depth, () => new Measurement<int>(depth(), _queue), "{key}", "Keys ready and waiting for a worker.");
        _adds = _meter.CreateCounter<long>(Adds, "{key}", "Keys added to the queue; a key already waiting is not counted again.");
        _retries = _meter.CreateCounter<long>(Retries, "{key}", "Keys added back with backoff after a failure.");
        _queueDuration = _meter.CreateHistogram(
            QueueDuration, "s", "Time a key waited between becoming ready and being handed to a worker.", tags: null, SecondsBuckets);
        _workDuration = _meter.CreateHistogram(
            WorkDuration, "s", "Time a worker held a key, from being handed it to calling Done.", tags: null, SecondsBuckets);
    }

    public void Added() => _adds.Add(1, _queue);

    public void Retried() => _retries.Add(1, _queue);

    public void Waited(TimeSpan duration) => _queueDuration.Record(duration.TotalSeconds, _queue);

    public void Worked(TimeSpan duration) => _workDuration.Record(duration.TotalSeconds, _queue);

    public void Dispose() => _meter.Dispose();
}
