using Rollouts.Sandbox.ApiServer.Patching;

namespace Rollouts.Sandbox.Tests.ApiServer.Patching;

public class StrategicMergeKeysTests
{
    /// <summary>kind, list path, merge key ("" for a set of values, null for a list replaced whole).</summary>
    [Theory]
    [InlineData("Pod", "spec.containers", "name")]
    [InlineData("Pod", "spec.initContainers", "name")]
    [InlineData("Pod", "spec.ephemeralContainers", "name")]
    [InlineData("Pod", "spec.containers.env", "name")]
    [InlineData("Pod", "spec.containers.ports", "containerPort")]
    [InlineData("Pod", "spec.containers.volumeMounts", "mountPath")]
    [InlineData("Pod", "spec.volumes", "name")]
    [InlineData("Pod", "spec.imagePullSecrets", "name")]
    [InlineData("Pod", "status.conditions", "type")]
    [InlineData("Pod", "spec.tolerations", null)]
    [InlineData("Pod", "spec.containers.args", null)]
    [InlineData("Deployment", "spec.template.spec.containers", "name")]
    [InlineData("Deployment", "spec.template.spec.initContainers.env", "name")]
    [InlineData("Deployment", "spec.containers", null)]
    [InlineData("Deployment", "status.conditions", "type")]
    [InlineData("ReplicaSet", "spec.template.spec.containers.ports", "containerPort")]
    [InlineData("Service", "spec.ports", "port")]
    [InlineData("Ingress", "spec.rules", null)]
    [InlineData("ConfigMap", "metadata.ownerReferences", "uid")]
    [InlineData("Lease", "metadata.finalizers", "")]
    [InlineData("Event", "metadata.finalizers", "")]
    [InlineData("SomeCustomKind", "metadata.ownerReferences", "uid")]
    [InlineData("SomeCustomKind", "spec.containers", null)]
    public void Names_the_merge_key_of_each_list(string kind, string path, string? key)
    {
        var rule = StrategicMergeKeys.For(kind).Lookup(path);

        if (key is null)
        {
            Assert.Null(rule);
        }
        else
        {
            Assert.NotNull(rule);
            Assert.Equal(key.Length == 0 ? null : key, rule.MergeKey);
        }
    }
}
