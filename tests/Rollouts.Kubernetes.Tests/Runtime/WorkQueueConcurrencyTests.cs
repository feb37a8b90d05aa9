using Rollouts.Kubernetes.Runtime;
using Rollouts.Testing;

namespace Rollouts.Kubernetes.Tests.Runtime;

public class WorkQueueConcurrencyTests
{
    private const int Keys = 16;
    private const int Workers = 8;
    private const int Adders = 4;
    private const int AddsPerAdder = 5_000;

    [Fact]
    public async Task Many_workers_and_many_adds_never_process_one_key_twice_at_once()
    {
        using var queue = new WorkQueue<int>("concurrency", timeProvider: new ManualTimeProvider());
        var holding = new int[Keys];
        var timesProcessed = new int[Keys];
        var overlaps = 0;

        var workers = Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var item = await queue.GetAsync();
                if (item.IsShutDown)
                {
                    return;
                }

                if (Interlocked.Increment(ref holding[item.Key]) > 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                await Task.Yield(); // give other workers the chance to be handed the same key
                Interlocked.Increment(ref timesProcessed[item.Key]);
                Interlocked.Decrement(ref holding[item.Key]);
                queue.Done(item.Key);
            }
        })).ToArray();

        var adders = Enumerable.Range(0, Adders).Select(adder => Task.Run(async () =>
        {
            for (var i = 0; i < AddsPerAdder; i++)
            {
                queue.Add((i + adder) % Keys);
                if (i % 64 == 0)
                {
                    await Task.Yield();
                }
            }
        })).ToArray();

        await Task.WhenAll(adders).WaitAsync(TimeSpan.FromSeconds(30));
        await Eventually.WaitUntilAsync(
            () => queue.Length == 0 && Enumerable.Range(0, Keys).All(key => Volatile.Read(ref timesProcessed[key]) > 0),
            "every key to be processed and the queue to empty");
        await queue.ShutDownWithDrainAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, overlaps);
        Assert.All(holding, n => Assert.Equal(0, n));
        Assert.True(timesProcessed.Sum() <= Adders * AddsPerAdder, "a key is never handed out more often than it was added");
    }

    [Fact]
    public async Task Every_add_made_while_a_key_is_processed_leads_to_one_more_processing_after_it()
    {
        using var queue = new WorkQueue<int>("readd", timeProvider: new ManualTimeProvider());
        const int Rounds = 1_000;
        var processedRounds = 0;

        var worker = Task.Run(async () =>
        {
            while (true)
            {
                var item = await queue.GetAsync();
                if (item.IsShutDown)
                {
                    return;
                }

                var round = Interlocked.Increment(ref processedRounds);
                if (round < Rounds)
                {
                    queue.Add(item.Key); // re-added while held: must come back after Done
                }

                queue.Done(item.Key);
            }
        });

        queue.Add(7);
        await Eventually.WaitUntilAsync(() => Volatile.Read(ref processedRounds) >= Rounds, $"{Rounds} rounds of processing");
        await queue.ShutDownWithDrainAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await worker.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(Rounds, processedRounds);
    }
}
