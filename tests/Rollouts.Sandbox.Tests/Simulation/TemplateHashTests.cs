using System.Text.Json.Nodes;
using Rollouts.Sandbox.Simulation;

namespace Rollouts.Sandbox.Tests.Simulation;

public sealed class TemplateHashTests
{
    private static JsonObject Template(string image, string? hash = null)
    {
        var labels = new JsonObject { ["app"] = "web" };
        if (hash is not null)
        {
            labels[TemplateHash.Label] = hash;
        }

        return new JsonObject
        {
            ["metadata"] = new JsonObject { ["labels"] = labels },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "web", ["image"] = image }) },
        };
    }

    [Fact]
    public void The_same_template_hashes_the_same_and_another_template_differently()
    {
        Assert.Equal(TemplateHash.Of(Template("web:1")), TemplateHash.Of(Template("web:1")));
        Assert.NotEqual(TemplateHash.Of(Template("web:1")), TemplateHash.Of(Template("web:2")));
        Assert.NotEqual(TemplateHash.Of(Template("web:1")), TemplateHash.Of(Template("web:1"), collisionCount: 1));
        Assert.Matches("^[bcdfghjklmnpqrstvwxz2456789]{1,10}$", TemplateHash.Of(Template("web:1")));
    }

    [Fact]
    public void A_ReplicaSet_template_matches_its_Deployment_template_apart_from_the_hash_label()
    {
        Assert.True(TemplateHash.SameTemplate(Template("web:1", hash: "abc"), Template("web:1")));
        Assert.False(TemplateHash.SameTemplate(Template("web:2", hash: "abc"), Template("web:1")));
    }
}
