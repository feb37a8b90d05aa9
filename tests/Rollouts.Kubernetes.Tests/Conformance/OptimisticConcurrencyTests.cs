using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Tests.Support;

namespace Rollouts.Kubernetes.Tests.Conformance;

/// <summary>Writes conditioned on resourceVersion: the basis of every read-modify-write a controller does.</summary>
public class OptimisticConcurrencyTests : SandboxTest
{
    [Fact]
    public async Task Replace_with_a_stale_resourceVersion_is_a_Conflict_and_a_fresh_read_succeeds()
    {
        var read = await ConfigMapClient.CreateAsync(ConfigMaps.New("web", value: "1"));
        await ConfigMapClient.PatchAsync("default", "web", Patch.Merge(ConfigMaps.SetValue("2")));

        var conflict = await Assert.ThrowsAsync<ConflictException>(() => ConfigMapClient.ReplaceAsync(read with { Metadata = read.Metadata with { Labels = new Dictionary<string, string> { ["a"] = "b" } } }));
        var fresh = await ConfigMapClient.GetAsync("default", "web");
        var replaced = await ConfigMapClient.ReplaceAsync(fresh with { Metadata = fresh.Metadata with { Labels = new Dictionary<string, string> { ["a"] = "b" } } });

        Assert.Equal(409, conflict.Code);
        Assert.Equal("Conflict", conflict.Reason);
        Assert.Equal("2", ConfigMaps.Value(replaced));
        Assert.Equal("b", replaced.Metadata.Labels!["a"]);
    }

    [Fact]
    public async Task Every_write_moves_the_resourceVersion_and_a_write_that_changes_nothing_does_not()
    {
        var created = await ConfigMapClient.CreateAsync(ConfigMaps.New("same", value: "1"));

        var unchanged = await ConfigMapClient.ReplaceAsync(created);
        var changed = await ConfigMapClient.PatchAsync("default", "same", Patch.Merge(ConfigMaps.SetValue("2")));

        Assert.Equal(created.Metadata.ResourceVersion, unchanged.Metadata.ResourceVersion);
        Assert.True(long.Parse(changed.Metadata.ResourceVersion!) > long.Parse(created.Metadata.ResourceVersion!));
    }

    [Fact]
    public async Task A_patch_carrying_a_stale_resourceVersion_is_a_Conflict()
    {
        var created = await ConfigMapClient.CreateAsync(ConfigMaps.New("guarded", value: "1"));
        await ConfigMapClient.PatchAsync("default", "guarded", Patch.Merge(ConfigMaps.SetValue("2")));

        var stale = $$$"""{"metadata":{"resourceVersion":"{{{created.Metadata.ResourceVersion}}}"},"data":{"value":"3"}}""";

        await Assert.ThrowsAsync<ConflictException>(() => ConfigMapClient.PatchAsync("default", "guarded", Patch.Merge(stale)));
        Assert.Equal("2", ConfigMaps.Value(await ConfigMapClient.GetAsync("default", "guarded")));
    }

    [Fact]
    public async Task Delete_with_a_stale_precondition_is_a_Conflict()
    {
        var created = await ConfigMapClient.CreateAsync(ConfigMaps.New("kept", value: "1"));
        await ConfigMapClient.PatchAsync("default", "kept", Patch.Merge(ConfigMaps.SetValue("2")));

        await Assert.ThrowsAsync<ConflictException>(() => ConfigMapClient.DeleteAsync(
            "default", "kept", new DeleteOptions { Preconditions = new Preconditions { ResourceVersion = created.Metadata.ResourceVersion } }));
        Assert.NotNull(await ConfigMapClient.GetOrDefaultAsync("default", "kept"));
    }
}
