using System.Text;
using Microsoft.AspNetCore.Http;
using Rollouts.Engine.Providers;
using Rollouts.Engine.Providers.Prometheus;
using Rollouts.Testing;

namespace Rollouts.Engine.Tests.Providers.Prometheus;

/// <summary>What the Prometheus provider sends, and how every failure becomes an Error outcome, against a fake server.</summary>
public sealed class PrometheusProviderFailureTests : IDisposable
{
    private static readonly Dictionary<string, string> NoArgs = [];

    private readonly ProviderHttp _http = new(AddressPolicy.Any);

    private Task<ProviderOutcome> MeasureAsync(PrometheusQuery query, CancellationToken cancellationToken = default) =>
        new PrometheusProvider(_http).MeasureAsync(query, NoArgs, cancellationToken);

    [Fact]
    public async Task The_query_is_posted_to_the_instant_endpoint_under_the_address_path_with_its_timeout()
    {
        await using var server = await FakeHttpServer.StartAsync(FakeHttpServer.Json("""{"status":"success","data":{"resultType":"vector","result":[]}}"""));

        var outcome = await MeasureAsync(new PrometheusQuery(server.Url + "prometheus", "up == 1") { Timeout = TimeSpan.FromSeconds(5) });

        Assert.False(outcome.IsError, outcome.ErrorMessage);
        var request = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/prometheus/api/v1/query"), (request.Method, request.Path));
        var form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.Body);
        Assert.Equal("up == 1", form["query"].ToString());
        Assert.Equal("5", form["timeout"].ToString());
        Assert.True(form.ContainsKey("time"));
    }

    [Fact]
    public async Task A_bearer_token_is_sent_as_the_authorization_header_with_the_extra_headers()
    {
        await using var server = await FakeHttpServer.StartAsync(FakeHttpServer.Json("""{"status":"success","data":{"resultType":"vector","result":[]}}"""));

        await MeasureAsync(new PrometheusQuery(server.Url.ToString(), "up")
        {
            BearerToken = "s3cret",
            BasicAuth = new BasicAuthCredentials("ignored", "ignored"),
            Headers = new Dictionary<string, string> { ["X-Scope-OrgID"] = "team-a" },
        });

        var headers = Assert.Single(server.Requests).Headers;
        Assert.Equal("Bearer s3cret", headers["Authorization"]);
        Assert.Equal("team-a", headers["X-Scope-OrgID"]);
    }

    [Fact]
    public async Task Basic_credentials_are_sent_as_the_authorization_header()
    {
        await using var server = await FakeHttpServer.StartAsync(FakeHttpServer.Json("""{"status":"success","data":{"resultType":"vector","result":[]}}"""));

        await MeasureAsync(new PrometheusQuery(server.Url.ToString(), "up") { BasicAuth = new BasicAuthCredentials("reader", "pa:ss") });

        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("reader:pa:ss"));
        Assert.Equal(expected, Assert.Single(server.Requests).Headers["Authorization"]);
    }

    [Fact]
    public void Secrets_stay_out_of_the_querys_text_form()
    {
        var query = new PrometheusQuery("http://prometheus:9090", "up") { BearerToken = "s3cret", BasicAuth = new BasicAuthCredentials("reader", "pw-123") };

        Assert.DoesNotContain("s3cret", query.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("pw-123", query.BasicAuth.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_answers_too_late_is_an_error_saying_the_query_timed_out()
    {
        await using var server = await FakeHttpServer.StartAsync(context => Task.Delay(Timeout.Infinite, context.RequestAborted));

        var outcome = await MeasureAsync(new PrometheusQuery(server.Url.ToString(), "up") { Timeout = TimeSpan.FromMilliseconds(300) });

        Assert.Equal($"request to {server.Url} timed out after 300 ms", outcome.ErrorMessage);
    }

    [Fact]
    public async Task An_unreachable_server_is_an_error_naming_the_address()
    {
        var address = $"http://127.0.0.1:{PrometheusServer.FreePort()}/";

        var outcome = await MeasureAsync(new PrometheusQuery(address, "up"));

        Assert.StartsWith($"request to {address} failed: ", outcome.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("refused", outcome.ErrorMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(503, """{"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"}""",
        "prometheus answered 503: timeout: query timed out in expression evaluation")]
    [InlineData(422, """{"status":"error","errorType":"execution","error":"many-to-many matching not allowed"}""",
        "prometheus answered 422: execution: many-to-many matching not allowed")]
    [InlineData(502, "upstream connect error", "server answered 502 BadGateway, not a Prometheus API response: upstream connect error")]
    [InlineData(500, "", "server answered 500 InternalServerError with an empty body, not a Prometheus API response")]
    [InlineData(200, """{"status":"success","data":{"resultType":"histogram","result":[]}}""",
        "prometheus answered with result type \"histogram\", which is not vector, matrix, scalar or string")]
    [InlineData(200, """{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"x"]}]}}""",
        "prometheus answered with a malformed result: \"x\" is not a sample value")]
    public async Task Failed_answers_are_errors_with_the_servers_message(int status, string body, string expected)
    {
        await using var server = await FakeHttpServer.StartAsync(FakeHttpServer.Json(body, status));

        var outcome = await MeasureAsync(new PrometheusQuery(server.Url.ToString(), "up"));

        Assert.Equal(expected, outcome.ErrorMessage);
    }

    [Fact]
    public async Task A_huge_error_message_is_cut_to_the_status_limit()
    {
        var huge = new string('x', 100_000);
        await using var server = await FakeHttpServer.StartAsync(FakeHttpServer.Json($$"""{"status":"error","errorType":"bad_data","error":"{{huge}}"}""", 400));

        var outcome = await MeasureAsync(new PrometheusQuery(server.Url.ToString(), "up"));

        Assert.Equal(ProviderOutcome.MaxMessageLength, outcome.ErrorMessage!.Length);
        Assert.EndsWith("(truncated)", outcome.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_outside_the_allowlist_is_an_error_and_no_request_is_sent()
    {
        await using var server = await FakeHttpServer.StartAsync(FakeHttpServer.Json("{}"));
        using var http = new ProviderHttp(new AddressPolicy(["prometheus.monitoring:9090"]));

        var outcome = await new PrometheusProvider(http).MeasureAsync(new PrometheusQuery(server.Url.ToString(), "up"), NoArgs, CancellationToken.None);

        Assert.Equal($"address \"{server.Url}\" is not among the provider addresses the operator allows (prometheus.monitoring:9090); no request was sent",
            outcome.ErrorMessage);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_missing_argument_is_an_error_naming_it_and_no_request_is_sent()
    {
        await using var server = await FakeHttpServer.StartAsync(FakeHttpServer.Json("{}"));

        var outcome = await MeasureAsync(new PrometheusQuery(server.Url.ToString(), "up{service=\"{{args.service}}\"}"));

        Assert.StartsWith("argument \"service\" is used in", outcome.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Cancelling_the_caller_throws_instead_of_recording_an_error()
    {
        await using var server = await FakeHttpServer.StartAsync(context => Task.Delay(Timeout.Infinite, context.RequestAborted));
        using var cancel = new CancellationTokenSource();

        var measuring = MeasureAsync(new PrometheusQuery(server.Url.ToString(), "up"), cancel.Token);
        await Eventually.WaitUntilAsync(() => server.Requests.Count == 1, "the request to arrive");
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => measuring);
    }

    public void Dispose() => _http.Dispose();
}
