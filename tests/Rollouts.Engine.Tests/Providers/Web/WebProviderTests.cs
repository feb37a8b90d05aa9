using Rollouts.Engine.Providers;
using Rollouts.Engine.Providers.Web;
using Rollouts.Testing;

namespace Rollouts.Engine.Tests.Providers.Web;

/// <summary>The web provider against a fake JSON server.</summary>
public sealed class WebProviderTests : IDisposable
{
    private const string Body = """{"data":{"value":0.995,"text":"healthy","count":"42","nan":"NaN","ok":true,"nothing":null},"items":[{"x":1},{"x":2.5}]}""";

    private static readonly Dictionary<string, string> NoArgs = [];

    private readonly ProviderHttp _http = new(AddressPolicy.Any);

    private Task<ProviderOutcome> MeasureAsync(WebQuery query, IReadOnlyDictionary<string, string>? args = null) =>
        new WebProvider(_http).MeasureAsync(query, args ?? NoArgs, CancellationToken.None);

    [Theory]
    [InlineData("$.data.value", 0.995)]
    [InlineData("$.items[1].x", 2.5)]
    [InlineData("$.data.count", 42)]
    [InlineData("$.data.nan", double.NaN)]
    public void Numbers_and_numeric_strings_become_a_scalar(string path, double expected) =>
        Assert.Equal(expected, Assert.Single(Pick(path).Result!.Values));

    [Theory]
    [InlineData("$.data.text", "healthy")]
    [InlineData("$.data.ok", "true")]
    public void Other_strings_and_booleans_become_a_string_result(string path, string expected)
    {
        var result = Pick(path).Result!;

        Assert.Equal((ResultKind.String, expected), (result.Kind, result.Text));
        Assert.Empty(result.Series);
    }

    [Theory]
    [InlineData("$.data.nothing", "jsonPath $.data.nothing selected null; it must select a number or a string")]
    [InlineData("$.items", "jsonPath $.items selected array; it must select a number or a string")]
    [InlineData("$.data.missing", "jsonPath $.data.missing matched nothing: $.data is an object, with no \"missing\"")]
    [InlineData("data", "jsonPath \"data\" must start with $")]
    public void A_path_that_selects_no_usable_value_is_an_error(string path, string expected) =>
        Assert.Equal(expected, Pick(path).ErrorMessage);

    [Fact]
    public async Task The_url_and_header_values_take_arguments_and_the_request_is_a_get()
    {
        await using var server = await FakeHttpServer.StartAsync(FakeHttpServer.Json(Body));
        var query = new WebQuery(server.Url + "health/{{args.service}}?window=5m", "$.data.value")
        {
            Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer {{args.token}}" },
        };

        var outcome = await MeasureAsync(query, new Dictionary<string, string> { ["service"] = "web", ["token"] = "t0k" });

        Assert.False(outcome.IsError, outcome.ErrorMessage);
        var request = Assert.Single(server.Requests);
        Assert.Equal(("GET", "/health/web", "?window=5m"), (request.Method, request.Path, request.Query));
        Assert.Equal("Bearer t0k", request.Headers["Authorization"]);
    }

    [Fact]
    public async Task A_failed_answer_is_an_error_with_the_start_of_the_body()
    {
        await using var server = await FakeHttpServer.StartAsync(FakeHttpServer.Json("""{"message":"backend down"}""", 503));

        var outcome = await MeasureAsync(new WebQuery(server.Url.ToString(), "$.value"));

        Assert.Equal("web server answered 503 ServiceUnavailable: {\"message\":\"backend down\"}", outcome.ErrorMessage);
    }

    [Fact]
    public async Task An_answer_that_is_not_json_is_an_error()
    {
        await using var server = await FakeHttpServer.StartAsync(FakeHttpServer.Json("<html>"));

        var outcome = await MeasureAsync(new WebQuery(server.Url.ToString(), "$.value"));

        Assert.StartsWith("web server's answer is not JSON: ", outcome.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slow_server_is_an_error_saying_it_timed_out()
    {
        await using var server = await FakeHttpServer.StartAsync(context => Task.Delay(Timeout.Infinite, context.RequestAborted));

        var outcome = await MeasureAsync(new WebQuery(server.Url.ToString(), "$.value") { Timeout = TimeSpan.FromSeconds(1) });

        Assert.Equal($"request to {server.Url} timed out after 1 s", outcome.ErrorMessage);
    }

    [Fact]
    public async Task The_address_policy_applies_to_the_url_after_substitution_and_no_request_is_sent()
    {
        await using var server = await FakeHttpServer.StartAsync(FakeHttpServer.Json(Body));
        using var http = new ProviderHttp(new AddressPolicy(["metrics.example"]));

        var outcome = await new WebProvider(http).MeasureAsync(new WebQuery("{{args.url}}", "$.data.value"),
            new Dictionary<string, string> { ["url"] = server.Url.ToString() }, CancellationToken.None);

        Assert.Equal($"address \"{server.Url}\" is not among the provider addresses the operator allows (metrics.example); no request was sent",
            outcome.ErrorMessage);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_redirect_is_not_followed()
    {
        await using var target = await FakeHttpServer.StartAsync(FakeHttpServer.Json(Body));
        await using var server = await FakeHttpServer.StartAsync(context =>
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = target.Url.ToString();
            return Task.CompletedTask;
        });

        var outcome = await MeasureAsync(new WebQuery(server.Url.ToString(), "$.data.value"));

        Assert.StartsWith("web server answered 302 Found", outcome.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(target.Requests);
    }

    private static ProviderOutcome Pick(string path) =>
        JsonPath.TryParse(path, out var parsed, out var error)
            ? WebProvider.Pick(System.Text.Encoding.UTF8.GetBytes(Body), parsed!, DateTimeOffset.UnixEpoch)
            : ProviderOutcome.Failure(error!);

    public void Dispose() => _http.Dispose();
}
