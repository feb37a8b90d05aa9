using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Rollouts.Kubernetes.Tests.Client.Testing;

/// <summary>What the client sent, captured before the fake answered.</summary>
internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Body, string? ContentType, string? Authorization)
{
    public string PathAndQuery => Uri.PathAndQuery;
}

/// <summary>An in-memory API server: answers each request through a delegate and records it.</summary>
internal sealed class FakeHandler(Func<RecordedRequest, int, CancellationToken, Task<HttpResponseMessage>> respond) : HttpMessageHandler
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private int _count;

    public FakeHandler(Func<RecordedRequest, HttpResponseMessage> respond)
        : this((request, _, _) => Task.FromResult(respond(request)))
    {
    }

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Answers the n-th request (0-based) with the n-th response; the last one repeats.</summary>
    public static FakeHandler Sequence(params Func<HttpResponseMessage>[] responses) =>
        new((_, index, _) => Task.FromResult(responses[Math.Min(index, responses.Length - 1)]()));

    public static HttpResponseMessage Json(HttpStatusCode code, string json) => new(code)
    {
        Content = new StringContent(json, Encoding.UTF8, "application/json"),
    };

    public static HttpResponseMessage Status(int code, string reason, string message = "failed", string? details = null)
    {
        var detailsJson = details is null ? "" : $",\"details\":{details}";
        return Json(
            (HttpStatusCode)code,
            $$"""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"{{message}}","reason":"{{reason}}"{{detailsJson}},"code":{{code}}}""");
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(
            request.Method,
            request.RequestUri!,
            body,
            request.Content?.Headers.ContentType?.MediaType,
            request.Headers.Authorization?.ToString());
        _requests.Enqueue(recorded);
        var index = Interlocked.Increment(ref _count) - 1;
        var response = await respond(recorded, index, cancellationToken);
        response.RequestMessage = request;
        return response;
    }
}
