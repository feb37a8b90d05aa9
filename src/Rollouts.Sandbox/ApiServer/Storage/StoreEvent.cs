namespace Rollouts.Sandbox.ApiServer.Storage;

public enum StoreEventType
{
    Added,
    Modified,
    Deleted,
}

/// <summary>
/// One committed change. <see cref="Object"/> is the object after the change (for a deletion, the final
/// object carrying the deletion's resourceVersion); <see cref="Previous"/> is the object before it.
/// </summary>
public sealed record StoreEvent(long ResourceVersion, StoreEventType Type, StoredObject Object, StoredObject? Previous)
{
    public string StorageKey => Object.StorageKey;

    /// <summary><see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> when the change was committed (the server accepted the write).</summary>
    public long CommittedTimestamp { get; } = System.Diagnostics.Stopwatch.GetTimestamp();
}
