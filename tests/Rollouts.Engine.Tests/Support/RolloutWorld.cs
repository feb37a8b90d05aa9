using System.Globalization;
using Rollouts.Api.Rollouts;
using Rollouts.Engine.Canary;
using Rollouts.Engine.Hashing;
using Rollouts.Engine.Planning;
using Rollouts.Engine.Traffic.GatewayApi;
using Rollouts.Engine.Traffic.Nginx;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Tests.Support;

/// <summary>
/// A small in-memory world for one Rollout: its ReplicaSets (whose pods become available after
/// <see cref="ReadyAfterTicks"/> ticks, or never for a broken image), two services, the stable ingress and
/// the canary ingresses. It plays the controller: observe, plan, check the plan's invariants, apply the
/// actions in order, write the status. The clock is fixed and moves only when the world moves it.
/// </summary>
internal sealed partial class RolloutWorld
{
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, ReplicaSet> _replicaSets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _waitingTicks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Ingress> _ingresses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Service> _services = new(StringComparer.Ordinal);
    private bool _served;

    private RolloutWorld(Rollout rollout)
    {
        Rollout = rollout;
    }

    public Rollout Rollout { get; private set; }

    public RolloutStatus Status => Rollout.Status ?? new RolloutStatus();

    public DateTimeOffset Now { get; private set; } = Start;

    /// <summary>Ticks before a scaled-up ReplicaSet's new pods are available (0: on the next tick).</summary>
    public int ReadyAfterTicks { get; set; }

    /// <summary>Images whose pods never become available (a crash loop).</summary>
    public HashSet<string> BrokenImages { get; } = new(StringComparer.Ordinal);

    public List<RecordEvent> Events { get; } = [];

    /// <summary>
    /// Given a plan, how many of its actions the controller applies before it is killed (so the status is not
    /// written either); null lets the plan complete.
    /// </summary>
    public Func<Plan, int?>? KillAfter { get; set; }

    public List<Plan> Plans { get; } = [];

    /// <summary>A Rollout "web" in namespace "shop" (image web:1) with its services and, with NGINX, the stable ingress "web".</summary>
    public static RolloutWorld Create(
        string steps, int replicas = 5, bool nginx = true,
        Func<CanaryStrategy, CanaryStrategy>? strategy = null, Func<RolloutSpec, RolloutSpec>? spec = null, bool gateway = false)
    {
        nginx &= !gateway;
        var canary = new CanaryStrategy
        {
            StableService = "web-stable",
            CanaryService = "web-canary",
            Steps = Steps.Parse(steps),
            TrafficRouting = nginx ? new RolloutTrafficRouting { Nginx = new NginxTrafficRouting { StableIngress = "web" } }
                : gateway ? new RolloutTrafficRouting { GatewayApi = new GatewayApiTrafficRouting { HttpRoute = "web" } }
                : null,
        };
        var rolloutSpec = new RolloutSpec
        {
            Replicas = replicas,
            Selector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
            Template = Template("web:1"),
            Strategy = new RolloutStrategy { Canary = strategy?.Invoke(canary) ?? canary },
        };
        var rollout = new Rollout
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = "shop", Uid = "uid-web", Generation = 1 },
            Spec = spec?.Invoke(rolloutSpec) ?? rolloutSpec,
        };

        var world = new RolloutWorld(rollout);
        foreach (var name in new[] { "web-stable", "web-canary" })
        {
            world._services[name] = new Service
            {
                Metadata = new ObjectMeta { Name = name, Namespace = "shop" },
                Spec = new ServiceSpec { Selector = new Dictionary<string, string> { ["app"] = "web" } },
            };
        }

        if (nginx)
        {
            world._ingresses["web"] = StableIngress();
        }

        if (gateway)
        {
            world._routes["web"] = HttpRoute();
        }

        return world;
    }

    public static PodTemplateSpec Template(string image) => new()
    {
        Metadata = new ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
        Spec = new PodSpec { Containers = [new Container { Name = "web", Image = image }] },
    };

    public static Ingress StableIngress(string backend = "web-stable") => new()
    {
        Metadata = new ObjectMeta { Name = "web", Namespace = "shop" },
        Spec = new IngressSpec
        {
            IngressClassName = "nginx",
            Rules =
            [
                new IngressRule
                {
                    Host = "web.example.com",
                    Http = new HttpIngressRuleValue
                    {
                        Paths =
                        [
                            new HttpIngressPath
                            {
                                Path = "/",
                                PathType = "Prefix",
                                Backend = new IngressBackend
                                {
                                    Service = new IngressServiceBackend { Name = backend, Port = new ServiceBackendPort { Name = "http" } },
                                },
                            },
                        ],
                    },
                },
            ],
        },
    };

    public static string Hash(string image) => PodTemplateHash.Compute(Template(image));

    public static string NameOf(string image) => $"web-{Hash(image)}";

    public const string CanaryIngressName = "web-web-canary";

    public ReplicaSet? ReplicaSetOf(string image) => _replicaSets.GetValueOrDefault(NameOf(image));

    public IReadOnlyCollection<ReplicaSet> ReplicaSets => _replicaSets.Values;

    public Ingress? Ingress(string name) => _ingresses.GetValueOrDefault(name);

    /// <summary>The weight the canary ingress holds, or null when there is none.</summary>
    public int? CanaryWeight => Ingress(CanaryIngressName) is { } ingress ? NginxCanaryIngress.WeightOf(ingress, "nginx.ingress.kubernetes.io") : null;

    public string? SelectorOf(string service) => ServiceSelectors.HashOf(_services.GetValueOrDefault(service));

    /// <summary>"spec/available" of the ReplicaSet of <paramref name="image"/>, or "none".</summary>
    public string SizeOf(string image) =>
        ReplicaSetOf(image) is { } rs
            ? string.Create(CultureInfo.InvariantCulture, $"{rs.Spec?.Replicas ?? 0}/{rs.Status?.AvailableReplicas ?? 0}")
            : "none";

    public Observation Observe()
    {
        var canary = Rollout.Spec?.Strategy?.Canary;
        var nginx = canary?.TrafficRouting?.Nginx;
        var stableNames = nginx is null ? [] : NginxCanaryIngress.StableIngressNames(nginx);
        return new Observation
        {
            Rollout = Rollout,
            ReplicaSets = [.. _replicaSets.Values],
            ActiveService = Rollout.Spec?.Strategy?.BlueGreen?.ActiveService is { } active ? _services.GetValueOrDefault(active) : null,
            PreviewService = Rollout.Spec?.Strategy?.BlueGreen?.PreviewService is { } preview ? _services.GetValueOrDefault(preview) : null,
            StableService = canary?.StableService is { } stable ? _services.GetValueOrDefault(stable) : null,
            CanaryService = canary?.CanaryService is { } canaryService ? _services.GetValueOrDefault(canaryService) : null,
            StableIngresses = [.. stableNames.Select(n => _ingresses.GetValueOrDefault(n)).OfType<Ingress>()],
            CanaryIngresses = [.. stableNames.Select(n => _ingresses.GetValueOrDefault(NginxCanaryIngress.NameFor("web", n))).OfType<Ingress>()],
            HttpRoutes = [.. _routes.Values],
            HttpRoutesServed = HttpRoutesServed,
            AnalysisRuns = [.. _runs.Values],
            AnalysisTemplates = [.. Templates],
            Now = Now,
        };
    }

    /// <summary>Plans once, checks the plan's invariants, and does not apply it.</summary>
    public Plan Plan()
    {
        var observation = Observe();
        var plan = RolloutPlanner.Plan(observation);
        var violations = PlanInvariants.Check(observation, plan);
        Assert.True(violations.Count == 0,
            $"plan breaks invariants at {Now:O}:\n  {string.Join("\n  ", violations)}\nactions:\n  {string.Join("\n  ", plan.Actions)}");
        return plan;
    }

    /// <summary>One reconcile: plan, check, apply the actions, write the status.</summary>
    public Plan Reconcile()
    {
        var plan = Plan();
        Apply(plan);
        return plan;
    }

    public void Apply(Plan plan)
    {
        Plans.Add(plan);
        var before = WrittenWeight;
        var applied = KillAfter?.Invoke(plan);
        foreach (var action in plan.Actions.Take(applied ?? plan.Actions.Count))
        {
            Apply(action);
        }

        if (applied is null && plan.StatusChanged)
        {
            Rollout = Rollout with { Status = plan.Status };
        }

        CheckRaiseIsRecorded(before, killed: applied is not null);
    }

    /// <summary>The canary weight written to the router (the canary ingress, else route "web" accepted or not).</summary>
    private int WrittenWeight =>
        CanaryWeight ?? (Route("web") is { } route ? (int?)HttpRouteRules.WeightOf(route, "web-stable", "web-canary", "shop") : null) ?? 0;

    /// <summary>
    /// A weight rises only to what the status in the world records (written before the raise), so that an operator
    /// killed after any action leaves no weight the status does not cover.
    /// </summary>
    private void CheckRaiseIsRecorded(int before, bool killed)
    {
        var after = WrittenWeight;
        var status = Status;
        var updating = status.CurrentPodHash is { } current && current != status.StableRS && status.Abort != true;
        var steps = Rollout.Spec?.Strategy?.Canary?.Steps ?? [];
        var recorded = updating ? CanarySteps.WeightAt(steps, status.CurrentStepIndex ?? 0) : 0;
        if (after > before && after > recorded)
        {
            Assert.Fail($"the weight rose from {before} to {after}{(killed ? " (operator killed mid-plan)" : "")}, above the {recorded} the recorded status allows (step {status.CurrentStepIndex}, {status.Phase}: {status.Message})");
        }
    }

    /// <summary>
    /// Pods move one tick; true when a ReplicaSet's status changed (its watch event brings a reconcile) or
    /// some ReplicaSet still waits for pods.
    /// </summary>
    public bool TickPods()
    {
        var moving = false;
        foreach (var (name, rs) in _replicaSets.ToList())
        {
            var spec = rs.Spec?.Replicas ?? 0;
            var available = rs.Status?.AvailableReplicas ?? 0;
            var image = rs.Spec?.Template?.Spec?.Containers?[0].Image ?? "";
            if (available > spec)
            {
                available = spec;
            }
            else if (available < spec && !BrokenImages.Contains(image))
            {
                var waited = _waitingTicks.GetValueOrDefault(name) + 1;
                _waitingTicks[name] = waited;
                if (waited > ReadyAfterTicks)
                {
                    available = spec;
                    _waitingTicks.Remove(name);
                }
            }

            moving |= available < spec || available != (rs.Status?.AvailableReplicas ?? 0) || spec != (rs.Status?.Replicas ?? 0);
            _replicaSets[name] = rs with
            {
                Status = new ReplicaSetStatus { Replicas = spec, ReadyReplicas = available, AvailableReplicas = available },
            };
        }

        moving |= TickGateway();
        CheckTrafficIsServed();
        return moving;
    }

    /// <summary>Reconciles, moves pods and time until nothing is left to do (or <paramref name="until"/> holds); returns the plans made.</summary>
    public IReadOnlyList<Plan> Run(Func<RolloutWorld, bool>? until = null, int maxReconciles = 400)
    {
        var first = Plans.Count;
        for (var i = 0; i < maxReconciles; i++)
        {
            if (until?.Invoke(this) == true)
            {
                return Plans[first..];
            }

            var plan = Reconcile();
            var moving = TickPods();
            if (!plan.IsEmpty || moving)
            {
                Advance(TimeSpan.FromSeconds(1));
            }
            else if (plan.RequeueAfter is { } wait)
            {
                Advance(wait);
            }
            else if (until is null || until(this))
            {
                return Plans[first..];
            }
            else
            {
                Assert.Fail($"the rollout settled before the expected state: {Status.Phase}: {Status.Message}");
            }
        }

        Assert.Fail($"no settled state after {maxReconciles} reconciles: {Status.Phase}: {Status.Message}");
        return [];
    }

    public void Advance(TimeSpan by) => Now += by;

    private void Apply(PlanAction action)
    {
        switch (action)
        {
            case CreateReplicaSet create:
                Assert.False(_replicaSets.ContainsKey(create.ReplicaSet.Metadata.Name!), $"{create.ReplicaSet.Metadata.Name} already exists");
                _replicaSets[create.ReplicaSet.Metadata.Name!] = create.ReplicaSet with
                {
                    Metadata = create.ReplicaSet.Metadata with { CreationTimestamp = Now, Uid = $"uid-{create.ReplicaSet.Metadata.Name}" },
                    Status = new ReplicaSetStatus { Replicas = 0, ReadyReplicas = 0, AvailableReplicas = 0 },
                };
                break;
            case ScaleReplicaSet scale:
                var scaled = _replicaSets[scale.Name];
                _replicaSets[scale.Name] = scaled with { Spec = scaled.Spec! with { Replicas = scale.Replicas } };
                break;
            case PatchServiceSelector patch:
                var service = _services[patch.ServiceName];
                var selector = new Dictionary<string, string>(service.Spec?.Selector ?? new Dictionary<string, string>())
                {
                    [patch.SelectorKey] = patch.PodTemplateHash,
                };
                _services[patch.ServiceName] = service with { Spec = (service.Spec ?? new ServiceSpec()) with { Selector = selector } };
                break;
            case ApplyCanaryIngress apply:
                _ingresses[apply.Ingress.Metadata.Name!] = apply.Ingress;
                break;
            case ApplyHttpRoute route:
                ApplyRoute(new ApplyHttpRouteWrite(route.Route));
                break;
            case DeleteCanaryIngress delete:
                Assert.True(_ingresses.Remove(delete.Name), $"{delete.Name} does not exist");
                break;
            case DeleteReplicaSet delete:
                Assert.True(_replicaSets.Remove(delete.Name), $"{delete.Name} does not exist");
                break;
            case AnnotateReplicaSet annotate:
                var annotated = _replicaSets[annotate.Name];
                var annotations = new Dictionary<string, string>(annotated.Metadata.Annotations ?? new Dictionary<string, string>());
                if (annotate.ScaleDownDeadline is { } deadline)
                {
                    annotations[annotate.AnnotationKey] = ScaleDownDeadline.Format(deadline);
                }
                else
                {
                    annotations.Remove(annotate.AnnotationKey);
                }

                _replicaSets[annotate.Name] = annotated with { Metadata = annotated.Metadata with { Annotations = annotations } };
                break;
            case CreateAnalysisRun create:
                CreateAnalysisRun(create.Run);
                break;
            case TerminateAnalysisRun terminate:
                TerminateAnalysisRun(terminate.Name);
                break;
            case DeleteAnalysisRun delete:
                Assert.True(_runs.Remove(delete.Name), $"AnalysisRun {delete.Name} does not exist");
                break;
            case SyncPodMetadata sync:
                var synced = _replicaSets[sync.Name];
                var template = synced.Spec!.Template!;
                var owned = new Dictionary<string, string>(synced.Metadata.Annotations ?? new Dictionary<string, string>());
                Set(owned, PodMetadataSync.ManagedLabelsKey, sync.ManagedLabels);
                Set(owned, PodMetadataSync.ManagedAnnotationsKey, sync.ManagedAnnotations);
                _replicaSets[sync.Name] = synced with
                {
                    Metadata = synced.Metadata with { Annotations = owned },
                    Spec = synced.Spec with
                    {
                        Template = template with
                        {
                            Metadata = (template.Metadata ?? new ObjectMeta()) with
                            {
                                Labels = Patched(template.Metadata?.Labels, sync.Labels),
                                Annotations = Patched(template.Metadata?.Annotations, sync.Annotations),
                            },
                        },
                    },
                };
                break;
            case RecordEvent recorded:
                Events.Add(recorded);
                break;
            default:
                throw new InvalidOperationException($"unknown action {action}");
        }
    }

    private static Dictionary<string, string> Patched(IReadOnlyDictionary<string, string>? values, IReadOnlyDictionary<string, string?> changes)
    {
        var patched = new Dictionary<string, string>(values ?? new Dictionary<string, string>());
        foreach (var (key, value) in changes)
        {
            Set(patched, key, value);
        }

        return patched;
    }

    private static void Set(Dictionary<string, string> values, string key, string? value)
    {
        if (value is null)
        {
            values.Remove(key);
        }
        else
        {
            values[key] = value;
        }
    }

    /// <summary>
    /// With NGINX, traffic must always find pods: the canary's share needs an available canary pod, the rest an
    /// available stable pod. (Without a router the services are not what users send traffic to.)
    /// </summary>
    private void CheckTrafficIsServed()
    {
        if (Rollout.Spec?.Strategy?.Canary?.TrafficRouting is null)
        {
            return;
        }

        var weight = CanaryWeight ?? AcceptedRouteWeight ?? 0;
        int AvailableBehind(string service) =>
            _replicaSets.Values.Where(rs => OwnedReplicaSets.HashOf(rs) == SelectorOf(service)).Sum(rs => rs.Status?.AvailableReplicas ?? 0);

        if (weight > 0)
        {
            Assert.True(AvailableBehind("web-canary") > 0, $"{weight}% of traffic goes to web-canary, which has no available pod, at {Now:O}");
        }

        if (weight < 100 && _served)
        {
            Assert.True(AvailableBehind("web-stable") > 0, $"{100 - weight}% of traffic goes to web-stable, which has no available pod, at {Now:O}");
        }

        _served |= AvailableBehind("web-stable") > 0;
    }
}
