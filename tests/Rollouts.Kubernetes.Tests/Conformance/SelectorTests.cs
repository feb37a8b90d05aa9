using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;
using Rollouts.Kubernetes.Tests.Support;

namespace Rollouts.Kubernetes.Tests.Conformance;

/// <summary>Label and field selectors on list and watch.</summary>
public class SelectorTests : SandboxTest
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await ConfigMapClient.CreateAsync(ConfigMaps.New("web-stable", labels: Labels(("app", "web"), ("track", "stable"))));
        await ConfigMapClient.CreateAsync(ConfigMaps.New("web-canary", labels: Labels(("app", "web"), ("track", "canary"))));
        await ConfigMapClient.CreateAsync(ConfigMaps.New("api", labels: Labels(("app", "api"))));
        await ConfigMapClient.CreateAsync(ConfigMaps.New("plain"));
    }

    [Theory]
    [InlineData("app=web", "web-canary,web-stable")]
    [InlineData("app==web,track=canary", "web-canary")]
    [InlineData("app!=web", "api,plain")]
    [InlineData("track in (stable,canary)", "web-canary,web-stable")]
    [InlineData("app,track notin (canary)", "api,web-stable")]
    [InlineData("track", "web-canary,web-stable")]
    [InlineData("!app", "plain")]
    public async Task Label_selectors_filter_lists(string selector, string expected)
    {
        var list = await ConfigMapClient.ListAsync("default", new ListOptions { LabelSelector = selector });

        Assert.Equal(expected, string.Join(',', list.Items.Select(i => i.Metadata.Name)));
    }

    [Theory]
    [InlineData("metadata.name=api", "api")]
    [InlineData("metadata.name!=api,metadata.namespace=default", "plain,web-canary,web-stable")]
    [InlineData("metadata.namespace==elsewhere", "")]
    public async Task Field_selectors_filter_lists(string selector, string expected)
    {
        var list = await ConfigMapClient.ListAsync("default", new ListOptions { FieldSelector = selector });

        Assert.Equal(expected, string.Join(',', list.Items.Select(i => i.Metadata.Name)));
    }

    [Fact]
    public async Task An_unsupported_field_selector_is_a_BadRequest()
    {
        var refused = await Assert.ThrowsAsync<BadRequestException>(() =>
            ConfigMapClient.ListAsync("default", new ListOptions { FieldSelector = "data.value=x" }));

        Assert.Contains("data.value", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_selected_watch_sees_objects_that_start_or_stop_matching_as_added_or_deleted()
    {
        var start = await ConfigMapClient.ListAsync("default", new ListOptions { LabelSelector = "track=canary" });
        var watching = WatchStreams.TakeAsync(
            ct => ConfigMapClient.WatchAsync("default", new WatchOptions { ResourceVersion = start.Metadata.ResourceVersion, LabelSelector = "track=canary" }, ct), 3);

        await ConfigMapClient.PatchAsync("default", "plain", Patch.Merge("""{"metadata":{"labels":{"track":"canary"}}}"""));
        await ConfigMapClient.PatchAsync("default", "api", Patch.Merge("""{"metadata":{"labels":{"other":"x"}}}"""));
        await ConfigMapClient.PatchAsync("default", "web-canary", Patch.Merge("""{"metadata":{"labels":{"track":"stable"}}}"""));
        await ConfigMapClient.PatchAsync("default", "plain", Patch.Merge("""{"metadata":{"labels":{"note":"y"}}}"""));

        Assert.Equal(
            new[] { (WatchEventType.Added, "plain"), (WatchEventType.Deleted, "web-canary"), (WatchEventType.Modified, "plain") },
            (await watching).Select(e => (e.Type, e.Object.Metadata.Name!)));
    }

    private static Dictionary<string, string> Labels(params (string Key, string Value)[] labels) =>
        labels.ToDictionary(l => l.Key, l => l.Value);
}
