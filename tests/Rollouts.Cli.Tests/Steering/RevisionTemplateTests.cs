using System.Text.Json;
using System.Text.Json.Nodes;
using Rollouts.Api.Rollouts;
using Rollouts.Cli.Steering;
using Rollouts.Engine.Hashing;
using Rollouts.Engine.Planning;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Cli.Tests.Steering;

/// <summary>undo writes back the template a ReplicaSet was made from, as the user wrote it, so the operator reuses the ReplicaSet.</summary>
public sealed class RevisionTemplateTests
{
    private const string Written = """
        {"metadata":{"labels":{"app":"web"}},
         "spec":{"terminationGracePeriodSeconds":30,
                 "containers":[{"name":"web","image":"web:1.0","ports":[{"containerPort":8080}],
                                "readinessProbe":{"httpGet":{"path":"/healthz","port":8080},"periodSeconds":5}}]}}
        """;

    /// <summary>What the API server keeps of it in a ReplicaSet: the hash label, role metadata and its defaults.</summary>
    private const string Kept = """
        {"metadata":{"labels":{"app":"web","rollouts-pod-template-hash":"HASH","role":"stable"}},
         "spec":{"restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst",
                 "schedulerName":"default-scheduler","securityContext":{},
                 "containers":[{"name":"web","image":"web:1.0","imagePullPolicy":"IfNotPresent",
                                "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","resources":{},
                                "ports":[{"containerPort":8080,"protocol":"TCP"}],
                                "readinessProbe":{"httpGet":{"path":"/healthz","port":8080,"scheme":"HTTP"},"periodSeconds":5,
                                                  "timeoutSeconds":1,"successThreshold":1,"failureThreshold":3}}]}}
        """;

    [Fact]
    public void The_template_of_a_defaulted_replica_set_is_recovered_as_written_including_defaults_the_user_wrote()
    {
        var written = Template(Written);
        var hash = PodTemplateHash.Compute(written);

        var restored = RevisionTemplate.Restore(ReplicaSetOf(Template(Kept.Replace("HASH", hash, StringComparison.Ordinal)), hash, roleLabels: "role"));

        Assert.True(restored.Exact);
        Assert.Equal(hash, PodTemplateHash.Compute(restored.Template));
        Assert.Equal(Canonical(written), Canonical(restored.Template));
    }

    [Fact]
    public void A_template_that_cannot_be_recovered_is_written_without_the_server_defaults_and_said_to_be_inexact()
    {
        var restored = RevisionTemplate.Restore(ReplicaSetOf(Template(Kept.Replace("HASH", "0123456789", StringComparison.Ordinal)), "0123456789", roleLabels: "role"));

        Assert.False(restored.Exact);
        var text = Canonical(restored.Template);
        Assert.DoesNotContain("restartPolicy", text, StringComparison.Ordinal);
        Assert.DoesNotContain("rollouts-pod-template-hash", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"role\"", text, StringComparison.Ordinal);
        Assert.Contains("\"periodSeconds\":5", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4, 0, "[]")]
    [InlineData(3, 2, "[[0,1],[0,2],[1,2]]")]
    [InlineData(3, 3, "[[0,1,2]]")]
    public void Combinations_are_listed_in_order(int n, int k, string expected) =>
        Assert.Equal(expected == "[]" ? "[[]]" : expected, JsonSerializer.Serialize(RevisionTemplate.Combinations(n, k).Select(c => c.ToArray())));

    private static PodTemplateSpec Template(string json) => JsonNode.Parse(json)!.Deserialize(KubernetesJsonContext.Default.PodTemplateSpec)!;

    private static string Canonical(PodTemplateSpec template) => PodTemplateHashText(template);

    private static string PodTemplateHashText(PodTemplateSpec template) =>
        JsonSerializer.Serialize(JsonSerializer.SerializeToNode(template, KubernetesJsonContext.Default.PodTemplateSpec));

    private static ReplicaSet ReplicaSetOf(PodTemplateSpec template, string hash, string roleLabels) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = $"web-{hash}",
            Labels = new Dictionary<string, string> { ["app"] = "web", [RolloutLabels.PodTemplateHash] = hash },
            Annotations = new Dictionary<string, string> { [PodMetadataSync.ManagedLabelsKey] = roleLabels },
        },
        Spec = new ReplicaSetSpec { Template = template },
    };
}
