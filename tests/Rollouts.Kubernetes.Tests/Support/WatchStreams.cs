using Rollouts.Kubernetes.Models;

namespace Rollouts.Kubernetes.Tests.Support;

/// <summary>Reading a bounded number of events from a watch, with a deadline.</summary>
internal static class WatchStreams
{
    /// <summary>The first <paramref name="count"/> events (bookmarks skipped); fails when the deadline passes first.</summary>
    public static async Task<List<WatchEvent<T>>> TakeAsync<T>(
        Func<CancellationToken, IAsyncEnumerable<WatchEvent<T>>> watch, int count, TimeSpan? deadline = null)
        where T : class
    {
        using var timeout = new CancellationTokenSource(deadline ?? TimeSpan.FromSeconds(20));
        var events = new List<WatchEvent<T>>();
        try
        {
            await foreach (var change in watch(timeout.Token))
            {
                if (change.Type != WatchEventType.Bookmark)
                {
                    events.Add(change);
                }

                if (events.Count == count)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"Got {events.Count} of {count} watch events before the deadline: {Describe(events)}");
        }

        return events;
    }

    public static string Describe<T>(IEnumerable<WatchEvent<T>> events)
        where T : class, IKubernetesObject =>
        string.Join(", ", events.Select(e => $"{e.Type} {e.Object.Metadata.Name}"));

    private static string Describe<T>(List<WatchEvent<T>> events)
        where T : class =>
        string.Join(", ", events.Select(e => $"{e.Type} {(e.Object as IKubernetesObject)?.Metadata.Name}"));
}
