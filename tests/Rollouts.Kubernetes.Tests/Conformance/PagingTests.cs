using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Tests.Support;

namespace Rollouts.Kubernetes.Tests.Conformance;

/// <summary>limit and continue: every page from one snapshot, and 410 when the snapshot is gone.</summary>
public class PagingTests : SandboxTest
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var name in new[] { "a", "b", "c", "d", "e", "f", "g" })
        {
            await ConfigMapClient.CreateAsync(ConfigMaps.New(name));
        }
    }

    [Fact]
    public async Task Pages_come_from_one_snapshot_in_order_however_the_collection_changes_meanwhile()
    {
        var first = await ConfigMapClient.ListAsync("default", new ListOptions { Limit = 3 });
        await ConfigMapClient.DeleteAsync("default", "e");
        await ConfigMapClient.CreateAsync(ConfigMaps.New("dd"));
        var second = await ConfigMapClient.ListAsync("default", new ListOptions { Limit = 3, Continue = first.Metadata.Continue });
        var third = await ConfigMapClient.ListAsync("default", new ListOptions { Limit = 3, Continue = second.Metadata.Continue });

        Assert.Equal(["a", "b", "c"], first.Items.Select(i => i.Metadata.Name!));
        Assert.Equal(["d", "e", "f"], second.Items.Select(i => i.Metadata.Name!));
        Assert.Equal(["g"], third.Items.Select(i => i.Metadata.Name!));
        Assert.Equal(4, first.Metadata.RemainingItemCount);
        Assert.Null(third.Metadata.Continue);
        Assert.Equal(first.Metadata.ResourceVersion, second.Metadata.ResourceVersion);
        Assert.Equal(first.Metadata.ResourceVersion, third.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task ListAll_follows_continue_tokens_and_keeps_the_snapshot_version()
    {
        var all = await ConfigMapClient.ListAllAsync("default", new ListOptions { Limit = 2 });
        var unpaged = await ConfigMapClient.ListAsync("default");

        Assert.Equal(unpaged.Items.Select(i => i.Metadata.Name), all.Items.Select(i => i.Metadata.Name));
        Assert.Equal(unpaged.Metadata.ResourceVersion, all.Metadata.ResourceVersion);
        Assert.Null(all.Metadata.Continue);
    }

    [Fact]
    public async Task A_continue_token_whose_snapshot_was_compacted_is_Gone()
    {
        var first = await ConfigMapClient.ListAsync("default", new ListOptions { Limit = 3 });
        Api.Server.Store.Compact();

        var gone = await Assert.ThrowsAsync<GoneException>(() =>
            ConfigMapClient.ListAsync("default", new ListOptions { Limit = 3, Continue = first.Metadata.Continue }));

        Assert.Equal(410, gone.Code);
    }
}
