using System.Text.Json.Nodes;

namespace Rollouts.Sandbox.ApiServer.Resources.Tables;

/// <summary>Deployments and ReplicaSets as kubectl shows them, with CONTAINERS IMAGES SELECTOR under -o wide.</summary>
internal static class WorkloadPrinters
{
    private static readonly TableColumn Containers = CommonColumns.Wide("Containers", "Names of each container in the template.");
    private static readonly TableColumn Images = CommonColumns.Wide("Images", "Images referenced by each container in the template.");
    private static readonly TableColumn Selector = CommonColumns.Wide("Selector", "Label selector for the pods.");

    /// <summary>NAME READY UP-TO-DATE AVAILABLE AGE.</summary>
    public static readonly TablePrinter Deployment = new(
        [
            CommonColumns.Name,
            CommonColumns.Text("Ready", "Number of the pod with ready state"),
            CommonColumns.Text("Up-to-date", "Total number of pods targeted by this deployment that have the desired template spec."),
            CommonColumns.Text("Available", "Total number of available pods targeted by this deployment."),
            CommonColumns.Age,
            Containers, Images, Selector,
        ],
        (deployment, now) =>
        {
            var (names, images) = ContainerCells(deployment);
            return
            [
                TablePrinter.Name(deployment),
                $"{Status(deployment, "readyReplicas")}/{Desired(deployment)}",
                Status(deployment, "updatedReplicas"),
                Status(deployment, "availableReplicas"),
                HumanDuration.Age(deployment, now),
                names, images,
                SelectorText.Selector(JsonRead.Object(deployment, "spec", "selector")),
            ];
        });

    /// <summary>NAME DESIRED CURRENT READY AGE.</summary>
    public static readonly TablePrinter ReplicaSet = new(
        [
            CommonColumns.Name,
            CommonColumns.Integer("Desired", "Number of desired pods."),
            CommonColumns.Integer("Current", "The most recently observed number of replicas."),
            CommonColumns.Integer("Ready", "The number of ready replicas."),
            CommonColumns.Age,
            Containers, Images, Selector,
        ],
        (replicaSet, now) =>
        {
            var (names, images) = ContainerCells(replicaSet);
            return
            [
                TablePrinter.Name(replicaSet),
                Desired(replicaSet),
                Status(replicaSet, "replicas"),
                Status(replicaSet, "readyReplicas"),
                HumanDuration.Age(replicaSet, now),
                names, images,
                SelectorText.SelectorOrNone(JsonRead.Object(replicaSet, "spec", "selector")),
            ];
        });

    /// <summary>Container names and images of the pod template, each comma-joined.</summary>
    public static (string Names, string Images) ContainerCells(JsonObject workload)
    {
        var containers = JsonRead.Array(workload, "spec", "template", "spec", "containers").OfType<JsonObject>().ToList();
        return (
            string.Join(",", containers.Select(c => JsonRead.String(c, "name") ?? "")),
            string.Join(",", containers.Select(c => JsonRead.String(c, "image") ?? "")));
    }

    /// <summary>spec.replicas; the API server defaults it to 1.</summary>
    private static long Desired(JsonObject workload) => JsonRead.Integer(workload, "spec", "replicas") ?? 1;

    private static long Status(JsonObject workload, string field) => JsonRead.Integer(workload, "status", field) ?? 0;
}
