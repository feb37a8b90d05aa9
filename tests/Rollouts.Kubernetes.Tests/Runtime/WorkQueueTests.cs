using Rollouts.Kubernetes.Runtime;
using Rollouts.Testing;

namespace Rollouts.Kubernetes.Tests.Runtime;

public class WorkQueueTests
{
    [Fact]
    public void A_key_added_many_times_while_waiting_is_handed_out_once()
    {
        using var queue = NewQueue();

        queue.Add("default/web");
        queue.Add("default/api");
        queue.Add("default/web");
        queue.Add("default/web");

        Assert.Equal(2, queue.Length);
        Assert.Equal("default/web", Take(queue));
        Assert.Equal("default/api", Take(queue));
        Assert.Equal(0, queue.Length);
        Assert.False(queue.GetAsync().IsCompleted);
    }

    [Fact]
    public void Keys_are_handed_out_in_the_order_they_became_ready()
    {
        using var queue = NewQueue();

        foreach (var key in new[] { "c", "a", "b", "a" })
        {
            queue.Add(key);
        }

        Assert.Equal(["c", "a", "b"], [Take(queue), Take(queue), Take(queue)]);
    }

    [Fact]
    public void A_key_being_processed_is_not_handed_to_another_worker()
    {
        using var queue = NewQueue();
        queue.Add("web");
        Assert.Equal("web", Take(queue));

        queue.Add("web");

        Assert.Equal(0, queue.Length);
        Assert.False(queue.GetAsync().IsCompleted);
    }

    [Fact]
    public async Task A_key_added_while_processing_is_handed_out_again_once_after_Done()
    {
        using var queue = NewQueue();
        queue.Add("web");
        Assert.Equal("web", Take(queue));
        queue.Add("web");
        queue.Add("web");
        var next = queue.GetAsync();

        queue.Done("web");

        Assert.Equal("web", (await next).Key);
        queue.Done("web");
        Assert.Equal(0, queue.Length);
        Assert.False(queue.GetAsync().IsCompleted);
    }

    [Fact]
    public void A_key_not_added_again_is_gone_after_Done()
    {
        using var queue = NewQueue();
        queue.Add("web");
        Assert.Equal("web", Take(queue));

        queue.Done("web");

        Assert.Equal(0, queue.Length);
        Assert.False(queue.GetAsync().IsCompleted);
    }

    [Fact]
    public async Task A_waiting_worker_gets_the_next_key_added()
    {
        using var queue = NewQueue();
        var first = queue.GetAsync();
        var second = queue.GetAsync();
        Assert.False(first.IsCompleted);

        queue.Add("a");
        queue.Add("b");

        Assert.Equal("a", (await first).Key);
        Assert.Equal("b", (await second).Key);
    }

    [Fact]
    public void Done_for_a_key_no_worker_holds_names_the_key_and_the_queue()
    {
        using var queue = NewQueue("rollouts");
        queue.Add("default/web");

        var error = Assert.Throws<InvalidOperationException>(() => queue.Done("default/web"));

        Assert.Contains("'default/web'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'rollouts'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_wait_throws_and_does_not_swallow_the_next_key()
    {
        using var queue = NewQueue();
        using var cancel = new CancellationTokenSource();
        var abandoned = queue.GetAsync(cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await abandoned);
        queue.Add("web");
        Assert.Equal(1, queue.Length);
        Assert.Equal("web", Take(queue));
    }

    [Fact]
    public async Task GetAsync_with_a_cancelled_token_is_cancelled_even_when_a_key_is_ready()
    {
        using var queue = NewQueue();
        queue.Add("web");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await queue.GetAsync(new CancellationToken(canceled: true)));
        Assert.Equal(1, queue.Length);
    }

    [Fact]
    public async Task Keys_may_be_records()
    {
        using var queue = new WorkQueue<ObjectKey>("records", timeProvider: new ManualTimeProvider());

        queue.Add(new ObjectKey("default", "web"));
        queue.Add(new ObjectKey("default", "web"));

        Assert.Equal(1, queue.Length);
        var item = await queue.GetAsync();
        Assert.Equal(new ObjectKey("default", "web"), item.Key);
    }

    [Fact]
    public void The_shutdown_item_has_no_key()
    {
        var item = WorkItem<string>.ShutDown;

        Assert.True(item.IsShutDown);
        Assert.Throws<InvalidOperationException>(() => item.Key);
    }

    internal static WorkQueue<string> NewQueue(string name = "test", TimeProvider? clock = null, WorkQueueOptions? options = null) =>
        new(name, options, clock ?? new ManualTimeProvider());

    /// <summary>Takes a key that must be ready now.</summary>
    internal static string Take(WorkQueue<string> queue)
    {
        var get = queue.GetAsync();
        Assert.True(get.IsCompletedSuccessfully, "expected a key to be ready");
        return get.Result.Key;
    }

    private sealed record ObjectKey(string Namespace, string Name);
}
