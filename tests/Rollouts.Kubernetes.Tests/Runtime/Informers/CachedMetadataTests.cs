using System.Text.Json;
using Rollouts.Kubernetes.Models;
using Rollouts.Kubernetes.Runtime.Informers;

namespace Rollouts.Kubernetes.Tests.Runtime.Informers;

public class CachedMetadataTests
{
    private static readonly ObjectMeta Full = new()
    {
        Name = "web",
        Namespace = "shop",
        Uid = "u1",
        ResourceVersion = "7",
        Labels = new Dictionary<string, string> { ["app"] = "web" },
        Annotations = new Dictionary<string, string> { [CachedMetadata.LastAppliedAnnotation] = "{}", ["team"] = "shop" },
        UnknownFields = new Dictionary<string, JsonElement>
        {
            [CachedMetadata.ManagedFieldsKey] = JsonDocument.Parse("""[{"manager":"kubectl"}]""").RootElement,
            ["selfLink"] = JsonDocument.Parse("\"/x\"").RootElement,
        },
    };

    [Fact]
    public void Trim_drops_managed_fields_and_the_last_applied_annotation_and_keeps_the_rest()
    {
        var trimmed = CachedMetadata.Trim(Full);

        Assert.Equal(["selfLink"], trimmed.UnknownFields!.Keys);
        Assert.Equal(["team"], trimmed.Annotations!.Keys);
        Assert.Equal(("web", "shop", "u1", "7"), (trimmed.Name, trimmed.Namespace, trimmed.Uid, trimmed.ResourceVersion));
        Assert.Equal("web", trimmed.Labels!["app"]);
        Assert.Equal(2, Full.Annotations!.Count);
        Assert.Equal(2, Full.UnknownFields!.Count);
    }

    [Fact]
    public void Trim_keeps_the_last_applied_annotation_when_asked_to()
    {
        var trimmed = CachedMetadata.Trim(Full, lastApplied: true);

        Assert.True(trimmed.Annotations!.ContainsKey(CachedMetadata.LastAppliedAnnotation));
        Assert.False(trimmed.UnknownFields!.ContainsKey(CachedMetadata.ManagedFieldsKey));
    }

    [Fact]
    public void Trim_leaves_metadata_with_nothing_to_drop_as_it_is()
    {
        var plain = new ObjectMeta { Name = "web", Annotations = new Dictionary<string, string> { ["team"] = "shop" } };

        Assert.Same(plain, CachedMetadata.Trim(plain));
    }

    [Fact]
    public void Trim_leaves_no_empty_collections_behind()
    {
        var only = new ObjectMeta
        {
            Name = "web",
            Annotations = new Dictionary<string, string> { [CachedMetadata.LastAppliedAnnotation] = "{}" },
            UnknownFields = new Dictionary<string, JsonElement> { [CachedMetadata.ManagedFieldsKey] = JsonDocument.Parse("[]").RootElement },
        };

        var trimmed = CachedMetadata.Trim(only);

        Assert.Null(trimmed.Annotations);
        Assert.Null(trimmed.UnknownFields);
    }
}
