using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Rollouts.Testing;

namespace Rollouts.Sandbox.Tests.ApiServer.Server;

/// <summary>Who a write is recorded as in managedFields when the request names no fieldManager.</summary>
public sealed class FieldManagerTests : IAsyncLifetime
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private SandboxApi _api = null!;

    public async Task InitializeAsync() => _api = await SandboxApi.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task A_write_without_a_field_manager_is_recorded_under_the_product_of_its_user_agent()
    {
        var (code, created) = await SendAsync(HttpMethod.Post, ConfigMaps, Manifests.ConfigMap("agent").ToJsonString(), "application/json", "kubectl/v1.32.4 (linux/amd64) kubernetes/4cb5f07");
        var (_, patched) = await SendAsync(HttpMethod.Patch, $"{ConfigMaps}/agent?fieldManager=ci", """{"data": {"other": "y"}}""", "application/merge-patch+json", "curl/8.0");

        Assert.Equal(201, code);
        Assert.Equal(["kubectl/Update"], Managers(created!));
        Assert.Equal(["kubectl/Update", "ci/Update"], Managers(patched!));
    }

    [Fact]
    public async Task Server_side_apply_without_a_field_manager_is_refused_whatever_the_user_agent()
    {
        var (code, body) = await SendAsync(HttpMethod.Patch, $"{ConfigMaps}/applied", Manifests.ConfigMap("applied").ToJsonString(), "application/apply-patch+yaml", "kubectl/v1.32.4");

        Assert.Equal(422, code);
        Assert.Contains("fieldManager", body!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static IEnumerable<string> Managers(JsonNode obj) =>
        obj["metadata"]!["managedFields"]!.AsArray().Select(entry => $"{entry!["manager"]}/{entry["operation"]}");

    private async Task<(int Code, JsonNode? Body)> SendAsync(HttpMethod method, string path, string body, string contentType, string userAgent)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.UserAgent.ParseAdd(userAgent);
        using var response = await _api.Http.SendAsync(request);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync()));
    }
}
