using System.Text.Json.Nodes;
using Rollouts.Testing;

namespace Rollouts.Sandbox.Tests.ApiServer.Server;

public sealed class ListTests : IAsyncLifetime
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private SandboxApi _api = null!;

    public async Task InitializeAsync() => _api = await SandboxApi.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private static List<string> Names(JsonNode? list) =>
        [.. list!["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>())];

    [Fact]
    public async Task Lists_are_sorted_and_carry_kind_and_snapshot_version()
    {
        foreach (var name in new[] { "c", "a", "b" })
        {
            await _api.PostAsync(ConfigMaps, Manifests.ConfigMap(name));
        }

        var (code, list) = await _api.GetAsync(ConfigMaps);
        var (_, empty) = await _api.GetAsync("/api/v1/namespaces/kube-public/configmaps");

        Assert.Equal(200, code);
        Assert.Equal("ConfigMapList", list!["kind"]!.GetValue<string>());
        Assert.Equal(["a", "b", "c"], Names(list));
        Assert.Equal(_api.Server.Store.ResourceVersion.ToString(), list["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Empty(empty!["items"]!.AsArray());
    }

    [Fact]
    public async Task All_namespaces_form_lists_every_namespace_in_namespace_then_name_order()
    {
        await _api.PostAsync("/api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "a-b" } });
        await _api.PostAsync("/api/v1/namespaces/a-b/configmaps", Manifests.ConfigMap("x", "a-b"));
        await _api.PostAsync(ConfigMaps, Manifests.ConfigMap("y"));

        var (_, list) = await _api.GetAsync("/api/v1/configmaps");

        var keys = list!["items"]!.AsArray().Select(i => $"{i!["metadata"]!["namespace"]}/{i["metadata"]!["name"]}").ToList();
        Assert.Equal(["a-b/x", "default/y"], keys);
    }

    [Theory]
    [InlineData("tier=web", new[] { "web1", "web2" })]
    [InlineData("tier==web", new[] { "web1", "web2" })]
    [InlineData("tier!=web", new[] { "db", "plain" })]
    [InlineData("tier in (db,cache)", new[] { "db" })]
    [InlineData("tier notin (web)", new[] { "db", "plain" })]
    [InlineData("tier", new[] { "db", "web1", "web2" })]
    [InlineData("!tier", new[] { "plain" })]
    [InlineData("tier=web,track=canary", new[] { "web2" })]
    public async Task Label_selectors_filter_lists(string selector, string[] expected)
    {
        await _api.PostAsync(ConfigMaps, Manifests.ConfigMap("web1", labels: new() { ["tier"] = "web" }));
        await _api.PostAsync(ConfigMaps, Manifests.ConfigMap("web2", labels: new() { ["tier"] = "web", ["track"] = "canary" }));
        await _api.PostAsync(ConfigMaps, Manifests.ConfigMap("db", labels: new() { ["tier"] = "db" }));
        await _api.PostAsync(ConfigMaps, Manifests.ConfigMap("plain"));

        var (code, list) = await _api.GetAsync($"{ConfigMaps}?labelSelector={Uri.EscapeDataString(selector)}");

        Assert.Equal(200, code);
        Assert.Equal(expected, Names(list));
    }

    [Fact]
    public async Task Field_selectors_on_name_and_namespace_and_unknown_fields_refused()
    {
        await _api.PostAsync(ConfigMaps, Manifests.ConfigMap("one"));
        await _api.PostAsync(ConfigMaps, Manifests.ConfigMap("two"));

        var (_, byName) = await _api.GetAsync($"{ConfigMaps}?fieldSelector=metadata.name%3Dtwo");
        var (_, notName) = await _api.GetAsync($"/api/v1/configmaps?fieldSelector=metadata.name!%3Dtwo,metadata.namespace%3Ddefault");
        var (bad, badBody) = await _api.GetAsync($"{ConfigMaps}?fieldSelector=spec.foo%3Dx");

        Assert.Equal(["two"], Names(byName));
        Assert.Equal(["one"], Names(notName));
        Assert.Equal(400, bad);
        Assert.Equal("BadRequest", badBody!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Paging_serves_every_page_from_one_snapshot()
    {
        for (var i = 0; i < 5; i++)
        {
            await _api.PostAsync(ConfigMaps, Manifests.ConfigMap($"cm{i}"));
        }

        var (_, page1) = await _api.GetAsync($"{ConfigMaps}?limit=2");
        var token = page1!["metadata"]!["continue"]!.GetValue<string>();
        await _api.PostAsync(ConfigMaps, Manifests.ConfigMap("cm9"));
        await _api.DeleteAsync($"{ConfigMaps}/cm3");
        var (_, page2) = await _api.GetAsync($"{ConfigMaps}?limit=2&continue={Uri.EscapeDataString(token)}");
        var token2 = page2!["metadata"]!["continue"]!.GetValue<string>();
        var (_, page3) = await _api.GetAsync($"{ConfigMaps}?limit=2&continue={Uri.EscapeDataString(token2)}");

        Assert.Equal(["cm0", "cm1"], Names(page1));
        Assert.Equal(3, page1["metadata"]!["remainingItemCount"]!.GetValue<long>());
        Assert.Equal(["cm2", "cm3"], Names(page2));
        Assert.Equal(["cm4"], Names(page3));
        Assert.Null(page3!["metadata"]!["continue"]);
        var versions = new[] { page1, page2, page3 }.Select(p => p!["metadata"]!["resourceVersion"]!.GetValue<string>()).Distinct();
        Assert.Single(versions);
    }

    [Fact]
    public async Task A_continue_token_whose_snapshot_was_compacted_is_410_Expired()
    {
        for (var i = 0; i < 3; i++)
        {
            await _api.PostAsync(ConfigMaps, Manifests.ConfigMap($"cm{i}"));
        }

        var (_, page1) = await _api.GetAsync($"{ConfigMaps}?limit=1");
        _api.Server.Store.Compact();
        var (code, body) = await _api.GetAsync($"{ConfigMaps}?limit=1&continue={Uri.EscapeDataString(page1!["metadata"]!["continue"]!.GetValue<string>())}");
        var (garbage, _) = await _api.GetAsync($"{ConfigMaps}?limit=1&continue=not-a-token");

        Assert.Equal(410, code);
        Assert.Equal("Expired", body!["reason"]!.GetValue<string>());
        Assert.Equal(400, garbage);
    }
}
