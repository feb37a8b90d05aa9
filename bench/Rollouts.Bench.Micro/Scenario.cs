using System.Text.Json;
using Rollouts.Api;
using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;
using Rollouts.Engine.Traffic.Nginx;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Bench.Micro;

/// <summary>
/// The objects of one benchmarked Rollout (as in bench/Rollouts.Bench) and a small loop that plays the planner's
/// actions back with pods available at once, to reach the observations the planner benchmarks decide on.
/// </summary>
internal static class Scenario
{
    public const string RolloutJson = """
        {"apiVersion":"rollouts.dev/v1alpha1","kind":"Rollout",
         "metadata":{"name":"web","namespace":"bench","uid":"4f1c2e0a-0000-4000-8000-000000000001","generation":1,"resourceVersion":"1001"},
         "spec":{"replicas":4,"selector":{"matchLabels":{"app":"web"}},
          "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"web:1","ports":[{"name":"http","containerPort":8080}]}]}},
          "strategy":{"canary":{"stableService":"web-stable","canaryService":"web-canary","scaleDownDelaySeconds":0,
           "trafficRouting":{"nginx":{"stableIngress":"web"}},"steps":[{"setWeight":25},{"setWeight":50},{"setWeight":75}]}}}}
        """;

    public const string ReplicaSetJson = """
        {"apiVersion":"apps/v1","kind":"ReplicaSet",
         "metadata":{"name":"web-6d8f7c9b5d","namespace":"bench","uid":"9a8b7c6d-0000-4000-8000-000000000002","resourceVersion":"120345",
          "generation":3,"creationTimestamp":"2026-11-22T05:00:00Z",
          "labels":{"app":"web","rollouts-pod-template-hash":"6d8f7c9b5d"},
          "annotations":{"rollout.argoproj.io/revision":"2","rollouts.dev/desired-replicas":"4"},
          "ownerReferences":[{"apiVersion":"rollouts.dev/v1alpha1","kind":"Rollout","name":"web","uid":"4f1c2e0a-0000-4000-8000-000000000001","controller":true,"blockOwnerDeletion":true}]},
         "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web","rollouts-pod-template-hash":"6d8f7c9b5d"}},
          "template":{"metadata":{"labels":{"app":"web","rollouts-pod-template-hash":"6d8f7c9b5d"}},
           "spec":{"containers":[{"name":"web","image":"web:2","ports":[{"name":"http","containerPort":8080}],
            "resources":{"requests":{"cpu":"100m","memory":"128Mi"}}}]}}},
         "status":{"replicas":2,"fullyLabeledReplicas":2,"readyReplicas":2,"availableReplicas":2,"observedGeneration":3}}
        """;

    private static readonly DateTimeOffset Start = new(2026, 11, 22, 5, 0, 0, TimeSpan.Zero);

    /// <summary>The Rollout at rest (nothing to do), and mid-canary when the planner raises the weight to 50.</summary>
    public static (Observation AtRest, Observation MidCanary) Observations()
    {
        var world = new World();
        var atRest = world.RunUntil(plan => plan.IsEmpty && world.Rollout.Status?.Phase == "Healthy");
        var spec = world.Rollout.Spec!;
        var template = spec.Template!;
        var container = template.Spec!.Containers![0] with { Image = "web:2" };
        world.Rollout = world.Rollout with
        {
            Metadata = world.Rollout.Metadata with { Generation = 2 },
            Spec = spec with { Template = template with { Spec = template.Spec with { Containers = [container] } } },
        };
        var midCanary = world.RunUntil(plan => plan.Actions.OfType<ApplyCanaryIngress>().Any(a => a.Weight == 50));
        return (atRest, midCanary);
    }

    private static T Read<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) => JsonSerializer.Deserialize(json, type)!;

    private sealed class World
    {
        private readonly Dictionary<string, ReplicaSet> _replicaSets = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Service> _services = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Ingress> _ingresses = new(StringComparer.Ordinal);
        private DateTimeOffset _now = Start;

        public World()
        {
            Rollout = RolloutDefaulting.Apply(Read(RolloutJson, RolloutsJsonContext.Default.Rollout));
            foreach (var name in new[] { "web-stable", "web-canary" })
            {
                _services[name] = Read("""
                    {"apiVersion":"v1","kind":"Service","metadata":{"name":"NAME","namespace":"bench"},
                     "spec":{"selector":{"app":"web"},"ports":[{"name":"http","port":80,"targetPort":8080}]}}
                    """.Replace("NAME", name, StringComparison.Ordinal), KubernetesJsonContext.Default.Service);
            }

            _ingresses["web"] = Read("""
                {"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"web","namespace":"bench"},
                 "spec":{"ingressClassName":"nginx","rules":[{"host":"web.example.com","http":{"paths":[{"path":"/","pathType":"Prefix",
                  "backend":{"service":{"name":"web-stable","port":{"name":"http"}}}}]}}]}}
                """, KubernetesJsonContext.Default.Ingress);
        }

        public Rollout Rollout { get; set; }

        public Observation Observe() => new()
        {
            Rollout = Rollout,
            ReplicaSets = [.. _replicaSets.Values],
            StableService = _services["web-stable"],
            CanaryService = _services["web-canary"],
            StableIngresses = [_ingresses["web"]],
            CanaryIngresses = [.. _ingresses.Values.Where(i => i.Metadata.Name == NginxCanaryIngress.NameFor("web", "web"))],
            Now = _now,
        };

        /// <summary>Reconciles (pods available at once, a second apart) until a plan satisfies <paramref name="stop"/>; returns the observation it was made from.</summary>
        public Observation RunUntil(Func<Plan, bool> stop)
        {
            for (var i = 0; i < 200; i++)
            {
                var observation = Observe();
                var plan = RolloutPlanner.Plan(observation);
                if (stop(plan))
                {
                    return observation;
                }

                foreach (var action in plan.Actions)
                {
                    Apply(action);
                }

                if (plan.StatusChanged)
                {
                    Rollout = Rollout with { Status = plan.Status };
                }

                foreach (var (name, rs) in _replicaSets.ToList())
                {
                    var replicas = rs.Spec?.Replicas ?? 0;
                    _replicaSets[name] = rs with { Status = new ReplicaSetStatus { Replicas = replicas, ReadyReplicas = replicas, AvailableReplicas = replicas } };
                }

                _now += TimeSpan.FromSeconds(1);
            }

            throw new InvalidOperationException($"the scenario did not reach its state in 200 reconciles: {Rollout.Status?.Phase}: {Rollout.Status?.Message}");
        }

        private void Apply(PlanAction action)
        {
            switch (action)
            {
                case CreateReplicaSet create:
                    _replicaSets[create.ReplicaSet.Metadata.Name!] = create.ReplicaSet with
                    {
                        Metadata = create.ReplicaSet.Metadata with { CreationTimestamp = _now, Uid = "uid-" + create.ReplicaSet.Metadata.Name },
                    };
                    break;
                case ScaleReplicaSet scale:
                    _replicaSets[scale.Name] = _replicaSets[scale.Name] with { Spec = _replicaSets[scale.Name].Spec! with { Replicas = scale.Replicas } };
                    break;
                case PatchServiceSelector patch:
                    var service = _services[patch.ServiceName];
                    var selector = new Dictionary<string, string>(service.Spec?.Selector ?? new Dictionary<string, string>())
                    {
                        [patch.SelectorKey] = patch.PodTemplateHash,
                    };
                    _services[patch.ServiceName] = service with { Spec = service.Spec! with { Selector = selector } };
                    break;
                case ApplyCanaryIngress apply:
                    _ingresses[apply.Ingress.Metadata.Name!] = apply.Ingress;
                    break;
                case DeleteCanaryIngress delete:
                    _ingresses.Remove(delete.Name);
                    break;
                case DeleteReplicaSet delete:
                    _replicaSets.Remove(delete.Name);
                    break;
                default:
                    // Events, annotations and pod metadata do not change what the next plan sees here.
                    break;
            }
        }
    }
}
