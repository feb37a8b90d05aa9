using Rollouts.Testing;
using static Rollouts.Kubernetes.Tests.Runtime.WorkQueueTests;

namespace Rollouts.Kubernetes.Tests.Runtime;

public class WorkQueueShutdownTests
{
    [Fact]
    public async Task Waiting_workers_get_the_shutdown_signal()
    {
        using var queue = NewQueue();
        var first = queue.GetAsync();
        var second = queue.GetAsync(CancellationToken.None);

        queue.ShutDown();

        Assert.True((await first).IsShutDown);
        Assert.True((await second).IsShutDown);
        Assert.True(queue.IsShuttingDown);
    }

    [Fact]
    public async Task A_waiting_worker_with_a_cancellable_token_gets_the_shutdown_signal()
    {
        using var queue = NewQueue();
        using var cancel = new CancellationTokenSource();
        var waiting = queue.GetAsync(cancel.Token);

        queue.ShutDown();
        await cancel.CancelAsync();

        Assert.True((await waiting).IsShutDown);
    }

    [Fact]
    public async Task No_key_is_handed_out_after_shutdown_even_if_keys_are_ready()
    {
        using var queue = NewQueue();
        queue.Add("web");

        queue.ShutDown();

        Assert.True((await queue.GetAsync()).IsShutDown);
    }

    [Fact]
    public async Task Adds_of_every_kind_are_ignored_after_shutdown()
    {
        var clock = new ManualTimeProvider();
        using var queue = NewQueue(clock: clock);
        queue.AddAfter("pending", TimeSpan.FromSeconds(1));
        queue.ShutDown();

        queue.Add("web");
        queue.AddAfter("api", TimeSpan.FromSeconds(1));
        queue.AddRateLimited("db");
        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(0, queue.Length);
        Assert.Equal(0, queue.NumRequeues("db"));
        Assert.Equal(0, clock.ArmedTimerCount);
        Assert.True((await queue.GetAsync()).IsShutDown);
    }

    [Fact]
    public async Task Drain_waits_until_every_key_handed_out_is_done()
    {
        using var queue = NewQueue();
        queue.Add("web");
        queue.Add("api");
        Assert.Equal("web", Take(queue));
        Assert.Equal("api", Take(queue));
        queue.Add("web");

        var drain = queue.ShutDownWithDrainAsync();

        Assert.True((await queue.GetAsync()).IsShutDown);
        queue.Done("web");
        Assert.False(drain.IsCompleted);
        queue.Done("api");
        await drain.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(drain.IsCompletedSuccessfully);
        Assert.True((await queue.GetAsync()).IsShutDown);
    }

    [Fact]
    public async Task Drain_returns_at_once_when_no_key_is_being_processed()
    {
        using var queue = NewQueue();
        queue.Add("web");

        var drain = queue.ShutDownWithDrainAsync();

        Assert.True(drain.IsCompletedSuccessfully);
        await drain;
    }

    [Fact]
    public async Task A_cancelled_drain_throws_and_leaves_the_queue_shut_down()
    {
        using var queue = NewQueue();
        queue.Add("web");
        Assert.Equal("web", Take(queue));
        using var cancel = new CancellationTokenSource();

        var drain = queue.ShutDownWithDrainAsync(cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => drain);
        Assert.True(queue.IsShuttingDown);
        queue.Done("web");
        await queue.ShutDownWithDrainAsync().WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void Shutting_down_twice_is_harmless()
    {
        using var queue = NewQueue();

        queue.ShutDown();
        queue.ShutDown();

        Assert.True(queue.IsShuttingDown);
    }
}
