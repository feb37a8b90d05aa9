using System.Collections.Concurrent;

namespace Rollouts.Sandbox.ApiServer.Faults;

/// <summary>A request as counted: verb (get, list, watch, create, update, patch, delete, ...), resource plural and HTTP code.</summary>
public readonly record struct RequestKey(string Verb, string Resource, int Code);

/// <summary>Counts of every request the server answered, for tests and benchmarks.</summary>
public sealed class RequestCounter
{
    private readonly ConcurrentDictionary<RequestKey, long> _counts = new();

    public void Record(string verb, string resource, int code) =>
        _counts.AddOrUpdate(new RequestKey(verb, resource, code), 1, static (_, n) => n + 1);

    public IReadOnlyDictionary<RequestKey, long> Snapshot() => new Dictionary<RequestKey, long>(_counts);

    /// <summary>The number of requests matching every given part (null: any).</summary>
    public long Count(string? verb = null, string? resource = null, int? code = null) =>
        _counts.Where(kv => (verb is null || kv.Key.Verb == verb) && (resource is null || kv.Key.Resource == resource)
                            && (code is null || kv.Key.Code == code)).Sum(kv => kv.Value);

    public void Reset() => _counts.Clear();
}
