using System.Globalization;
using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;
using Rollouts.Engine.Traffic.Nginx;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Tests.Support;

/// <summary>What users and other tools do to the world between reconciles, and helpers to state expectations.</summary>
internal sealed partial class RolloutWorld
{
    public void SetImage(string image) => Rollout = Rollout with
    {
        Metadata = Rollout.Metadata with { Generation = (Rollout.Metadata.Generation ?? 0) + 1 },
        Spec = Rollout.Spec! with { Template = Template(image) },
    };

    public void SetReplicas(int replicas) => Rollout = Rollout with
    {
        Metadata = Rollout.Metadata with { Generation = (Rollout.Metadata.Generation ?? 0) + 1 },
        Spec = Rollout.Spec! with { Replicas = replicas },
    };

    public void SetRestartAt(DateTimeOffset? at) => Rollout = Rollout with { Spec = Rollout.Spec! with { RestartAt = at } };

    /// <summary>Sets spec.rollbackWindow.revisions (null: no rollbackWindow).</summary>
    public void SetRollbackWindow(int? revisions) => Rollout = Rollout with
    {
        Spec = Rollout.Spec! with { RollbackWindow = revisions is null ? null : new RollbackWindow { Revisions = revisions } },
    };

    /// <summary>Delivers each image in turn with promote --full once its update started, so each becomes a revision (a ReplicaSet) and the last one stable.</summary>
    public void DeliverInFull(params string[] images)
    {
        foreach (var image in images)
        {
            SetImage(image);
            Reconcile();
            PromoteFull();
            Run(w => w.Status.StableRS == Hash(image) && w.Status.Phase == RolloutPhase.Healthy);
        }
    }

    public void SetPaused(bool paused) => Rollout = Rollout with { Spec = Rollout.Spec! with { Paused = paused } };

    /// <summary><c>kubectl rollouts promote</c>: the steering patch {"status":{"pauseConditions":null}}.</summary>
    public void Promote() => Rollout = Rollout with { Status = Status with { PauseConditions = null } };

    public void PromoteFull() => Rollout = Rollout with { Status = Status with { PromoteFull = true } };

    public void Abort() => Rollout = Rollout with { Status = Status with { Abort = true } };

    public void Retry() => Rollout = Rollout with { Status = Status with { Abort = false } };

    public void DeleteIngress(string name) => _ingresses.Remove(name);

    public void PutIngress(Ingress ingress) => _ingresses[ingress.Metadata.Name!] = ingress;

    public void PutService(Service service) => _services[service.Metadata.Name!] = service;

    public void DeleteService(string name) => _services.Remove(name);

    /// <summary>Sets what the ReplicaSet of <paramref name="image"/> asks for and how many of its pods are available.</summary>
    public void SetSize(string image, int spec, int available)
    {
        var rs = ReplicaSetOf(image) ?? throw new InvalidOperationException($"no ReplicaSet for {image}");
        PutReplicaSet(rs with
        {
            Spec = rs.Spec! with { Replicas = spec },
            Status = new ReplicaSetStatus { Replicas = spec, ReadyReplicas = available, AvailableReplicas = available },
        });
    }

    /// <summary>Makes the canary ingress hold <paramref name="weight"/>, as a plan at that weight would have written it.</summary>
    public void SetCanaryWeight(int weight) =>
        PutIngress(NginxCanaryIngress.Build(Rollout, Ingress("web")!, weight).Ingress!);

    /// <summary>Replaces {v1}, {v2}, {v3} by the hashes of web:1, web:2, web:3 and {+N} by the time N seconds from now.</summary>
    public string Expand(string text)
    {
        foreach (var version in new[] { "1", "2", "3" })
        {
            text = text.Replace($"{{v{version}}}", Hash($"web:{version}"), StringComparison.Ordinal);
        }

        var start = text.IndexOf("{+", StringComparison.Ordinal);
        while (start >= 0)
        {
            var end = text.IndexOf('}', start);
            var seconds = int.Parse(text[(start + 2)..end], CultureInfo.InvariantCulture);
            text = string.Concat(text.AsSpan(0, start), ScaleDownDeadline.Format(ScaleDownDeadline.After(Now, seconds)), text.AsSpan(end + 1));
            start = text.IndexOf("{+", StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>Asserts the plan's actions, in order, as their one-line forms (events by type and reason only).</summary>
    public void AssertActions(Plan plan, params string[] expected) =>
        Assert.Equal(
            expected.Select(Expand),
            plan.Actions.Select(a => a is RecordEvent e ? $"event {e.Type} {e.Reason}" : a.ToString()));

    public void PutReplicaSet(ReplicaSet replicaSet) => _replicaSets[replicaSet.Metadata.Name!] = replicaSet;
}
