using System.Collections.Concurrent;
using Rollouts.Engine.Planning;
using Rollouts.Operator.Hosting;
using Rollouts.Operator.Tests.Support;
using Rollouts.Testing;

namespace Rollouts.Operator.Tests.Controllers.Rollouts;

/// <summary>
/// What a Rollout's plan sees of analysis: the templates its analyses name (an AnalysisTemplate of its namespace, a
/// ClusterAnalysisTemplate for clusterScope, a missing one left out), planned again when one appears; and the
/// AnalysisRuns it controls, planned again when a run changes (its status included), so that the Rollout sees its run end. The operator
/// watches one namespace (--namespace) and still sees cluster templates.
/// </summary>
public sealed class AnalysisObservationTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<Observation> _observations = new();
    private AnalysisWorld _world = null!;

    public async Task InitializeAsync() =>
        _world = await AnalysisWorld.StartAsync(new OperatorOptions { Namespace = "default", PlanObserved = (observation, _) => _observations.Enqueue(observation) });

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_rollout_is_planned_with_the_templates_it_names_and_sees_its_run_end()
    {
        await _world.ApplyAsync(RolloutYaml);
        await Eventually.WaitUntilAsync(() => !_observations.IsEmpty, "a first plan of Rollout web");
        Assert.Empty(_observations.Last().AnalysisTemplates);

        await _world.ApplyAsync(TemplatesYaml);
        await Eventually.WaitUntilAsync(() => _observations.Last().AnalysisTemplates.Count == 2, "a plan with both templates");
        var templates = _observations.Last().AnalysisTemplates;
        Assert.Equal([("AnalysisTemplate", "success-rate"), ("ClusterAnalysisTemplate", "cluster-rate")],
            templates.Select(t => (t.Kind, t.Name)).Order());
        Assert.Equal("vector(1)", templates.Single(t => t.Name == "success-rate").Spec.Metrics![0].Provider!.Prometheus!.Query);

        var uid = _world.State.Rollout("web")!.Metadata.Uid;
        await _world.ApplyAsync(RunYaml("web-run", uid!) + "\n---\n" + RunYaml("not-owned", "00000000-0000-0000-0000-000000000000"));
        // The run is the Rollout's but none of its analyses' (no labels): the planner terminates it unless it ended first. With
        // no Prometheus address anywhere, a run measured before the terminate ends in Error; one terminated first ends
        // Successful (terminated, no metric failed). Either way the Rollout is planned again and sees how its run ended.
        await Eventually.WaitUntilAsync(
            () => _observations.Last().AnalysisRuns is [{ Status.Phase: { } phase }] && Api.Analysis.AnalysisPhase.IsCompleted(phase),
            () => $"a plan that sees its run ended (runs seen last: {string.Join(", ", _observations.Last().AnalysisRuns.Select(r => $"{r.Metadata.Name} terminate={r.Spec?.Terminate} phase={r.Status?.Phase}"))}; stored: {_world.State.AnalysisRun("web-run")?.Status?.Phase})");
        var run = _observations.Last().AnalysisRuns.Single();
        Assert.Equal("web-run", run.Metadata.Name);
        Assert.Equal(_world.Run("web-run").Status!.Phase, run.Status!.Phase);
        if (run.Spec?.Terminate == true && run.Status.Phase == Api.Analysis.AnalysisPhase.Successful)
        {
            Assert.Equal("the run was terminated and no metric failed", run.Status.Message);
        }
        else
        {
            Assert.Equal(Api.Analysis.AnalysisPhase.Error, run.Status.Phase);
            Assert.Contains("Prometheus", run.Status.Message, StringComparison.Ordinal);
        }
    }

    private const string RolloutYaml = """
        apiVersion: rollouts.dev/v1alpha1
        kind: Rollout
        metadata: {name: web}
        spec:
          replicas: 1
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: web, image: web:1.0}]}
          strategy:
            canary:
              analysis:
                templates:
                - {templateName: success-rate}
                - {templateName: cluster-rate, clusterScope: true}
                - {templateName: not-there}
              steps:
              - setWeight: 20
              - pause: {}
        """;

    private const string TemplatesYaml = """
        apiVersion: rollouts.dev/v1alpha1
        kind: AnalysisTemplate
        metadata: {name: success-rate}
        spec:
          metrics:
          - name: rate
            provider: {prometheus: {query: vector(1)}}
        ---
        apiVersion: rollouts.dev/v1alpha1
        kind: ClusterAnalysisTemplate
        metadata: {name: cluster-rate}
        spec:
          metrics:
          - name: rate
            provider: {prometheus: {query: vector(1)}}
        ---
        apiVersion: rollouts.dev/v1alpha1
        kind: AnalysisTemplate
        metadata: {name: cluster-rate}
        spec:
          metrics:
          - name: namespaced-twin
            provider: {prometheus: {query: vector(2)}}
        """;

    /// <summary>A run controlled by the Rollout with <paramref name="uid"/>; with no Prometheus address anywhere it ends in Error at once.</summary>
    private static string RunYaml(string name, string uid) => $$$"""
        apiVersion: rollouts.dev/v1alpha1
        kind: AnalysisRun
        metadata:
          name: {{{name}}}
          ownerReferences:
          - {apiVersion: rollouts.dev/v1alpha1, kind: Rollout, name: web, uid: {{{uid}}}, controller: true}
        spec:
          metrics:
          - name: rate
            provider: {prometheus: {query: vector(1)}}
        """;
}
