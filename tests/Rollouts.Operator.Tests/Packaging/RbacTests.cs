using System.Text.Json.Nodes;
using Rollouts.Api.Rollouts;
using Rollouts.Operator.Hosting;
using Rollouts.Operator.Tests.Support;
using Rollouts.Sandbox.ApiServer.Patching;

namespace Rollouts.Operator.Tests.Packaging;

/// <summary>
/// config/rbac grants exactly what the operator uses: every request an operator makes through a whole rollout
/// (analysis, promotion, an abort, leader election, deletion) is allowed by the ClusterRole and the leader-election
/// Role, and every permission they grant is either used here or listed below with the path that needs it.
/// </summary>
[Collection(PrometheusWorlds.Name)]
public sealed class RbacTests
{
    /// <summary>Granted for paths this scenario does not take, each with the reason.</summary>
    private static readonly Dictionary<ApiPermission, string> GrantedForOtherPaths = new()
    {
        [new("delete", "apps", "replicasets")] = "old ReplicaSets beyond revisionHistoryLimit are deleted",
        [new("delete", "rollouts.dev", "analysisruns")] = "finished AnalysisRuns beyond spec.analysis.successfulRunHistoryLimit and unsuccessfulRunHistoryLimit are deleted",
        [new("update", "rollouts.dev", "rollouts/finalizers")] = "owner references with blockOwnerDeletion need it where the OwnerReferencesPermissionEnforcement admission plugin runs",
        [new("get", "", "secrets")] = "analysis credentials and secret arguments are read by name",
        [new("update", "networking.k8s.io", "ingresses")] = "a canary ingress edited by someone else is replaced whole",
        [new("update", "gateway.networking.k8s.io", "httproutes")] = "Gateway API routing replaces the HTTPRoute with its weights and header rules",
        [new("get", "rollouts.dev", "rollouts")] = "reads by name when a write conflicts",
        [new("get", "rollouts.dev", "analysisruns")] = "reads by name when a write conflicts",
        [new("get", "rollouts.dev", "analysistemplates")] = "reads by name",
        [new("get", "rollouts.dev", "clusteranalysistemplates")] = "reads by name",
        [new("get", "apps", "replicasets")] = "reads by name when a write conflicts",
        [new("get", "", "services")] = "reads by name when a write conflicts",
        [new("get", "networking.k8s.io", "ingresses")] = "reads by name when a write conflicts",
        [new("patch", "rollouts.dev", "rollouts/status")] = "status patches of steering tools share the subresource; the operator replaces status",
        [new("patch", "", "events")] = "a repeated event is counted up on the recorded one",
        [new("update", "coordination.k8s.io", "leases")] = "renewing the Lease",
        [new("watch", "coordination.k8s.io", "leases")] = "a standby watches the Lease, to take it the moment it expires or is released",
        [new("delete", "", "pods")] = "spec.restartAt replaces older pods one at a time",
        [new("patch", "", "pods")] = "canaryMetadata and stableMetadata are put on running pods when their role changes",
    };

    [Fact]
    public async Task The_cluster_role_and_the_leader_election_role_grant_exactly_what_the_operator_uses()
    {
        await using var world = await RolloutWorld.StartAsync(withPrometheus: true, options: new OperatorOptions { LeaderElection = true });
        await world.ApplyAsync(new AnalysisSample().CanaryAnalysisYaml());
        await world.WaitForAsync(s => s.Phase == RolloutPhase.Healthy && s.StableRS is not null, "the Rollout to be Healthy on web:1.0");
        var stable = world.Status.StableRS;
        await world.SetImageAsync("web:1.1");
        await world.WaitForAsync(s => s.Phase == RolloutPhase.Healthy && s.StableRS != stable, "web:1.1 to be promoted", TimeSpan.FromSeconds(90));
        await world.SetImageAsync("web:1.2");
        await world.WaitUntilAsync(() => world.IngressWeight == 20, "web:1.2 to take 20 % of traffic");
        await world.AbortAsync();
        await world.WaitForAsync(s => s.Phase == RolloutPhase.Degraded, "the abort");
        (await world.Api.Kubectl.RunAsync("delete", "rollout", RolloutWorld.Name, "--wait=true", "--timeout=30s")).EnsureSuccess();

        var used = world.Operator.Writes.Permissions;
        var granted = Granted("rbac/cluster/role.yaml").Concat(Granted("rbac/base/leader_election_role.yaml")).ToHashSet();

        var missing = used.Where(p => !granted.Contains(p)).Select(p => p.ToString()).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, $"the operator used permissions config/rbac does not grant:\n{string.Join("\n", missing)}");
        var unused = granted.Where(p => !used.Contains(p) && !GrantedForOtherPaths.ContainsKey(p)).Select(p => p.ToString()).Order(StringComparer.Ordinal).ToList();
        Assert.True(unused.Count == 0, $"config/rbac grants permissions the operator never used (remove them, or say why in GrantedForOtherPaths):\n{string.Join("\n", unused)}");
    }

    private static IEnumerable<ApiPermission> Granted(string file)
    {
        var role = YamlToJson.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "config", file)))!;
        foreach (var rule in role["rules"]!.AsArray())
        {
            foreach (var group in Strings(rule!["apiGroups"]))
            {
                foreach (var resource in Strings(rule["resources"]))
                {
                    foreach (var verb in Strings(rule["verbs"]))
                    {
                        yield return new ApiPermission(verb, group, resource);
                    }
                }
            }
        }
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node!.AsArray().Select(n => n!.GetValue<string>());
}
