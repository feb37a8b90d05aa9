namespace Rollouts.Testing;

/// <summary>Waits for a condition that other threads make true, with a deadline instead of a sleep.</summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(20);

    /// <summary>Returns once <paramref name="condition"/> holds; fails the test at the deadline.</summary>
    public static Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? deadline = null) =>
        WaitUntilAsync(condition, () => what, deadline);

    /// <summary>
    /// Returns once <paramref name="condition"/> holds; fails the test at the deadline with <paramref name="what"/> as it reads
    /// then. For a description that shows the state waited on: an interpolated string would show the state before the wait.
    /// </summary>
    public static async Task WaitUntilAsync(Func<bool> condition, Func<string> what, TimeSpan? deadline = null)
    {
        var limit = deadline ?? DefaultDeadline;
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            if (TimeProvider.System.GetElapsedTime(started) > limit)
            {
                throw new TimeoutException($"Waited {limit.TotalSeconds:0.#} s for {what()}, which never became true.");
            }

            // Poll: the machine has few cores, and a spinning wait starves the code it waits for.
            await Task.Delay(5).ConfigureAwait(false);
        }
    }

    /// <summary>Returns once the asynchronous <paramref name="condition"/> holds; fails the test at the deadline.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? deadline = null)
    {
        var limit = deadline ?? DefaultDeadline;
        var started = TimeProvider.System.GetTimestamp();
        while (!await condition().ConfigureAwait(false))
        {
            if (TimeProvider.System.GetElapsedTime(started) > limit)
            {
                throw new TimeoutException($"Waited {limit.TotalSeconds:0.#} s for {what}, which never became true.");
            }

            await Task.Delay(5).ConfigureAwait(false);
        }
    }
}
