using Rollouts.Sandbox.ApiServer.Discovery;
using Rollouts.Testing;

namespace Rollouts.Sandbox.Tests.ApiServer.Discovery;

public sealed class OpenApiV2DocumentTests
{
    /// <summary>The gnostic Document kubectl decodes: swagger (1) and info (2) with title (1) and version (2), nothing else.</summary>
    [Fact]
    public void The_protobuf_document_holds_only_the_swagger_version_and_info()
    {
        var bytes = OpenApiV2Document.Protobuf();

        byte[] expected =
        [
            0x0A, 3, .. "2.0"u8,
            0x12, 21,
            0x0A, 10, .. "Kubernetes"u8,
            0x12, 7, .. "v1.32.0"u8,
        ];
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("application/com.github.proto-openapi.spec.v2@v1.0+protobuf", true)]
    [InlineData("application/com.github.proto-openapi.spec.v2@v1.0+protobuf, application/json", false)]
    [InlineData("application/json", false)]
    [InlineData("", false)]
    public void Protobuf_is_served_only_to_clients_that_do_not_take_JSON(string accept, bool protobuf) =>
        Assert.Equal(protobuf, OpenApiV2Document.WantsProtobuf(accept));

    [Fact]
    public async Task The_server_answers_kubectls_request_with_the_dotted_media_type_Go_can_parse()
    {
        await using var api = await SandboxApi.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v2");
        request.Headers.TryAddWithoutValidation("Accept", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf");

        using var response = await api.Http.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/com.github.proto-openapi.spec.v2.v1.0+protobuf", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(OpenApiV2Document.Protobuf(), await response.Content.ReadAsByteArrayAsync());
        var json = await api.GetAsync("/openapi/v2");
        Assert.Equal((200, "2.0"), (json.Code, json.Body!["swagger"]!.GetValue<string>()));
    }
}
