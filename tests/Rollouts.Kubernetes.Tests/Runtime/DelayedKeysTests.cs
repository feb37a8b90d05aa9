using Rollouts.Kubernetes.Runtime;

namespace Rollouts.Kubernetes.Tests.Runtime;

public class DelayedKeysTests
{
    private static TimeSpan At(int seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void A_key_keeps_its_earliest_time()
    {
        var delayed = new DelayedKeys<string>();

        Assert.True(delayed.Schedule("web", At(5)));
        Assert.True(delayed.Schedule("web", At(2)));
        Assert.False(delayed.Schedule("web", At(9)));

        Assert.Equal(1, delayed.Count);
        Assert.True(delayed.TryPeekEarliest(out var due));
        Assert.Equal(At(2), due);
        Assert.False(delayed.TryTakeDue(At(1), out _));
        Assert.True(delayed.TryTakeDue(At(2), out var key));
        Assert.Equal("web", key);
        Assert.False(delayed.TryTakeDue(At(100), out _));
    }

    [Fact]
    public void Removed_and_superseded_entries_are_never_taken()
    {
        var delayed = new DelayedKeys<string>();
        delayed.Schedule("gone", At(1));
        delayed.Schedule("moved", At(3));
        delayed.Schedule("moved", At(2));
        delayed.Remove("gone");

        var taken = new List<string>();
        while (delayed.TryTakeDue(At(10), out var key))
        {
            taken.Add(key);
        }

        Assert.Equal(["moved"], taken);
        Assert.False(delayed.TryPeekEarliest(out _));
    }

    [Fact]
    public void Many_removals_keep_the_live_keys_in_order()
    {
        var delayed = new DelayedKeys<int>();
        for (var round = 0; round < 10; round++)
        {
            for (var key = 0; key < 100; key++)
            {
                delayed.Schedule(key, At(1000 - key));
                delayed.Remove(key);
            }
        }

        delayed.Schedule(7, At(7));
        delayed.Schedule(3, At(8));

        Assert.True(delayed.TryTakeDue(At(1000), out var first));
        Assert.True(delayed.TryTakeDue(At(1000), out var second));
        Assert.Equal((7, 3), (first, second));
        Assert.False(delayed.TryTakeDue(At(1000), out _));
    }
}
