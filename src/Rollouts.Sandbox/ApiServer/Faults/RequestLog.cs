namespace Rollouts.Sandbox.ApiServer.Faults;

/// <summary>
/// One request as the server answered it: its place in the log (0 is the first answered), verb, resource (with subresource), namespace and
/// name, HTTP code, the client's User-Agent (which tells replicas of one client apart when each names itself
/// there), and the store's resourceVersion when the request arrived and when it was answered: a write it
/// committed lies between the two.
/// </summary>
public sealed record LoggedRequest(
    long Sequence, string Verb, string Resource, string? Namespace, string? Name, int Code, string? UserAgent,
    long ResourceVersionBefore, long ResourceVersionAfter)
{
    /// <summary>create, update, patch, delete or deletecollection.</summary>
    public bool IsWrite => Verb is "create" or "update" or "patch" or "delete" or "deletecollection";
}

/// <summary>
/// Every resource request in the order answered, as an audit log of the server would hold it. Off until
/// <see cref="Enabled"/> is set, so a long-running sandbox does not keep every request.
/// </summary>
public sealed class RequestLog(Func<long> resourceVersion)
{
    private readonly Lock _gate = new();
    private readonly List<LoggedRequest> _requests = [];

    public bool Enabled { get; set; }

    /// <summary>The store's resourceVersion now; read when a request arrives and when it was answered.</summary>
    public long ResourceVersion => resourceVersion();

    public void Record(string verb, string resource, string? @namespace, string? name, int code, string? userAgent, long before)
    {
        if (Enabled)
        {
            var after = resourceVersion();
            lock (_gate)
            {
                _requests.Add(new LoggedRequest(_requests.Count, verb, resource, @namespace, name, code, userAgent, before, after));
            }
        }
    }

    /// <summary>The logged requests in the order they were answered.</summary>
    public IReadOnlyList<LoggedRequest> Snapshot() => Since(0);

    /// <summary>The logged requests from the <paramref name="sequence"/>-th on (0 is the first).</summary>
    public IReadOnlyList<LoggedRequest> Since(long sequence)
    {
        lock (_gate)
        {
            var start = (int)Math.Clamp(sequence, 0, _requests.Count);
            return _requests.GetRange(start, _requests.Count - start);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }
}
