using System.Text.Json;
using System.Text.Json.Nodes;
using Rollouts.Api.Analysis;
using Rollouts.Api.Common;
using Rollouts.Api.Rollouts;
using Rollouts.Engine.Hashing;
using Rollouts.Engine.Planning;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Cli.Planning;

/// <summary>One step of a simulated update: what it does, the pods and weight it reaches, how long it waits, and when it starts.</summary>
internal sealed record PlanRow(string Step, string Action, int Canary, int Stable, int Weight, string Wait, TimeSpan At);

/// <summary>The simulated update: its steps, the least time it takes, and how many promotions it waits for.</summary>
internal sealed record PlanOutcome(IReadOnlyList<PlanRow> Rows, TimeSpan LeastTime, int Promotions, string? Stuck);

/// <summary>
/// <c>plan -f</c>: runs the operator's planner (<see cref="RolloutPlanner.Plan"/>) on an in-memory world in which
/// pods are available as soon as a ReplicaSet asks for them, analyses succeed when their time is up, and every
/// pause without a duration is promoted at once. Time moves only by what the planner waits for (pause durations,
/// analysis intervals), so the total is the least time the update can take. A blue-green update is shown by its
/// stages (preview up, pre-promotion analysis, pause, switch, post-promotion analysis) instead of steps.
/// </summary>
internal sealed class PlanSimulation
{
    private const int MaxReconciles = 2000;
    private const string Namespace = "default";

    private readonly Dictionary<string, ReplicaSet> _replicaSets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Service> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Ingress> _stableIngresses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Ingress> _canaryIngresses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HttpRoute> _httpRoutes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AnalysisRun> _runs = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<NamedAnalysisTemplate> _templates;
    private RolloutStatus _status = new();
    private DateTimeOffset _now = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private PlanSimulation(IEnumerable<Service> services, IEnumerable<Ingress> ingresses, IEnumerable<AnalysisTemplate> templates)
    {
        foreach (var service in services)
        {
            _services[service.Metadata.Name ?? ""] = service;
        }

        foreach (var ingress in ingresses)
        {
            _stableIngresses[ingress.Metadata.Name ?? ""] = ingress;
        }

        _templates = [.. templates.Select(NamedAnalysisTemplate.From)];
    }

    public static PlanOutcome Run(Rollout rollout, IEnumerable<Service> services, IEnumerable<Ingress> ingresses, IEnumerable<AnalysisTemplate> templates)
    {
        var simulation = new PlanSimulation(services, ingresses, templates);
        var target = RolloutDefaulting.Apply(rollout) with
        {
            Metadata = rollout.Metadata with { Namespace = Namespace, Uid = "plan", Generation = 2 },
            Status = null,
        };
        simulation.AddMissingRoutes(target);

        // The version before: the same Rollout with another template, rolled out first and left Healthy.
        var template = target.Spec!.Template ?? new PodTemplateSpec();
        var annotations = new Dictionary<string, string>(template.Metadata?.Annotations ?? new Dictionary<string, string>(), StringComparer.Ordinal) { ["plan.rollouts.dev/version"] = "previous" };
        var previous = target with
        {
            Metadata = target.Metadata with { Generation = 1 },
            Spec = target.Spec with { Template = template with { Metadata = (template.Metadata ?? new ObjectMeta()) with { Annotations = annotations } } },
        };
        var steady = simulation.Reconcile(previous, null);
        if (steady.Stuck is not null)
        {
            return steady;
        }

        simulation._now += TimeSpan.FromHours(1);
        return simulation.Reconcile(target, simulation._now);
    }

    /// <summary>Reconciles until the Rollout is Healthy on its template; records the steps when <paramref name="start"/> is set.</summary>
    private PlanOutcome Reconcile(Rollout rollout, DateTimeOffset? start)
    {
        var hash = PodTemplateHash.Compute(rollout.Spec?.Template);
        var steps = rollout.Spec?.Strategy?.Canary?.Steps ?? [];
        var blueGreen = rollout.Spec?.Strategy?.BlueGreen;
        var rows = new List<PlanRow>();
        var promotions = 0;
        int? recordedStep = null;
        string? recordedStage = null;
        for (var i = 0; i < MaxReconciles; i++)
        {
            var plan = RolloutPlanner.Plan(Observe(rollout));
            foreach (var action in plan.Actions)
            {
                Apply(rollout, action);
            }

            _status = plan.Status;
            if (start is { } began && _status.CurrentPodHash == hash && _status.StableRS != hash && _status.CurrentStepIndex is { } index && index < steps.Count && recordedStep != index)
            {
                recordedStep = index;
                rows.Add(Row(rollout, steps, index, hash, _now - began));
            }

            if (start is { } from && blueGreen is not null && _status.CurrentPodHash == hash && _status.StableRS != hash
                && BlueGreenStage(blueGreen, hash) is var (stage, stageWait, traffic) && stage != recordedStage)
            {
                recordedStage = stage;
                var old = _status.StableRS is { } oldHash ? Replicas(oldHash) : 0;
                rows.Add(new PlanRow(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{rows.Count + 1}"), stage, Replicas(hash), old, traffic, stageWait, _now - from));
            }

            if (plan.Actions.Count > 0 || plan.StatusChanged)
            {
                continue;
            }

            if (_status.Phase == RolloutPhase.Healthy && _status.StableRS == hash)
            {
                if (start is { } began2)
                {
                    rows.Add(new PlanRow("-", "promoted: the new version is stable", Replicas(hash), 0, 100, "", _now - began2));
                }

                return new PlanOutcome(rows, start is { } s ? _now - s : TimeSpan.Zero, promotions, null);
            }

            if (_status.PauseConditions is { Count: > 0 } && plan.RequeueAfter is null)
            {
                _status = _status with { PauseConditions = null };
                promotions++;
            }
            else if (plan.RequeueAfter is { } wait && wait > TimeSpan.Zero)
            {
                _now += wait;
            }
            else if (_status.CurrentStepIndex is { } at && at < steps.Count && steps[at].Analysis is { } analysis
                && _runs.Values.Any(r => AnalysisRunKey.Of(r) is { StepIndex: { } step } key && step == at && key.PodTemplateHash == hash
                                         && !Api.Analysis.AnalysisPhase.IsCompleted(r.Status?.Phase)))
            {
                _now += AnalysisTime(analysis);
                FinishRuns(AnalysisPhaseText.Successful);
            }
            else if (blueGreen is not null && _runs.Values.FirstOrDefault(r => !Api.Analysis.AnalysisPhase.IsCompleted(r.Status?.Phase)) is { } running
                && PromotionAnalysis(blueGreen, running) is { } promotionAnalysis)
            {
                _now += AnalysisTime(promotionAnalysis);
                FinishRuns(AnalysisPhaseText.Successful);
            }
            else
            {
                return new PlanOutcome(rows, start is { } s ? _now - s : TimeSpan.Zero, promotions,
                    $"the planner waits and nothing in the simulation moves it on: {_status.Phase}: {_status.Message}");
            }
        }

        return new PlanOutcome(rows, TimeSpan.Zero, promotions, $"no end after {MaxReconciles} reconciles: {_status.Phase}: {_status.Message}");
    }

    /// <summary>The stage a blue-green update stands at, what it waits for, and the share of traffic on the new version.</summary>
    private (string Stage, string Wait, int Traffic) BlueGreenStage(BlueGreenStrategy blueGreen, string hash)
    {
        var state = _status.BlueGreen;
        if (state?.ActiveSelector == hash)
        {
            return blueGreen.PostPromotionAnalysis is { } post && state.PostPromotionAnalysisRunStatus is not null
                ? ($"post-promotion analysis {Rendering.StepText.Templates(post)}", AnalysisWait(post), 100)
                : ($"switch {blueGreen.ActiveService} to the new version", "", 100);
        }

        if (_status.PauseConditions?.Any(p => p.Reason == "BlueGreenPause") == true)
        {
            return blueGreen.AutoPromotionSeconds is > 0 and var seconds
                ? ("pause before promotion", Durations.Format(TimeSpan.FromSeconds(seconds)), 0)
                : ("pause before promotion", "until promoted", 0);
        }

        if (blueGreen.PrePromotionAnalysis is { } pre && state?.PrePromotionAnalysisRunStatus is not null)
        {
            return ($"pre-promotion analysis {Rendering.StepText.Templates(pre)}", AnalysisWait(pre), 0);
        }

        return blueGreen.PreviewService is { } preview
            ? ($"new version up behind {preview}", "", 0)
            : ("new version up", "", 0);
    }

    private string AnalysisWait(RolloutAnalysis analysis) =>
        AnalysisTime(analysis) is var t && t > TimeSpan.Zero ? Durations.Format(t) : "until analysed";

    /// <summary>The blue-green analysis <paramref name="run"/> belongs to (pre- or post-promotion), or null.</summary>
    private static RolloutAnalysis? PromotionAnalysis(BlueGreenStrategy blueGreen, AnalysisRun run) => AnalysisRunKey.Of(run)?.PromotionKind switch
    {
        Api.Analysis.AnalysisLabels.PrePromotionKind => blueGreen.PrePromotionAnalysis,
        Api.Analysis.AnalysisLabels.PostPromotionKind => blueGreen.PostPromotionAnalysis,
        _ => null,
    };

    private PlanRow Row(Rollout rollout, IReadOnlyList<CanaryStep> steps, int index, string hash, TimeSpan at)
    {
        var step = steps[index];
        var wait = step switch
        {
            { Pause.Duration: { } duration } => Durations.TryParse(duration, out var d, out _) ? Durations.Format(d) : duration.ToString(),
            { Pause: not null } => "until promoted",
            { Analysis: { } analysis } => AnalysisTime(analysis) is var t && t > TimeSpan.Zero ? Durations.Format(t) : "until analysed",
            _ => "",
        };
        var stable = _status.StableRS is { } stableHash ? Replicas(stableHash) : 0;
        return new PlanRow((index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Rendering.StepText.Of(step),
            Replicas(hash), stable, Weight(rollout, index), wait, at);
    }

    /// <summary>The weight the canary has at step <paramref name="index"/>: that of the last setWeight at or before it.</summary>
    private static int Weight(Rollout rollout, int index)
    {
        var steps = rollout.Spec?.Strategy?.Canary?.Steps ?? [];
        return steps.Take(index + 1).LastOrDefault(s => s.SetWeight is not null)?.SetWeight ?? 0;
    }

    private int Replicas(string hash) =>
        _replicaSets.Values.FirstOrDefault(rs => (rs.Metadata.Labels?.GetValueOrDefault(RolloutLabels.PodTemplateHash)) == hash)?.Spec?.Replicas ?? 0;

    /// <summary>The longest metric of the analysis's templates: initial delay plus (count - 1) intervals.</summary>
    private TimeSpan AnalysisTime(RolloutAnalysis analysis)
    {
        var longest = TimeSpan.Zero;
        foreach (var reference in analysis.Templates ?? [])
        {
            var template = _templates.FirstOrDefault(t => t.Name == reference.TemplateName);
            foreach (var metric in template?.Spec.Metrics ?? [])
            {
                var delay = metric.InitialDelay is { } d && Durations.TryParse(d, out var delayTime, out _) ? delayTime : TimeSpan.Zero;
                var interval = metric.Interval is { } v && Durations.TryParse(v, out var intervalTime, out _) ? intervalTime : TimeSpan.Zero;
                var total = delay + (interval * Math.Max(0, (metric.Count ?? 1) - 1));
                longest = total > longest ? total : longest;
            }
        }

        return longest;
    }

    private Observation Observe(Rollout rollout)
    {
        var canary = rollout.Spec?.Strategy?.Canary;
        var nginx = canary?.TrafficRouting?.Nginx;
        var stableNames = nginx is null ? [] : nginx.StableIngresses ?? (nginx.StableIngress is { } one ? [one] : []);
        return new Observation
        {
            Rollout = rollout with { Status = _status },
            ReplicaSets = [.. _replicaSets.Values],
            ActiveService = rollout.Spec?.Strategy?.BlueGreen?.ActiveService is { } active ? _services.GetValueOrDefault(active) : null,
            PreviewService = rollout.Spec?.Strategy?.BlueGreen?.PreviewService is { } preview ? _services.GetValueOrDefault(preview) : null,
            StableService = canary?.StableService is { } stable ? _services.GetValueOrDefault(stable) : null,
            CanaryService = canary?.CanaryService is { } canaryName ? _services.GetValueOrDefault(canaryName) : null,
            StableIngresses = [.. stableNames.Select(n => _stableIngresses.GetValueOrDefault(n)).OfType<Ingress>()],
            CanaryIngresses = [.. _canaryIngresses.Values],
            HttpRoutes = [.. _httpRoutes.Values],
            AnalysisRuns = [.. _runs.Values],
            AnalysisTemplates = _templates,
            Now = _now,
        };
    }

    private void Apply(Rollout rollout, PlanAction action)
    {
        switch (action)
        {
            case CreateReplicaSet create:
                _replicaSets[create.ReplicaSet.Metadata.Name!] = Available(create.ReplicaSet with
                {
                    Metadata = create.ReplicaSet.Metadata with { CreationTimestamp = _now, Uid = create.ReplicaSet.Metadata.Name },
                });
                break;
            case ScaleReplicaSet scale when _replicaSets.TryGetValue(scale.Name, out var rs):
                _replicaSets[scale.Name] = Available(rs with { Spec = rs.Spec! with { Replicas = scale.Replicas } });
                break;
            case DeleteReplicaSet delete:
                _replicaSets.Remove(delete.Name);
                break;
            case AnnotateReplicaSet annotate when _replicaSets.TryGetValue(annotate.Name, out var rs):
                var annotations = new Dictionary<string, string>(rs.Metadata.Annotations ?? new Dictionary<string, string>(), StringComparer.Ordinal);
                if (annotate.ScaleDownDeadline is { } deadline)
                {
                    annotations[annotate.AnnotationKey] = ScaleDownDeadline.Format(deadline);
                }
                else
                {
                    annotations.Remove(annotate.AnnotationKey);
                }

                _replicaSets[annotate.Name] = rs with { Metadata = rs.Metadata with { Annotations = annotations } };
                break;
            case PatchServiceSelector select when _services.TryGetValue(select.ServiceName, out var service):
                var selector = new Dictionary<string, string>(service.Spec?.Selector ?? new Dictionary<string, string>(), StringComparer.Ordinal)
                {
                    [select.SelectorKey] = select.PodTemplateHash,
                };
                _services[select.ServiceName] = service with { Spec = (service.Spec ?? new ServiceSpec()) with { Selector = selector } };
                break;
            case ApplyCanaryIngress ingress:
                _canaryIngresses[ingress.Ingress.Metadata.Name!] = ingress.Ingress;
                break;
            case DeleteCanaryIngress delete:
                _canaryIngresses.Remove(delete.Name);
                break;
            case ApplyHttpRoute route:
                _httpRoutes[route.Route.Metadata.Name!] = Accepted(route.Route, (route.Route.Metadata.Generation ?? 1) + 1);
                break;
            case CreateAnalysisRun create:
                _runs[create.Run.Metadata.Name!] = create.Run with
                {
                    Metadata = create.Run.Metadata with { CreationTimestamp = _now },
                    Status = new AnalysisRunStatus { Phase = AnalysisPhaseText.Running, StartedAt = _now },
                };
                break;
            case TerminateAnalysisRun terminate when _runs.TryGetValue(terminate.Name, out var run):
                _runs[terminate.Name] = run with { Status = (run.Status ?? new AnalysisRunStatus()) with { Phase = AnalysisPhaseText.Successful } };
                break;
            default:
                break;
        }

        _ = rollout;
    }

    private void FinishRuns(string phase)
    {
        foreach (var (name, run) in _runs.ToList())
        {
            if (!Api.Analysis.AnalysisPhase.IsCompleted(run.Status?.Phase))
            {
                _runs[name] = run with { Status = (run.Status ?? new AnalysisRunStatus()) with { Phase = phase } };
            }
        }
    }

    /// <summary>The Services and stable Ingress the Rollout names, made up when the file does not hold them, so that the planner can route.</summary>
    private void AddMissingRoutes(Rollout rollout)
    {
        var canary = rollout.Spec?.Strategy?.Canary;
        var blueGreen = rollout.Spec?.Strategy?.BlueGreen;
        foreach (var name in new[] { canary?.StableService, canary?.CanaryService, blueGreen?.ActiveService, blueGreen?.PreviewService }.OfType<string>())
        {
            _services.TryAdd(name, new Service
            {
                Metadata = new ObjectMeta { Name = name, Namespace = Namespace },
                Spec = new ServiceSpec { Selector = rollout.Spec?.Selector?.MatchLabels },
            });
        }

        var nginx = canary?.TrafficRouting?.Nginx;
        foreach (var name in nginx is null ? [] : nginx.StableIngresses ?? (nginx.StableIngress is { } one ? [one] : []))
        {
            _stableIngresses.TryAdd(name, IngressTo(name, canary?.StableService ?? "stable"));
        }

        if (GatewayApiTrafficRouting.Of(canary?.TrafficRouting) is { } gateway)
        {
            foreach (var name in gateway.RouteNames())
            {
                _httpRoutes.TryAdd(name, RouteTo(name, gateway.RouteNamespace(Namespace), canary?.StableService ?? "stable"));
            }
        }

        foreach (var (name, ingress) in _stableIngresses.ToList())
        {
            _stableIngresses[name] = ingress with { Metadata = ingress.Metadata with { Namespace = Namespace } };
        }

        foreach (var (name, service) in _services.ToList())
        {
            _services[name] = service with { Metadata = service.Metadata with { Namespace = Namespace } };
        }
    }

    private static Ingress IngressTo(string name, string service)
    {
        var backend = new JsonObject { ["service"] = new JsonObject { ["name"] = service, ["port"] = new JsonObject { ["number"] = 80 } } };
        var path = new JsonObject { ["path"] = "/", ["pathType"] = "Prefix", ["backend"] = backend };
        var rule = new JsonObject { ["host"] = "plan.local", ["http"] = new JsonObject { ["paths"] = new JsonArray(path) } };
        var ingress = new JsonObject
        {
            ["apiVersion"] = "networking.k8s.io/v1",
            ["kind"] = "Ingress",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Namespace },
            ["spec"] = new JsonObject { ["rules"] = new JsonArray(rule) },
        };
        return ingress.Deserialize(KubernetesJsonContext.Default.Ingress)!;
    }

    /// <summary>A made-up HTTPRoute of one rule to the stable service, accepted by its gateway.</summary>
    private static HttpRoute RouteTo(string name, string? ns, string service) => Accepted(new HttpRoute
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns },
        Spec = new HttpRouteSpec
        {
            ParentRefs = [JsonDocument.Parse("""{"name": "gateway"}""").RootElement.Clone()],
            Rules = [new HttpRouteRule { BackendRefs = [new HttpBackendRef { Name = service, Port = 80 }] }],
        },
    }, 1);

    /// <summary><paramref name="route"/> at <paramref name="generation"/>, accepted at once: the plan assumes a gateway that keeps up.</summary>
    private static HttpRoute Accepted(HttpRoute route, long generation) => route with
    {
        Metadata = route.Metadata with { Generation = generation },
        Status = new HttpRouteStatus
        {
            Parents =
            [
                new RouteParentStatus { Conditions = [new ResourceCondition { Type = "Accepted", Status = "True", ObservedGeneration = generation }] },
            ],
        },
    };

    private static ReplicaSet Available(ReplicaSet rs)
    {
        var replicas = rs.Spec?.Replicas ?? 0;
        return rs with
        {
            Status = new ReplicaSetStatus
            {
                Replicas = replicas,
                FullyLabeledReplicas = replicas,
                ReadyReplicas = replicas,
                AvailableReplicas = replicas,
                ObservedGeneration = rs.Metadata.Generation,
            },
        };
    }

    private static class AnalysisPhaseText
    {
        public const string Running = Api.Analysis.AnalysisPhase.Running;
        public const string Successful = Api.Analysis.AnalysisPhase.Successful;
    }
}
