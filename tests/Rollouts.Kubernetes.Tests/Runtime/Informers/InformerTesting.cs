using System.Collections.Concurrent;
using Rollouts.Kubernetes.Models;
using Rollouts.Kubernetes.Runtime.Informers;

namespace Rollouts.Kubernetes.Tests.Runtime.Informers;

/// <summary>Every change an informer handed to a handler, in order.</summary>
internal sealed class ChangeRecorder
{
    private readonly ConcurrentQueue<ObjectChange<KubernetesObject>> _changes = new();

    public int Count => _changes.Count;

    public IReadOnlyList<ObjectChange<KubernetesObject>> All => [.. _changes];

    public void Record(ObjectChange<KubernetesObject> change) => _changes.Enqueue(change);

    /// <summary>Changes as <c>Type ns/name</c>, resyncs left out.</summary>
    public IReadOnlyList<string> Lines => [.. All.Where(c => !c.IsResync).Select(c => $"{c.Type} {c.Key}")];
}

/// <summary>An informer running on a background task until disposed.</summary>
internal sealed class RunningInformer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();

    private RunningInformer(SharedInformer<KubernetesObject> informer)
    {
        Informer = informer;
        Running = Task.Run(() => informer.RunAsync(_stop.Token));
    }

    public SharedInformer<KubernetesObject> Informer { get; }

    public Task Running { get; }

    public static async Task<RunningInformer> StartAsync(SharedInformer<KubernetesObject> informer, bool waitForSync = true)
    {
        var running = new RunningInformer(informer);
        if (waitForSync)
        {
            await informer.WaitForSyncAsync().WaitAsync(TimeSpan.FromSeconds(20));
        }

        return running;
    }

    /// <summary>Stops the informer and waits (with a deadline) for its loop to end.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Running.WaitAsync(TimeSpan.FromSeconds(20));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }
}
