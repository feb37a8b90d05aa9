using System.Net;
using System.Text;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;
using Rollouts.Kubernetes.Tests.Client.Testing;

namespace Rollouts.Kubernetes.Tests.Client;

public class KubernetesApiExceptionTests
{
    public static TheoryData<int, string, Type> EveryReason => new()
    {
        { 404, "NotFound", typeof(NotFoundException) },
        { 409, "AlreadyExists", typeof(AlreadyExistsException) },
        { 409, "Conflict", typeof(ConflictException) },
        { 422, "Invalid", typeof(InvalidException) },
        { 400, "BadRequest", typeof(BadRequestException) },
        { 401, "Unauthorized", typeof(UnauthorizedException) },
        { 403, "Forbidden", typeof(ForbiddenException) },
        { 410, "Gone", typeof(GoneException) },
        { 410, "Expired", typeof(GoneException) },
        { 429, "TooManyRequests", typeof(TooManyRequestsException) },
        { 500, "InternalError", typeof(ServerErrorException) },
        { 503, "ServiceUnavailable", typeof(ServerErrorException) },
        { 504, "Timeout", typeof(ServerErrorException) },
        { 500, "ServerTimeout", typeof(ServerErrorException) },
        { 415, "UnsupportedMediaType", typeof(KubernetesApiException) },
        { 405, "MethodNotAllowed", typeof(KubernetesApiException) },
    };

    [Theory]
    [MemberData(nameof(EveryReason))]
    public async Task The_server_status_becomes_the_exception_of_its_reason_and_keeps_code_reason_message_and_details(int code, string reason, Type expected)
    {
        var handler = new FakeHandler(_ => FakeHandler.Status(code, reason, "it went wrong", """{"name":"web-1","group":"apps","kind":"replicasets"}"""));
        using var client = TestClient.Create(handler, NoRetries);

        var error = await Assert.ThrowsAnyAsync<KubernetesApiException>(() => client.Resource<ReplicaSet>().GetAsync("shop", "web-1"));

        Assert.IsType(expected, error);
        Assert.Equal(code, error.Code);
        Assert.Equal(reason, error.Reason);
        Assert.Equal("it went wrong", error.Status.Message);
        Assert.Equal("web-1", error.Details!.Name);
        Assert.Equal("GET /apis/apps/v1/namespaces/shop/replicasets/web-1", error.Request);
        Assert.Equal($"GET /apis/apps/v1/namespaces/shop/replicasets/web-1: it went wrong ({reason}, {code})", error.Message);
    }

    [Theory]
    [InlineData(404, typeof(NotFoundException))]
    [InlineData(409, typeof(ConflictException))]
    [InlineData(422, typeof(InvalidException))]
    [InlineData(401, typeof(UnauthorizedException))]
    [InlineData(403, typeof(ForbiddenException))]
    [InlineData(410, typeof(GoneException))]
    [InlineData(429, typeof(TooManyRequestsException))]
    [InlineData(502, typeof(ServerErrorException))]
    [InlineData(418, typeof(KubernetesApiException))]
    public void Without_a_known_reason_the_code_decides(int code, Type expected)
    {
        var error = KubernetesApiException.FromStatus(new Status { Code = code, Reason = "SomethingNew" });

        Assert.IsType(expected, error);
    }

    [Fact]
    public async Task Invalid_keeps_the_causes_with_their_field_paths()
    {
        var handler = new FakeHandler(_ => FakeHandler.Status(
            422,
            "Invalid",
            """ReplicaSet.apps \"web-1\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0""",
            """{"name":"web-1","kind":"ReplicaSet","causes":[{"reason":"FieldValueInvalid","message":"Invalid value: -1: must be greater than or equal to 0","field":"spec.replicas"}]}"""));
        using var client = TestClient.Create(handler, NoRetries);

        var error = await Assert.ThrowsAsync<InvalidException>(() => client.Resource<ReplicaSet>().GetAsync("shop", "web-1"));

        var cause = Assert.Single(error.Causes);
        Assert.Equal("spec.replicas", cause.Field);
        Assert.Equal("FieldValueInvalid", cause.Reason);
    }

    [Fact]
    public async Task Too_many_requests_carries_the_retry_after_header()
    {
        var handler = new FakeHandler(_ =>
        {
            var response = FakeHandler.Status(429, "TooManyRequests", "slow down");
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
            return response;
        });
        using var client = TestClient.Create(handler, NoRetries);

        var error = await Assert.ThrowsAsync<TooManyRequestsException>(() => client.Resource<ReplicaSet>().GetAsync("shop", "web-1"));

        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
    }

    [Fact]
    public void Retry_after_seconds_in_the_status_details_count_when_no_header_came()
    {
        var error = KubernetesApiException.FromStatus(new Status { Code = 429, Reason = "TooManyRequests", Details = new StatusDetails { RetryAfterSeconds = 3 } });

        Assert.Equal(TimeSpan.FromSeconds(3), error.RetryAfter);
    }

    [Fact]
    public async Task A_response_without_a_status_is_described_from_its_code_and_text()
    {
        var handler = new FakeHandler(_ => new HttpResponseMessage(HttpStatusCode.BadGateway)
        {
            Content = new StringContent("upstream connect error", Encoding.UTF8, "text/plain"),
        });
        using var client = TestClient.Create(handler, NoRetries);

        var error = await Assert.ThrowsAsync<ServerErrorException>(() => client.Resource<ReplicaSet>().GetAsync("shop", "web-1"));

        Assert.Equal(502, error.Code);
        Assert.Equal("upstream connect error", error.Status.Message);
    }

    [Fact]
    public async Task A_json_body_that_is_not_a_status_is_not_mistaken_for_one()
    {
        var handler = new FakeHandler(_ => FakeHandler.Json(HttpStatusCode.NotFound, """{"error":"no route"}"""));
        using var client = TestClient.Create(handler, NoRetries);

        var error = await Assert.ThrowsAsync<NotFoundException>(() => client.Resource<ReplicaSet>().GetAsync("shop", "web-1"));

        Assert.Equal("NotFound", error.Reason);
        Assert.Equal("""{"error":"no route"}""", error.Status.Message);
    }

    private static KubernetesClientOptions NoRetries => new()
    {
        TimeProvider = new ManualTimeProvider { AutoAdvance = true },
        RequestTimeout = Timeout.InfiniteTimeSpan,
        Retry = new RetryPolicy { MaxRetries = 0 },
    };
}
