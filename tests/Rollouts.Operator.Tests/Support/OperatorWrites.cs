using System.Text.Json;
using Rollouts.Api;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Operator.Tests.Support;

/// <summary>
/// Sits in the operator's HTTP pipeline: counts its writes (creates, updates, patches and deletes; Events, which
/// are recorded in the background, and the Lease of leader election are not counted), hands every successful one
/// to <see cref="TrafficChecks"/>, checks that none is sent while the operator does not lead, and can stop the
/// operator at its N-th write.
/// </summary>
internal sealed class OperatorWrites(HttpMessageHandler inner, TrafficChecks checks, string canaryIngress) : DelegatingHandler(inner)
{
    private readonly Lock _gate = new();
    private readonly List<string> _log = [];
    private readonly List<string> _sent = [];
    private readonly HashSet<ApiPermission> _permissions = [];
    private int _writes;
    private int _stopAt = int.MaxValue;
    private bool _stopBeforeSending;
    private Action? _stop;

    /// <summary>Whether the operator leads now; a write sent while it does not is a violation.</summary>
    public Func<bool> IsLeading { get; set; } = () => true;

    /// <summary>Writes sent so far.</summary>
    public int Count => Volatile.Read(ref _writes);

    /// <summary>Every write so far as <c>METHOD resource[/subresource]</c> (e.g. <c>PUT rollouts/status</c>), in order.</summary>
    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_gate)
            {
                return [.. _log];
            }
        }
    }

    /// <summary>Every permission the operator's requests (reads, events and leases included) needed so far.</summary>
    public IReadOnlySet<ApiPermission> Permissions
    {
        get
        {
            lock (_gate)
            {
                return new HashSet<ApiPermission>(_permissions);
            }
        }
    }

    /// <summary>
    /// Calls <paramref name="stop"/> at the <paramref name="writes"/>-th write from now: right after the server
    /// answered it (the write happened, the operator never learns it did), or, with
    /// <paramref name="beforeSending"/>, instead of sending it.
    /// </summary>
    public void StopAt(int writes, Action stop, bool beforeSending = false)
    {
        _stop = stop;
        _stopBeforeSending = beforeSending;
        Volatile.Write(ref _stopAt, Count + writes);
    }

    /// <summary>Every write sent so far, answered or not, as <see cref="Log"/> writes them, in order.</summary>
    public IReadOnlyList<string> Sent
    {
        get
        {
            lock (_gate)
            {
                return [.. _sent];
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri?.AbsolutePath ?? "";
        if (request.RequestUri is { } uri && (uri.AbsolutePath.StartsWith("/api/", StringComparison.Ordinal) || uri.AbsolutePath.StartsWith("/apis/", StringComparison.Ordinal)))
        {
            var permission = ApiPermission.Of(request.Method, uri);
            lock (_gate)
            {
                _permissions.Add(permission);
            }
        }

        if (request.Method == HttpMethod.Get || path.Contains("/events", StringComparison.Ordinal) || path.Contains("/leases", StringComparison.Ordinal))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        if (!IsLeading() && !cancellationToken.IsCancellationRequested)
        {
            checks.Violation($"{request.Method} {path} was sent while the operator did not lead");
        }

        var count = Interlocked.Increment(ref _writes);
        var stopHere = count == Volatile.Read(ref _stopAt);
        if (stopHere && _stopBeforeSending)
        {
            _stop?.Invoke();
            throw new OperationCanceledException("the operator was stopped before this write was sent");
        }

        lock (_gate)
        {
            _sent.Add($"{request.Method} {Resource(path)}");
        }

        var response = await base.SendAsync(request, cancellationToken);
        lock (_gate)
        {
            _log.Add($"{request.Method} {Resource(path)}");
        }

        if (response.IsSuccessStatusCode)
        {
            await InspectAsync(request, response, path, cancellationToken);
        }

        if (stopHere)
        {
            _stop?.Invoke();
        }

        return response;
    }

    /// <summary><c>ingresses</c> of <c>/apis/networking.k8s.io/v1/namespaces/default/ingresses/web-web-canary</c>; <c>rollouts/status</c> of a status path.</summary>
    private static string Resource(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var at = Array.IndexOf(parts, "namespaces");
        var rest = at >= 0 && parts.Length > at + 2 ? parts[(at + 2)..] : parts[^1..];
        return rest.Length >= 3 ? $"{rest[0]}/{rest[2]}" : rest[0];
    }

    private async Task InspectAsync(HttpRequestMessage request, HttpResponseMessage response, string path, CancellationToken cancellationToken)
    {
        // The traffic checks follow the one Rollout of the world, in the namespace default.
        if (!path.Contains("/namespaces/default/", StringComparison.Ordinal))
        {
            return;
        }

        if (path.EndsWith($"/ingresses/{canaryIngress}", StringComparison.Ordinal) || (path.EndsWith("/ingresses", StringComparison.Ordinal) && request.Method == HttpMethod.Post))
        {
            if (request.Method == HttpMethod.Delete)
            {
                checks.IngressWritten(0);
                return;
            }

            var ingress = JsonSerializer.Deserialize(await request.Content!.ReadAsByteArrayAsync(cancellationToken), KubernetesJsonContext.Default.Ingress)!;
            if (ingress.Metadata.Name == canaryIngress)
            {
                checks.IngressWritten(ServerState.WeightOf(ingress));
            }
        }
        else if (path.Contains("/rollouts/", StringComparison.Ordinal) && path.EndsWith("/status", StringComparison.Ordinal))
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var written = JsonSerializer.Deserialize(await response.Content.ReadAsByteArrayAsync(cancellationToken), RolloutsJsonContext.Default.Rollout)!;
            if (written.Metadata.Name == checks.RolloutName)
            {
                checks.StatusWritten(written);
            }
        }
    }
}
