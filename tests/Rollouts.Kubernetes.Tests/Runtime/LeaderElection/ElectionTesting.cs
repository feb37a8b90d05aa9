using System.Collections.Concurrent;
using Rollouts.Kubernetes.Runtime.LeaderElection;

namespace Rollouts.Kubernetes.Tests.Runtime.LeaderElection;

/// <summary>What happened to the candidates of one test, in the order it happened.</summary>
internal sealed class Timeline
{
    private readonly ConcurrentQueue<string> _entries = new();

    public IReadOnlyList<string> Entries => [.. _entries];

    public void Add(string entry) => _entries.Enqueue(entry);

    public int IndexOf(string entry) => Entries.ToList().IndexOf(entry);
}

/// <summary>A leader elector running on a background task, its events written to a <see cref="Timeline"/>.</summary>
internal sealed class RunningElector : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private int _started;
    private int _stopped;

    public RunningElector(LeaderElector elector, Timeline timeline)
    {
        Elector = elector;
        elector.StartedLeading += (_, args) =>
        {
            var term = Interlocked.Increment(ref _started);
            LastLeadingToken = args.LeadingToken;
            timeline.Add($"{elector.Identity} started {term}");
            args.LeadingToken.Register(() => timeline.Add($"{elector.Identity} token cancelled {term}"));
        };
        elector.StoppedLeading += (_, _) => timeline.Add($"{elector.Identity} stopped {Interlocked.Increment(ref _stopped)}");
        Running = Task.Run(() => elector.RunAsync(_stop.Token));
    }

    public LeaderElector Elector { get; }

    public Task Running { get; }

    public int TimesStarted => Volatile.Read(ref _started);

    public int TimesStopped => Volatile.Read(ref _stopped);

    public CancellationToken LastLeadingToken { get; private set; }

    /// <summary>Shuts the elector down as a host would, and waits (with a deadline) for it to finish.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Running.WaitAsync(TimeSpan.FromSeconds(20));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        await Running.WaitAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}
