using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Patching;
using Rollouts.Testing;
using KubectlResult = Rollouts.Testing.Kubectl.Result;

namespace Rollouts.Sandbox.Tests.Kubectl;

/// <summary>
/// One sandbox API server shared by the tests of a class, with the real kubectl bound to it. Tests that share
/// it keep to their own namespaces and names.
/// </summary>
public sealed class KubectlFixture : IAsyncLifetime
{
    private readonly HashSet<string> _namespaces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task> _setups = new(StringComparer.Ordinal);
    private SandboxApi? _api;

    public SandboxApi Api => _api ?? throw new InvalidOperationException("the fixture has not started");

    // kubectl is checked against the API's own semantics here: no simulated controllers writing beside it.
    public async Task InitializeAsync() => _api = await SandboxApi.StartAsync(new Rollouts.Sandbox.ApiServer.ApiServerOptions { SimulateWorkloads = false });

    public async Task DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }
    }

    /// <summary>Runs kubectl to completion.</summary>
    public Task<KubectlResult> RunAsync(params string[] args) => Api.Kubectl.RunAsync(args);

    /// <summary>Runs kubectl with <paramref name="manifest"/> on its standard input (for <c>-f -</c>).</summary>
    public Task<KubectlResult> RunWithInputAsync(string manifest, params string[] args) => Api.Kubectl.RunWithInputAsync(manifest, args);

    /// <summary>Creates a namespace through the API (once per fixture).</summary>
    public async Task<string> NamespaceAsync(string name)
    {
        if (_namespaces.Add(name))
        {
            var (code, body) = await Api.PostAsync("/api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } });
            Assert.True(code == 201, $"creating namespace {name}: {code} {body}");
        }

        return name;
    }

    /// <summary>Runs <paramref name="setup"/> the first time a test of the class asks for <paramref name="key"/>.</summary>
    public Task OnceAsync(string key, Func<Task> setup)
    {
        lock (_setups)
        {
            if (!_setups.TryGetValue(key, out var task))
            {
                task = setup();
                _setups[key] = task;
            }

            return task;
        }
    }

    /// <summary>Creates the Widget CRD through the API, once; the server establishes it at once.</summary>
    public async Task InstallWidgetsAsync()
    {
        var (code, _) = await Api.GetAsync($"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{KubectlManifests.WidgetCrdName}");
        if (code == 200)
        {
            return;
        }

        var crd = (JsonObject)YamlToJson.Parse(KubectlManifests.WidgetCrd)!;
        var (created, body) = await Api.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
        Assert.True(created == 201, $"creating the Widget CRD: {created} {body}");
    }

    /// <summary>The stored object at an API path, failing the test when it is not there.</summary>
    public async Task<JsonNode> StoredAsync(string path)
    {
        var (code, body) = await Api.GetAsync(path);
        Assert.True(code == 200, $"GET {path}: {code} {body}");
        return body!;
    }

    /// <summary>True when the API answers 404 for <paramref name="path"/>.</summary>
    public async Task<bool> IsGoneAsync(string path) => (await Api.GetAsync(path)).Code == 404;
}
