using Rollouts.Kubernetes.Models;
using Rollouts.Kubernetes.Runtime;

namespace Rollouts.Kubernetes.Tests.Runtime;

public class ObjectKeyTests
{
    [Theory]
    [InlineData("shop/web", "shop", "web")]
    [InlineData("cluster-wide", "", "cluster-wide")]
    public void Keys_are_written_namespace_slash_name_and_read_back(string text, string ns, string name)
    {
        var key = ObjectKey.Parse(text);

        Assert.Equal(new ObjectKey(ns, name), key);
        Assert.Equal(text, key.ToString());
    }

    [Theory]
    [InlineData("/web")]
    [InlineData("shop/")]
    [InlineData("a/b/c")]
    public void Malformed_keys_are_refused_with_the_text(string text)
    {
        var error = Assert.Throws<FormatException>(() => ObjectKey.Parse(text));

        Assert.Contains(text, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_order_by_namespace_then_name_and_a_missing_namespace_is_empty()
    {
        var keys = new[] { new ObjectKey("b", "a"), new ObjectKey("a", "z"), new ObjectKey(null, "q"), new ObjectKey("a", "b") };

        Assert.Equal(["q", "a/b", "a/z", "b/a"], keys.Order().Select(k => k.ToString()));
        Assert.Equal(new ObjectKey("", "q"), new ObjectKey(null, "q"));
    }

    [Fact]
    public void The_key_of_an_object_needs_its_name()
    {
        var key = ObjectKey.Of(new KubernetesObject { Metadata = new ObjectMeta { Name = "web", Namespace = "shop" } });

        Assert.Equal("shop/web", key.ToString());
        Assert.Throws<ArgumentException>(() => ObjectKey.Of(new KubernetesObject { Kind = "ConfigMap", Metadata = new ObjectMeta { GenerateName = "x-" } }));
    }
}
