namespace Rollouts.Cli.Cluster;

/// <summary>The global flags that choose the cluster and namespace, as kubectl has them.</summary>
/// <param name="Kubeconfig"><c>--kubeconfig</c>; null: KUBECONFIG, then ~/.kube/config, then in-cluster.</param>
/// <param name="Context"><c>--context</c>; null: the kubeconfig's current-context.</param>
/// <param name="Namespace"><c>-n/--namespace</c>; null: the context's namespace.</param>
internal sealed record ClusterSettings(string? Kubeconfig, string? Context, string? Namespace);
