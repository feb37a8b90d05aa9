using System.Threading.Channels;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Kubernetes.Runtime.LeaderElection;

/// <summary>A version of the Lease seen on the watch (null: deleted), and when it arrived by the candidate's clock.</summary>
internal readonly record struct WatchedLease(Lease? Lease, long ReceivedAt);

/// <summary>
/// A standby's watch on its one Lease, so that it sees a renewal or a release the moment it is written instead of
/// on its next read. It only hands what it sees to the election loop (which alone updates its view of the lease);
/// when the watch fails or ends, it opens it again, after a retry period when it failed.
/// </summary>
internal sealed class LeaseWatch : IAsyncDisposable
{
    private readonly Channel<WatchedLease> _seen = Channel.CreateUnbounded<WatchedLease>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _stop;
    private readonly Task _watching;

    public LeaseWatch(IResourceClient<Lease> leases, LeaderElectionOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _watching = Task.Run(() => WatchAsync(leases, options, time, _stop.Token), CancellationToken.None);
    }

    /// <summary>What the watch saw, in order.</summary>
    public ChannelReader<WatchedLease> Seen => _seen.Reader;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _watching.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task WatchAsync(IResourceClient<Lease> leases, LeaderElectionOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var query = new WatchOptions { FieldSelector = $"metadata.name={options.LeaseName}" };
        while (!cancellationToken.IsCancellationRequested)
        {
            var received = false;
            try
            {
                await foreach (var change in leases.WatchAsync(options.Namespace, query, cancellationToken).ConfigureAwait(false))
                {
                    if (change.Type is WatchEventType.Added or WatchEventType.Modified or WatchEventType.Deleted
                        && change.Object.Metadata.Name == options.LeaseName)
                    {
                        var lease = change.Type == WatchEventType.Deleted ? null : change.Object;
                        _seen.Writer.TryWrite(new WatchedLease(lease, time.GetTimestamp()));
                        received = true;
                    }
                }

                if (received)
                {
                    continue;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                // The election loop still reads the lease every retry period; watch again after one.
            }

            // Failed, or ended without a word: wait a retry period, so that a server refusing watches is not flooded.
            try
            {
                await Task.Delay(options.RetryPeriod, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
