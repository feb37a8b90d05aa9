using System.Text.Json;
using Rollouts.Api.Rollouts;
using Rollouts.Engine.Hashing;
using Rollouts.Engine.Planning;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Tests.Hashing;

public class PodTemplateHashTests
{
    /// <summary>
    /// Pinned values: the first 10 hex digits of SHA-256 over the canonical text, which any tool can check
    /// (for the first: sha256 of {"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"image":"web:1","name":"web"}]}}). If one of these changes, every Rollout in every cluster would start an update when the
    /// operator is upgraded: change the hash rules only with a migration.
    /// </summary>
    [Theory]
    [InlineData("""{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"web:1"}]}}""", "15dbc23d39")]
    [InlineData("""{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"web:2"}]}}""", "3589ec9606")]
    [InlineData("""{}""", "44136fa355")]
    [InlineData("""{"spec":{"containers":[{"name":"web","image":"web:1","ports":[{"containerPort":8080}],"env":[{"name":"A","value":"é\"\\\n"}]}],"volumes":[{"name":"tmp","emptyDir":{}}]}}""", "b1274bc360")]
    public void The_hash_of_a_template_is_pinned(string template, string expected)
    {
        Assert.Equal(expected, PodTemplateHash.Compute(Parse(template)));
    }

    [Fact]
    public void The_canonical_text_has_sorted_keys_no_nulls_and_no_hash_label()
    {
        var template = Parse("""{"spec":{"containers":[{"name":"web","image":"web:1","args":null}]},"metadata":{"labels":{"rollouts-pod-template-hash":"x","app":"web"}}}""");

        Assert.Equal(
            """{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"image":"web:1","name":"web"}]}}""",
            PodTemplateHash.CanonicalText(template));
    }

    [Theory]
    [InlineData(
        """{"metadata":{"labels":{"app":"web","tier":"front"}},"spec":{"containers":[{"name":"web","image":"web:1"}]}}""",
        """{"spec":{"containers":[{"image":"web:1","name":"web"}]},"metadata":{"labels":{"tier":"front","app":"web"}}}""")]
    [InlineData(
        """{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"web:1"}]}}""",
        """{"metadata":{"labels":{"app":"web","rollouts-pod-template-hash":"abc"}},"spec":{"containers":[{"name":"web","image":"web:1"}]}}""")]
    [InlineData(
        """{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"web:1"}]}}""",
        """{"metadata":{"labels":{"app":"web"},"annotations":null},"spec":{"containers":[{"name":"web","image":"web:1","command":null}]}}""")]
    public void Field_order_null_fields_and_the_hash_label_do_not_change_the_hash(string left, string right)
    {
        Assert.Equal(PodTemplateHash.Compute(Parse(left)), PodTemplateHash.Compute(Parse(right)));
    }

    [Theory]
    [InlineData("""{"spec":{"containers":[{"name":"web","image":"web:1"}]}}""", """{"spec":{"containers":[{"name":"web","image":"web:2"}]}}""")]
    [InlineData("""{"spec":{"containers":[{"name":"a"},{"name":"b"}]}}""", """{"spec":{"containers":[{"name":"b"},{"name":"a"}]}}""")]
    [InlineData("""{"metadata":{"annotations":{"rollouts-pod-template-hash":"x"}}}""", """{}""")]
    [InlineData("""{"spec":{"replicas":1}}""", """{"spec":{"replicas":1.0}}""")]
    public void Anything_the_user_wrote_differently_changes_the_hash(string left, string right)
    {
        Assert.NotEqual(PodTemplateHash.Compute(Parse(left)), PodTemplateHash.Compute(Parse(right)));
    }

    [Fact]
    public void A_ReplicaSet_the_operator_made_hashes_to_its_own_hash()
    {
        var template = Parse("""{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"web:1"}]}}""");
        var hash = PodTemplateHash.Compute(template);
        var rollout = new Rollout { Metadata = new ObjectMeta { Name = "web" }, Spec = new RolloutSpec { Template = template } };

        var replicaSet = ReplicaSetFactory.Create(rollout, hash, 1);

        Assert.Equal(hash, PodTemplateHash.Compute(replicaSet.Spec!.Template));
        Assert.Equal(PodTemplateHash.Length, hash.Length);
        Assert.Matches("^[0-9a-f]{10}$", hash);
    }

    private static PodTemplateSpec Parse(string json) =>
        JsonSerializer.Deserialize(json, KubernetesJsonContext.Default.PodTemplateSpec)!;
}
