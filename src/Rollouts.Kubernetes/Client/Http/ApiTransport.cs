using System.Net.Http.Headers;
using System.Runtime.ExceptionServices;
using Rollouts.Kubernetes.Client.Config;
using Rollouts.Kubernetes.Flow;

namespace Rollouts.Kubernetes.Client.Http;

/// <summary>
/// Sends requests to the API server: paced by the token bucket, authenticated, bounded by the
/// per-request timeout, retried when that is safe, and counted for metrics.
/// </summary>
internal sealed class ApiTransport : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _server;
    private readonly ITokenSource? _token;
    private readonly TokenBucket _limiter;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly RetryPolicy _retry;
    private readonly ClientMetrics _metrics;
    private readonly string _userAgent;

    public ApiTransport(Uri server, HttpMessageHandler handler, bool disposeHandler, ITokenSource? token, KubernetesClientOptions options)
    {
        _http = new HttpClient(handler, disposeHandler) { Timeout = Timeout.InfiniteTimeSpan };
        _server = server.AbsoluteUri.TrimEnd('/');
        _token = token;
        _time = options.TimeProvider;
        _limiter = new TokenBucket(options.Qps, options.Burst, _time);
        _timeout = options.RequestTimeout;
        _retry = options.Retry;
        _metrics = new ClientMetrics(options.MeterFactory);
        _userAgent = options.UserAgent;
    }

    /// <summary>Sends the request and returns the body of the successful response.</summary>
    public async Task<byte[]> SendAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var (response, body) = await SendWithRetriesAsync(request, streaming: false, cancellationToken).ConfigureAwait(false);
        response.Dispose();
        return body!;
    }

    /// <summary>Sends the request and returns as soon as the headers of a successful response arrive; the caller reads and disposes it.</summary>
    public async Task<HttpResponseMessage> OpenAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var (response, _) = await SendWithRetriesAsync(request, streaming: true, cancellationToken).ConfigureAwait(false);
        return response;
    }

    public void Dispose()
    {
        _http.Dispose();
        _metrics.Dispose();
    }

    private async Task<(HttpResponseMessage Response, byte[]? Body)> SendWithRetriesAsync(ApiRequest request, bool streaming, CancellationToken cancellationToken)
    {
        for (var retry = 0; ; retry++)
        {
            await _limiter.WaitAsync(cancellationToken).ConfigureAwait(false);
            var attempt = await AttemptAsync(request, streaming, cancellationToken).ConfigureAwait(false);
            if (attempt.Response is { } response)
            {
                return (response, attempt.Body);
            }

            if (!attempt.Retryable || retry >= _retry.MaxRetries)
            {
                ExceptionDispatchInfo.Throw(attempt.Error!);
            }

            await Task.Delay(_retry.DelayBefore(retry, attempt.RetryAfter), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<Attempt> AttemptAsync(ApiRequest request, bool streaming, CancellationToken cancellationToken)
    {
        using var timeout = streaming || _timeout == Timeout.InfiniteTimeSpan ? null : new CancellationTokenSource(_timeout, _time);
        using var linked = timeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var token = linked?.Token ?? cancellationToken;
        var started = _time.GetTimestamp();
        HttpResponseMessage? response = null;
        try
        {
            using var message = await CreateMessageAsync(request, token).ConfigureAwait(false);
            response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                var body = streaming ? null : await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
                Record(request, code.ToString(System.Globalization.CultureInfo.InvariantCulture), started);
                var success = response;
                response = null;
                return new Attempt { Response = success, Body = body };
            }

            var errorBody = await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
            Record(request, code.ToString(System.Globalization.CultureInfo.InvariantCulture), started);
            var error = StatusErrors.FromResponse(request, response, errorBody, _time.GetUtcNow());
            if (error is UnauthorizedException)
            {
                _token?.Invalidate();
            }

            return new Attempt { Error = error, Retryable = IsRetryable(request, error), RetryAfter = error.RetryAfter };
        }
        catch (OperationCanceledException e) when (timeout is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested)
        {
            Record(request, KubernetesClientMetrics.NoResponse, started);
            var error = new TimeoutException($"{request}: no answer within {_timeout.TotalSeconds:0.###} s.", e);
            return new Attempt { Error = error, Retryable = request.IsRead };
        }
        catch (HttpRequestException e) when (!cancellationToken.IsCancellationRequested)
        {
            Record(request, KubernetesClientMetrics.NoResponse, started);
            var error = new HttpRequestException(e.HttpRequestError, $"{request}: {e.Message}", e, e.StatusCode);
            return new Attempt { Error = error, Retryable = IsRetryable(request, e.HttpRequestError) };
        }
        catch (IOException e) when (!cancellationToken.IsCancellationRequested)
        {
            Record(request, KubernetesClientMetrics.NoResponse, started);
            var error = new HttpRequestException(HttpRequestError.ResponseEnded, $"{request}: {e.Message}", e);
            return new Attempt { Error = error, Retryable = request.IsRead };
        }
        finally
        {
            response?.Dispose();
        }
    }

    private async Task<HttpRequestMessage> CreateMessageAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var message = new HttpRequestMessage(request.Method, new Uri(_server + request.PathAndQuery));
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        message.Headers.TryAddWithoutValidation("User-Agent", _userAgent);
        if (_token is not null)
        {
            var bearer = await _token.GetTokenAsync(cancellationToken).ConfigureAwait(false);
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType ?? "application/json");
        }

        return message;
    }

    /// <summary>
    /// 429 means the server refused before doing anything, so any verb may repeat it. A 5xx may come
    /// after a write was applied, so only reads repeat it. A Conflict is never repeated.
    /// </summary>
    private static bool IsRetryable(ApiRequest request, KubernetesApiException error) =>
        error is TooManyRequestsException || (request.IsRead && error.Code is 500 or 502 or 503 or 504);

    /// <summary>Without a connection nothing was sent, so any verb may repeat; other failures only reads.</summary>
    private static bool IsRetryable(ApiRequest request, HttpRequestError error) => error switch
    {
        HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError => true,
        HttpRequestError.Unknown or HttpRequestError.ResponseEnded or HttpRequestError.HttpProtocolError or HttpRequestError.InvalidResponse => request.IsRead,
        _ => false,
    };

    private void Record(ApiRequest request, string code, long started) =>
        _metrics.Record(request.Verb, request.Resource, code, _time.GetElapsedTime(started));

    private readonly record struct Attempt
    {
        public HttpResponseMessage? Response { get; init; }

        public byte[]? Body { get; init; }

        public Exception? Error { get; init; }

        public bool Retryable { get; init; }

        public TimeSpan? RetryAfter { get; init; }
    }
}
