using Rollouts.Kubernetes.Models;

namespace Rollouts.Kubernetes.Tests.Support;

/// <summary>Typed workload objects for tests.</summary>
internal static class Workloads
{
    public static ReplicaSet ReplicaSet(string name, int replicas, string ns = "default", string app = "web") => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns, Labels = new Dictionary<string, string> { ["app"] = app } },
        Spec = new ReplicaSetSpec
        {
            Replicas = replicas,
            Selector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = app } },
            Template = new PodTemplateSpec
            {
                Metadata = new ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = app } },
                Spec = new PodSpec { Containers = [new Container { Name = app, Image = $"{app}:1.0" }] },
            },
        },
    };
}
