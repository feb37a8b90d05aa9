using System.Diagnostics.Metrics;
using System.Net;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Client.Config;
using Rollouts.Kubernetes.Models;
using Rollouts.Kubernetes.Tests.Client.Testing;

namespace Rollouts.Kubernetes.Tests.Client.Http;

public class ApiTransportTests
{
    private const string ReplicaSetJson = """{"metadata":{"name":"web-1","namespace":"shop","resourceVersion":"8"}}""";

    private static readonly ReplicaSet WebReplicaSet = new() { Metadata = new ObjectMeta { Name = "web-1", Namespace = "shop", ResourceVersion = "7" } };

    private static HttpResponseMessage Ok() => FakeHandler.Json(HttpStatusCode.OK, ReplicaSetJson);

    private static Func<HttpResponseMessage> Fail(int code, string reason) => () => FakeHandler.Status(code, reason);

    private static (KubernetesApiClient Client, ManualTimeProvider Time) Create(FakeHandler handler, RetryPolicy? retry = null)
    {
        var time = new ManualTimeProvider { AutoAdvance = true };
        var client = TestClient.Create(handler, new KubernetesClientOptions
        {
            TimeProvider = time,
            RequestTimeout = Timeout.InfiniteTimeSpan,
            Retry = retry ?? new RetryPolicy(),
        });
        return (client, time);
    }

    [Theory]
    [InlineData(429, "TooManyRequests")]
    [InlineData(500, "InternalError")]
    [InlineData(502, "")]
    [InlineData(503, "ServiceUnavailable")]
    [InlineData(504, "Timeout")]
    public async Task A_read_is_retried_after_a_transient_failure_with_doubling_delays(int code, string reason)
    {
        var handler = FakeHandler.Sequence(Fail(code, reason), Fail(code, reason), Fail(code, reason), Ok);
        var (client, time) = Create(handler);
        using var _ = client;

        var replicaSet = await client.Resource<ReplicaSet>().GetAsync("shop", "web-1");

        Assert.Equal("web-1", replicaSet.Metadata.Name);
        Assert.Equal(4, handler.Requests.Count);
        Assert.Equal([TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(800)], time.Delays);
    }

    [Fact]
    public async Task Backoff_stops_growing_at_the_maximum_delay_and_gives_up_after_the_last_retry()
    {
        var handler = FakeHandler.Sequence(Fail(503, "ServiceUnavailable"));
        var (client, time) = Create(handler, new RetryPolicy { MaxRetries = 5, InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(5) });
        using var _ = client;

        await Assert.ThrowsAsync<ServerErrorException>(() => client.Resource<ReplicaSet>().GetAsync("shop", "web-1"));

        Assert.Equal(6, handler.Requests.Count);
        Assert.Equal([1, 2, 4, 5, 5], time.Delays.Select(d => d.TotalSeconds));
    }

    [Fact]
    public async Task Retry_after_from_the_server_replaces_the_backoff()
    {
        var handler = FakeHandler.Sequence(
            () =>
            {
                var response = FakeHandler.Status(429, "TooManyRequests");
                response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(3));
                return response;
            },
            Ok);
        var (client, time) = Create(handler);
        using var _ = client;

        await client.Resource<ReplicaSet>().GetAsync("shop", "web-1");

        Assert.Equal([TimeSpan.FromSeconds(3)], time.Delays);
    }

    [Fact]
    public async Task A_write_refused_with_429_was_not_applied_and_is_retried()
    {
        var handler = FakeHandler.Sequence(Fail(429, "TooManyRequests"), Ok);
        var (client, _) = Create(handler);
        using var __ = client;

        await client.Resource<ReplicaSet>().CreateAsync(WebReplicaSet);

        Assert.Equal(2, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.Equal(HttpMethod.Post, r.Method));
    }

    [Theory]
    [InlineData(500, "InternalError")]
    [InlineData(503, "ServiceUnavailable")]
    [InlineData(504, "Timeout")]
    public async Task A_write_that_failed_on_the_server_may_have_been_applied_and_is_not_retried(int code, string reason)
    {
        var handler = FakeHandler.Sequence(Fail(code, reason), Ok);
        var (client, _) = Create(handler);
        using var __ = client;

        await Assert.ThrowsAsync<ServerErrorException>(() => client.Resource<ReplicaSet>().PatchAsync("shop", "web-1", Patch.Merge("{}")));

        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_conflict_is_never_retried()
    {
        var handler = FakeHandler.Sequence(Fail(409, "Conflict"), Ok);
        var (client, _) = Create(handler);
        using var __ = client;

        await Assert.ThrowsAsync<ConflictException>(() => client.Resource<ReplicaSet>().ReplaceAsync(WebReplicaSet));

        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData(400, "BadRequest")]
    [InlineData(403, "Forbidden")]
    [InlineData(404, "NotFound")]
    [InlineData(410, "Expired")]
    [InlineData(422, "Invalid")]
    public async Task Answers_that_would_not_change_on_a_second_try_are_not_retried(int code, string reason)
    {
        var handler = FakeHandler.Sequence(Fail(code, reason), Ok);
        var (client, _) = Create(handler);
        using var __ = client;

        await Assert.ThrowsAnyAsync<KubernetesApiException>(() => client.Resource<ReplicaSet>().GetAsync("shop", "web-1"));

        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_reset_connection_is_retried_for_a_read()
    {
        var calls = 0;
        var handler = new FakeHandler((_, _, _) => Interlocked.Increment(ref calls) == 1
            ? throw new HttpRequestException(HttpRequestError.ResponseEnded, "Connection reset by peer")
            : Task.FromResult(Ok()));
        var (client, _) = Create(handler);
        using var __ = client;

        await client.Resource<ReplicaSet>().GetAsync("shop", "web-1");

        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task A_reset_connection_is_not_retried_for_a_write_because_the_server_may_have_applied_it()
    {
        var handler = new FakeHandler((_, _, _) => throw new HttpRequestException(HttpRequestError.ResponseEnded, "Connection reset by peer"));
        var (client, _) = Create(handler);
        using var __ = client;

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.Resource<ReplicaSet>().CreateAsync(WebReplicaSet));

        Assert.Single(handler.Requests);
        Assert.StartsWith("POST /apis/apps/v1/namespaces/shop/replicasets: Connection reset by peer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_write_whose_connection_could_not_be_made_was_never_sent_and_is_retried()
    {
        var calls = 0;
        var handler = new FakeHandler((_, _, _) => Interlocked.Increment(ref calls) == 1
            ? throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused")
            : Task.FromResult(Ok()));
        var (client, _) = Create(handler);
        using var __ = client;

        await client.Resource<ReplicaSet>().CreateAsync(WebReplicaSet);

        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task A_request_that_gets_no_answer_in_time_fails_with_a_timeout()
    {
        var time = new ManualTimeProvider();
        var handler = new FakeHandler(async (_, _, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return Ok();
        });
        using var client = TestClient.Create(handler, new KubernetesClientOptions
        {
            TimeProvider = time,
            RequestTimeout = TimeSpan.FromSeconds(30),
            Retry = new RetryPolicy { MaxRetries = 0 },
        });

        var get = client.Resource<ReplicaSet>().GetAsync("shop", "web-1");
        await time.WaitForTimersAsync(1);
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(get.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => get);
        Assert.Equal("GET /apis/apps/v1/namespaces/shop/replicasets/web-1: no answer within 30 s.", error.Message);
    }

    [Fact]
    public async Task A_caller_cancellation_is_not_reported_as_a_timeout_and_not_retried()
    {
        var handler = new FakeHandler(async (_, _, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return Ok();
        });
        var (client, _) = Create(handler);
        using var __ = client;
        using var cancel = new CancellationTokenSource();

        var get = client.Resource<ReplicaSet>().GetAsync("shop", "web-1", cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => get);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Requests_beyond_the_burst_wait_for_the_rate_limiter()
    {
        var handler = new FakeHandler(_ => Ok());
        var time = new ManualTimeProvider { AutoAdvance = true };
        using var client = TestClient.Create(handler, new KubernetesClientOptions
        {
            TimeProvider = time,
            RequestTimeout = Timeout.InfiniteTimeSpan,
            Qps = 2,
            Burst = 3,
        });
        var replicaSets = client.Resource<ReplicaSet>();
        var started = time.GetUtcNow();

        for (var i = 0; i < 7; i++)
        {
            await replicaSets.GetAsync("shop", "web-1");
        }

        // Three go at once; each of the four after waits half a second for its token.
        Assert.Equal(7, handler.Requests.Count);
        Assert.Equal(4, time.Delays.Count);
        Assert.Equal(TimeSpan.FromSeconds(2), time.GetUtcNow() - started);
    }

    [Fact]
    public void The_default_rate_limit_is_50_per_second_with_bursts_of_100()
    {
        var options = new KubernetesClientOptions();

        Assert.Equal(50, options.Qps);
        Assert.Equal(100, options.Burst);
    }

    [Fact]
    public async Task Every_attempt_is_counted_by_verb_resource_and_code_with_its_duration()
    {
        using var meterFactory = new TestMeterFactory();
        var measurements = new List<(string Instrument, double Value, string Verb, string Resource, string Code)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (meterFactory.Meters.Contains(instrument.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => measurements.Add(Measurement(instrument, value, tags)));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => measurements.Add(Measurement(instrument, value, tags)));
        listener.Start();
        var handler = FakeHandler.Sequence(Fail(503, "ServiceUnavailable"), Ok, Ok);
        using var client = TestClient.Create(handler, new KubernetesClientOptions
        {
            TimeProvider = new ManualTimeProvider { AutoAdvance = true },
            RequestTimeout = Timeout.InfiniteTimeSpan,
            MeterFactory = meterFactory,
        });

        await client.Resource<ReplicaSet>().GetAsync("shop", "web-1");
        await client.Resource<ReplicaSet>().PatchStatusAsync("shop", "web-1", Patch.Merge("{}"));

        Assert.Equal(KubernetesClientMetrics.MeterName, Assert.Single(meterFactory.Meters).Name);
        var counted = measurements.Where(m => m.Instrument == KubernetesClientMetrics.Requests).Select(m => (m.Verb, m.Resource, m.Code, m.Value));
        Assert.Equal([("get", "replicasets", "503", 1d), ("get", "replicasets", "200", 1d), ("patch", "replicasets/status", "200", 1d)], counted);
        Assert.Equal(3, measurements.Count(m => m.Instrument == KubernetesClientMetrics.RequestDuration));
    }

    [Fact]
    public async Task A_401_makes_the_token_source_fetch_a_new_token()
    {
        var tokens = new CountingTokenSource();
        var handler = FakeHandler.Sequence(Fail(401, "Unauthorized"), Ok);
        using var client = new KubernetesApiClient(
            new KubernetesConnection { Server = TestClient.Server, Token = tokens },
            new KubernetesClientOptions { Handler = handler, TimeProvider = new ManualTimeProvider { AutoAdvance = true } });

        await Assert.ThrowsAsync<UnauthorizedException>(() => client.Resource<ReplicaSet>().GetAsync("shop", "web-1"));
        await client.Resource<ReplicaSet>().GetAsync("shop", "web-1");

        Assert.Equal(["Bearer token-1", "Bearer token-2"], handler.Requests.Select(r => r.Authorization));
    }

    private static (string, double, string, string, string) Measurement(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string Tag(string name, ReadOnlySpan<KeyValuePair<string, object?>> all)
        {
            foreach (var tag in all)
            {
                if (tag.Key == name)
                {
                    return (string)tag.Value!;
                }
            }

            return "";
        }

        return (instrument.Name, value, Tag("verb", tags), Tag("resource", tags), Tag("code", tags));
    }

    private sealed class TestMeterFactory : IMeterFactory
    {
        public List<Meter> Meters { get; } = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            Meters.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            foreach (var meter in Meters)
            {
                meter.Dispose();
            }
        }
    }

    private sealed class CountingTokenSource : ITokenSource
    {
        private int _issued = 1;

        public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult($"token-{_issued}");

        public void Invalidate() => _issued++;
    }
}
