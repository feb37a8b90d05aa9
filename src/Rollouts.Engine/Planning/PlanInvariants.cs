using Rollouts.Api.Rollouts;
using Rollouts.Engine.Canary;
using Rollouts.Engine.Traffic.Nginx;

namespace Rollouts.Engine.Planning;

/// <summary>
/// The promises every plan keeps, checked from the observation and the plan alone (not from how the planner
/// decided), so tests and end-to-end runs can assert them on every reconcile:
/// <list type="bullet">
/// <item>safe order: capacity before weight raises; weight changes before scale-downs; services switched
/// before canary ingresses are deleted and before anything is scaled down or deleted;</item>
/// <item>the ReplicaSet the stable service selects is never scaled to zero or deleted (with dynamicStableScale
/// it may have no pods while the canary ingress sends all traffic to the canary), nor below the pods its share
/// of traffic needs before and after the plan;</item>
/// <item>the canary never keeps traffic while being scaled to zero;</item>
/// <item>the weight never exceeds what the current step allows, is 0 after an abort and when no update is in
/// progress (with dynamicStableScale it falls only as far as the stable's available pods carry), and never rises unless the canary service selects the canary and the canary has every pod the
/// step wants available, nor above what the step recorded in the observed status allows (a step is recorded before
/// its weight is set);</item>
/// <item>status.canary.weights holds the weight every canary ingress has after the plan;</item>
/// <item>an AnalysisRun is created only when none of its name was observed, never for an aborted update or
/// without an update in progress, and only a run observed still running and not yet told to stop is terminated;</item>
/// <item>blue-green: the active service is switched only to a ReplicaSet with every one of spec.replicas pods
/// available, or back to the stable one (an abort), or when it selected none of the Rollout's ReplicaSets (the first
/// version); the ReplicaSet it selected is never scaled down or deleted while it still selects it; the previous stable
/// ReplicaSet is never scaled down before its scale-down deadline.</item>
/// </list>
/// </summary>
public static class PlanInvariants
{
    /// <summary>The broken promises, one line each; empty when the plan keeps them all.</summary>
    public static IReadOnlyList<string> Check(Observation observation, Plan plan)
    {
        ArgumentNullException.ThrowIfNull(observation);
        ArgumentNullException.ThrowIfNull(plan);
        var violations = new List<string>();
        CheckOrder(observation, plan, violations);
        CheckStableKept(observation, plan, violations);
        CheckAnalysisRuns(observation, plan, violations);
        if (observation.Rollout.Spec?.Strategy?.BlueGreen is { } blueGreen)
        {
            CheckActiveSwitch(observation, plan, violations);
            CheckPreviousKept(observation, plan, blueGreen, violations);
        }
        if (observation.Rollout.Spec?.Strategy?.Canary?.TrafficRouting?.Nginx is { } nginx)
        {
            CheckWeights(observation, plan, nginx, violations);
        }

        return violations;
    }

    private static void CheckOrder(Observation observation, Plan plan, List<string> violations)
    {
        var actions = plan.Actions;
        int Last(Func<PlanAction, bool> match) => actions.Select((a, i) => (a, i)).Where(p => match(p.a)).Select(p => p.i).DefaultIfEmpty(-1).Max();
        int First(Func<PlanAction, bool> match) => actions.Select((a, i) => (a, i)).Where(p => match(p.a)).Select(p => p.i).DefaultIfEmpty(int.MaxValue).Min();

        bool ScaleDown(PlanAction a) => a is ScaleReplicaSet s && s.Replicas < SpecOf(observation, s.Name);
        bool ScaleUp(PlanAction a) => a is CreateReplicaSet || (a is ScaleReplicaSet s && s.Replicas > SpecOf(observation, s.Name));

        static bool SetsWeight(PlanAction a) => a is ApplyCanaryIngress or ApplyHttpRoute { Restore: false };
        if (Last(SetsWeight) > First(ScaleDown))
        {
            violations.Add("a canary ingress weight is set after a ReplicaSet is scaled down");
        }

        if (Last(ScaleUp) > First(SetsWeight))
        {
            violations.Add("a ReplicaSet is created or scaled up after a canary ingress weight is set");
        }

        if (Last(a => a is PatchServiceSelector) > First(a => a is DeleteCanaryIngress or DeleteReplicaSet or ApplyHttpRoute { Restore: true } || ScaleDown(a)))
        {
            violations.Add("a service is switched after a canary ingress is deleted or a ReplicaSet is scaled down or deleted");
        }
    }

    private static void CheckStableKept(Observation observation, Plan plan, List<string> violations)
    {
        var stableHash = FinalSelector(plan, observation.StableService);
        if (stableHash is null)
        {
            return;
        }

        var name = observation.ReplicaSets.FirstOrDefault(rs => OwnedReplicaSets.HashOf(rs) == stableHash)?.Metadata.Name;
        if (name is not null && !AllTrafficOnCanary(observation, plan) && plan.Actions.Any(a => a is ScaleReplicaSet { Replicas: 0 } s && s.Name == name || a is DeleteReplicaSet d && d.Name == name))
        {
            violations.Add($"ReplicaSet {name}, selected by the stable service, is scaled to zero or deleted");
        }
    }

    private static void CheckWeights(Observation observation, Plan plan, NginxTrafficRouting nginx, List<string> violations)
    {
        var rollout = observation.Rollout;
        var status = plan.Status;
        var steps = rollout.Spec?.Strategy?.Canary?.Steps ?? [];
        var prefix = NginxCanaryIngress.AnnotationPrefix(nginx);
        var statusWeight = status.Canary?.Weights?.Canary?.Weight ?? 0;
        var updating = status.CurrentPodHash is not null && status.CurrentPodHash != status.StableRS;
        var aborted = updating && status.Abort == true;
        var index = status.CurrentStepIndex ?? 0;
        var allowed = !updating || aborted ? 0 : CanarySteps.WeightAt(steps, index);

        var canaryHash = status.CurrentPodHash ?? "";
        var servesCanary = ServiceSelectors.Selects(observation.CanaryService, canaryHash);
        var canary = observation.ReplicaSets.FirstOrDefault(rs => OwnedReplicaSets.HashOf(rs) == canaryHash);
        var replicas = rollout.Spec?.Replicas ?? RolloutDefaults.Replicas;
        var wanted = Math.Max(1, CanaryReplicas.Desired(replicas, steps, index));
        var hasCapacity = servesCanary && OwnedReplicaSets.AvailableReplicas(canary) >= wanted;

        var dynamic = rollout.Spec?.Strategy?.Canary?.DynamicStableScale == true;
        var stableCarries = DynamicStableScale.StableCarries(
            replicas, OwnedReplicaSets.AvailableReplicas(observation.ReplicaSets.FirstOrDefault(rs => OwnedReplicaSets.HashOf(rs) == status.StableRS)));
        var recorded = rollout.Status ?? new RolloutStatus();
        var recordedUpdating = recorded.CurrentPodHash is not null && recorded.CurrentPodHash == status.CurrentPodHash
            && recorded.CurrentPodHash != recorded.StableRS && recorded.Abort != true && recorded.AbortedAt is null;
        var recordedAllowed = recordedUpdating ? CanarySteps.WeightAt(steps, recorded.CurrentStepIndex ?? 0) : 0;
        var highest = 0;
        var highestBefore = 0;
        foreach (var name in NginxCanaryIngress.StableIngressNames(nginx).Select(s => NginxCanaryIngress.NameFor(rollout.Metadata.Name ?? "", s)))
        {
            var observed = observation.CanaryIngresses.FirstOrDefault(i => i.Metadata.Name == name && RolloutOwnership.IsControlledBy(i.Metadata, rollout));
            var before = observed is null ? 0 : NginxCanaryIngress.WeightOf(observed, prefix);
            var after = before;
            foreach (var action in plan.Actions)
            {
                after = action switch
                {
                    ApplyCanaryIngress apply when apply.Ingress.Metadata.Name == name => apply.Weight,
                    DeleteCanaryIngress delete when delete.Name == name => 0,
                    _ => after,
                };
            }

            highest = Math.Max(highest, after);
            highestBefore = Math.Max(highestBefore, servesCanary ? before : 0);
            if (after != statusWeight)
            {
                violations.Add($"status.canary.weights says {statusWeight} but canary ingress {name} holds {after}");
            }

            // With dynamicStableScale a falling weight waits for the stable pods that take it back.
            var floor = dynamic && servesCanary && updating ? Math.Min(before, 100 - stableCarries) : 0;
            if (after > Math.Max(allowed, floor))
            {
                violations.Add(floor > allowed
                    ? $"canary ingress {name} holds {after}, above both the {allowed} the current step allows and the {floor} the stable's available pods cannot carry yet"
                    : $"canary ingress {name} holds {after}, above the {allowed} the current step allows");
            }

            if (dynamic && updating && after < before && servesCanary && after < 100 - stableCarries)
            {
                violations.Add($"canary ingress {name} falls to {after} while the stable's available pods carry only {stableCarries}%");
            }

            if (after > (servesCanary ? before : 0) && after > recordedAllowed)
            {
                violations.Add($"canary ingress {name} rises to {after}, above the {recordedAllowed} the step recorded before this plan allows (step {recorded.CurrentStepIndex})");
            }

            if (after > (servesCanary ? before : 0) && !hasCapacity)
            {
                violations.Add($"canary ingress {name} rises to {after} while the canary lacks capacity (service on it: {servesCanary}, {OwnedReplicaSets.AvailableReplicas(canary)} of {wanted} pods available)");
            }
        }

        CheckStableCapacity(observation, plan, replicas, dynamic ? (highestBefore, servesCanary ? highest : 0) : null, violations);
        if (aborted && statusWeight != 0 && !(dynamic && statusWeight <= 100 - stableCarries))
        {
            violations.Add($"the rollout is aborted but status.canary.weights says {statusWeight}");
        }

        var canaryServiceHash = FinalSelector(plan, observation.CanaryService);
        var served = observation.ReplicaSets.FirstOrDefault(rs => OwnedReplicaSets.HashOf(rs) == canaryServiceHash)?.Metadata.Name;
        if (highest > 0 && served is not null && plan.Actions.Any(a => a is ScaleReplicaSet { Replicas: 0 } s && s.Name == served))
        {
            violations.Add($"ReplicaSet {served} is scaled to zero while the canary ingress sends it {highest}% of traffic");
        }
    }

    private static void CheckActiveSwitch(Observation observation, Plan plan, List<string> violations)
    {
        var name = observation.ActiveService?.Metadata.Name;
        var observed = ServiceSelectors.HashOf(observation.ActiveService);
        var replicas = observation.Rollout.Spec?.Replicas ?? RolloutDefaults.Replicas;
        var stable = observation.Rollout.Status?.StableRS;
        var selectedOwned = observation.ReplicaSets.Any(rs => OwnedReplicaSets.HashOf(rs) == observed);
        foreach (var patch in plan.Actions.OfType<PatchServiceSelector>().Where(p => p.ServiceName == name))
        {
            var target = observation.ReplicaSets.FirstOrDefault(rs => OwnedReplicaSets.HashOf(rs) == patch.PodTemplateHash);
            var full = OwnedReplicaSets.SpecReplicas(target) == replicas && OwnedReplicaSets.AvailableReplicas(target) >= replicas;
            if (!full && patch.PodTemplateHash != stable && selectedOwned)
            {
                violations.Add($"the active service {name} switches to {patch.PodTemplateHash}, which has {OwnedReplicaSets.AvailableReplicas(target)} of {replicas} pods available");
            }
        }

        var finalActive = FinalSelector(plan, observation.ActiveService);
        var served = observation.ReplicaSets.FirstOrDefault(rs => OwnedReplicaSets.HashOf(rs) == finalActive)?.Metadata.Name;
        if (served is not null && plan.Actions.Any(a => a is ScaleReplicaSet s && s.Name == served && s.Replicas < replicas || a is DeleteReplicaSet d && d.Name == served))
        {
            violations.Add($"ReplicaSet {served}, selected by the active service, is scaled down or deleted");
        }
    }

    private static void CheckPreviousKept(Observation observation, Plan plan, BlueGreenStrategy blueGreen, List<string> violations)
    {
        if (blueGreen.ScaleDownDelayRevisionLimit is not null)
        {
            return;
        }

        var stable = observation.Rollout.Status?.StableRS;
        var delay = blueGreen.ScaleDownDelaySeconds ?? RolloutDefaults.ScaleDownDelaySeconds;
        foreach (var scale in plan.Actions.OfType<ScaleReplicaSet>().Where(s => s.Replicas == 0))
        {
            var replicaSet = observation.ReplicaSets.FirstOrDefault(rs => rs.Metadata.Name == scale.Name);
            if (replicaSet is null || OwnedReplicaSets.SpecReplicas(replicaSet) == 0)
            {
                continue;
            }

            // A ReplicaSet waiting out a deadline goes only once it passed; the stable one, with none yet, only without a delay.
            var deadline = ScaleDownDeadline.Read(replicaSet);
            var early = deadline is { } at ? at > observation.Now : OwnedReplicaSets.HashOf(replicaSet) == stable && delay > 0;
            if (early)
            {
                violations.Add($"ReplicaSet {scale.Name} is scaled to zero before its scale-down delay has passed" +
                    (deadline is { } due ? $" (deadline {ScaleDownDeadline.Format(due)})" : $" (the previous stable, scaleDownDelaySeconds {delay})"));
            }
        }
    }

    private static void CheckAnalysisRuns(Observation observation, Plan plan, List<string> violations)
    {
        var observed = observation.AnalysisRuns.ToDictionary(r => r.Metadata.Name ?? "", StringComparer.Ordinal);
        var status = plan.Status;
        var updating = status.CurrentPodHash is not null && status.CurrentPodHash != status.StableRS;
        foreach (var action in plan.Actions)
        {
            if (action is CreateAnalysisRun create)
            {
                var name = create.Run.Metadata.Name ?? "";
                if (observed.ContainsKey(name))
                {
                    violations.Add($"AnalysisRun {name} is created but was observed");
                }

                if (!updating || status.Abort == true)
                {
                    violations.Add($"AnalysisRun {name} is created while {(updating ? "the update is aborted" : "no update is in progress")}");
                }
            }
            else if (action is DeleteAnalysisRun delete)
            {
                var canary = status.Canary;
                if (!observed.TryGetValue(delete.Name, out var run) || !Api.Analysis.AnalysisPhase.IsCompleted(run.Status?.Phase))
                {
                    violations.Add($"AnalysisRun {delete.Name} is deleted but was not observed ended");
                }

                if (delete.Name == canary?.CurrentStepAnalysisRunStatus?.Name || delete.Name == canary?.CurrentBackgroundAnalysisRunStatus?.Name ||
                    delete.Name == canary?.PromotedInconclusiveBackgroundRun)
                {
                    violations.Add($"AnalysisRun {delete.Name} is deleted while the status names it");
                }
            }
            else if (action is TerminateAnalysisRun terminate)
            {
                if (!observed.TryGetValue(terminate.Name, out var run))
                {
                    violations.Add($"AnalysisRun {terminate.Name} is terminated but was not observed");
                }
                else if (run.Spec?.Terminate == true || Api.Analysis.AnalysisPhase.IsCompleted(run.Status?.Phase))
                {
                    violations.Add($"AnalysisRun {terminate.Name} is terminated but has already {(run.Spec?.Terminate == true ? "been told to stop" : "ended")}");
                }
            }
        }
    }

    /// <summary>
    /// The ReplicaSet the stable service selects (before and after the plan) is never scaled below what its share
    /// of traffic needs: with dynamicStableScale ceil(replicas × (100 − w) / 100) for the canary weight w both
    /// before and after the plan (<paramref name="dynamic"/>); without, spec.replicas.
    /// </summary>
    private static void CheckStableCapacity(Observation observation, Plan plan, int replicas, (int Before, int After)? dynamic, List<string> violations)
    {
        var stableHash = ServiceSelectors.HashOf(observation.StableService);
        if (stableHash is null || FinalSelector(plan, observation.StableService) != stableHash)
        {
            return;
        }

        var stable = observation.ReplicaSets.FirstOrDefault(rs => OwnedReplicaSets.HashOf(rs) == stableHash);
        var needed = dynamic is var (before, after) ? DynamicStableScale.StableReplicas(replicas, before, after) : replicas;
        foreach (var scale in plan.Actions.OfType<ScaleReplicaSet>().Where(s => s.Name == stable?.Metadata.Name && s.Replicas < needed))
        {
            violations.Add(dynamic is var (b, a)
                ? $"stable ReplicaSet {scale.Name} is scaled to {scale.Replicas}, below the {needed} pods its traffic needs (canary weight {b} before, {a} after)"
                : $"stable ReplicaSet {scale.Name} is scaled to {scale.Replicas}, below the {needed} pods its traffic needs (spec.replicas; without dynamicStableScale the stable keeps every pod)");
        }
    }

    /// <summary>True when dynamicStableScale is on and every canary ingress sends all traffic to the canary before and after the plan.</summary>
    private static bool AllTrafficOnCanary(Observation observation, Plan plan)
    {
        var rollout = observation.Rollout;
        var canary = rollout.Spec?.Strategy?.Canary;
        if (canary?.DynamicStableScale != true || canary.TrafficRouting?.Nginx is not { } nginx || plan.Status.CurrentPodHash is not { } canaryHash
            || !ServiceSelectors.Selects(observation.CanaryService, canaryHash) || FinalSelector(plan, observation.CanaryService) != canaryHash)
        {
            return false;
        }

        var prefix = NginxCanaryIngress.AnnotationPrefix(nginx);
        foreach (var name in NginxCanaryIngress.StableIngressNames(nginx).Select(s => NginxCanaryIngress.NameFor(rollout.Metadata.Name ?? "", s)))
        {
            var observed = observation.CanaryIngresses.FirstOrDefault(i => i.Metadata.Name == name && RolloutOwnership.IsControlledBy(i.Metadata, rollout));
            if (observed is null || NginxCanaryIngress.WeightOf(observed, prefix) != 100
                || plan.Actions.Any(a => a is ApplyCanaryIngress apply && apply.Ingress.Metadata.Name == name && apply.Weight != 100 || a is DeleteCanaryIngress d && d.Name == name))
            {
                return false;
            }
        }

        return true;
    }

    private static string? FinalSelector(Plan plan, Kubernetes.Models.Service? service)
    {
        if (service?.Metadata.Name is not { } name)
        {
            return null;
        }

        return plan.Actions.OfType<PatchServiceSelector>().LastOrDefault(p => p.ServiceName == name)?.PodTemplateHash
            ?? ServiceSelectors.HashOf(service);
    }

    private static int SpecOf(Observation observation, string name) =>
        observation.ReplicaSets.FirstOrDefault(rs => rs.Metadata.Name == name)?.Spec?.Replicas ?? 0;
}
