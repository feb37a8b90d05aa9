using System.Text.Json;
using System.Text.RegularExpressions;
using Rollouts.Api.Analysis;
using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;
using Rollouts.Engine.Tests.Support;

namespace Rollouts.Engine.Tests.Planning;

public partial class AnalysisRunFactoryTests
{
    private const string Canary = "canaryhash";
    private const string Stable = "stablehash";

    [Theory]
    [InlineData(2, 1, "web-canaryhash-2")]
    [InlineData(0, 1, "web-canaryhash-0")]
    [InlineData(null, 1, "web-canaryhash-background")]
    [InlineData(2, 3, "web-canaryhash-2-attempt-3")]
    [InlineData(null, 2, "web-canaryhash-background-attempt-2")]
    public void Names_say_rollout_version_step_or_background_and_try(int? step, int attempt, string expected) =>
        Assert.Equal(expected, AnalysisRunFactory.NameFor("web", new AnalysisRunKey(Canary, step, attempt)));

    [Theory]
    [InlineData(253)]
    [InlineData(240)]
    [InlineData(230)]
    public void A_long_rollout_name_is_shortened_to_a_valid_name_that_keeps_version_and_step(int length)
    {
        var rollout = string.Concat(Enumerable.Repeat("a-b.c", 60))[..length].TrimEnd('-', '.');

        var name = AnalysisRunFactory.NameFor(rollout, new AnalysisRunKey(Canary, null, 12));

        Assert.InRange(name.Length, 1, AnalysisRunFactory.MaxNameLength);
        Assert.Matches(DnsSubdomain(), name);
        Assert.EndsWith("-canaryhash-background-attempt-12", name, StringComparison.Ordinal);
    }

    [Fact]
    public void The_run_is_named_labelled_owned_and_merged_from_its_templates()
    {
        var rollout = Rollout();
        var analysis = Analysis(["success-rate", "error-rate"]);

        var build = AnalysisRunFactory.Create(rollout, new AnalysisRunKey(Canary, 2, 1), analysis, "spec.strategy.canary.steps[2].analysis",
            [RolloutWorld.AnalysisTemplate("error-rate"), RolloutWorld.AnalysisTemplate("success-rate")], Stable);

        var run = Assert.IsType<AnalysisRun>(build.Run);
        Assert.Null(build.Problem);
        Assert.Equal(("web-canaryhash-2", "shop"), (run.Metadata.Name, run.Metadata.Namespace));
        Assert.Equal(
            new Dictionary<string, string>
            {
                [RolloutLabels.PodTemplateHash] = Canary,
                [AnalysisLabels.Kind] = AnalysisLabels.StepKind,
                [AnalysisLabels.StepIndex] = "2",
                [AnalysisLabels.Attempt] = "1",
            },
            run.Metadata.Labels);
        var owner = Assert.Single(run.Metadata.OwnerReferences!);
        Assert.Equal(("Rollout", "web", "uid-web", true), (owner.Kind, owner.Name, owner.Uid, owner.Controller));
        Assert.True(RolloutOwnership.IsControlledBy(run.Metadata, rollout));
        Assert.Equal(["success-rate", "error-rate"], run.Spec!.Metrics!.Select(m => m.Name));
        Assert.Null(run.Spec.Terminate);
        Assert.Equal(new AnalysisRunKey(Canary, 2, 1), AnalysisRunKey.Of(run));
    }

    [Fact]
    public void A_background_run_is_labelled_background_without_a_step()
    {
        var build = AnalysisRunFactory.Create(Rollout(), new AnalysisRunKey(Canary, null, 2), Analysis(["error-rate"]), "spec.strategy.canary.analysis",
            [RolloutWorld.AnalysisTemplate("error-rate")], Stable);

        var labels = build.Run!.Metadata.Labels!;
        Assert.Equal(AnalysisLabels.BackgroundKind, labels[AnalysisLabels.Kind]);
        Assert.False(labels.ContainsKey(AnalysisLabels.StepIndex));
        Assert.Equal("2", labels[AnalysisLabels.Attempt]);
        Assert.Equal("web-canaryhash-background-attempt-2", build.Run.Metadata.Name);
    }

    [Fact]
    public void Arguments_from_hashes_and_the_Rollout_become_values_and_secrets_stay_references()
    {
        var template = RolloutWorld.AnalysisTemplate("success-rate", "service=web-canary", "stable", "canary", "name", "namespace", "team", "owner", "token");
        var analysis = Analysis(["success-rate"],
            Arg("stable", """{"podTemplateHashValue":"Stable"}"""),
            Arg("canary", """{"podTemplateHashValue":"Latest"}"""),
            Arg("name", """{"fieldRef":{"fieldPath":"metadata.name"}}"""),
            Arg("namespace", """{"fieldRef":{"fieldPath":"metadata.namespace"}}"""),
            Arg("team", """{"fieldRef":{"fieldPath":"metadata.labels['team']"}}"""),
            Arg("owner", """{"fieldRef":{"fieldPath":"metadata.annotations[\"owner\"]"}}"""),
            Arg("token", """{"secretKeyRef":{"name":"prom","key":"token"}}"""));

        var build = AnalysisRunFactory.Create(Rollout(), new AnalysisRunKey(Canary, 0, 1), analysis, "spec.strategy.canary.steps[0].analysis", [template], Stable);

        Assert.Null(build.Problem);
        var args = build.Run!.Spec!.Args!.ToDictionary(a => a.Name!);
        Assert.Equal(
            ["service=web-canary", "stable=stablehash", "canary=canaryhash", "name=web", "namespace=shop", "team=payments", "owner=ana", "token="],
            args.Values.Select(a => $"{a.Name}={a.Value}"));
        Assert.Equal(("prom", "token"), (args["token"].ValueFrom!.SecretKeyRef!.Name, args["token"].ValueFrom!.SecretKeyRef!.Key));
        Assert.All(args.Values.Where(a => a.Name != "token"), a => Assert.Null(a.ValueFrom));
    }

    [Theory]
    [InlineData("metadata.labels['missing']", "spec.strategy.canary.steps[0].analysis.args[0].valueFrom.fieldRef.fieldPath: fieldRef \"metadata.labels['missing']\": the Rollout has no label 'missing'")]
    [InlineData("metadata.annotations['missing']", "the Rollout has no annotation 'missing'")]
    [InlineData("spec.replicas", "fieldRef \"spec.replicas\" is not supported; use metadata.name, metadata.namespace, metadata.labels['key'] or metadata.annotations['key']")]
    public void A_field_the_Rollout_lacks_or_that_is_not_supported_is_a_problem_naming_the_argument(string fieldPath, string expected)
    {
        var analysis = Analysis(["success-rate"], Arg("team", JsonSerializer.Serialize(new { fieldRef = new { fieldPath } })));

        var build = AnalysisRunFactory.Create(Rollout(), new AnalysisRunKey(Canary, 0, 1), analysis, "spec.strategy.canary.steps[0].analysis",
            [RolloutWorld.AnalysisTemplate("success-rate", "team")], Stable);

        Assert.Null(build.Run);
        Assert.Contains(expected, build.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_templates_are_named_with_kind_and_field_path()
    {
        var analysis = new RolloutAnalysis
        {
            Templates =
            [
                new AnalysisTemplateReference { TemplateName = "success-rate" },
                new AnalysisTemplateReference { TemplateName = "latency" },
                new AnalysisTemplateReference { TemplateName = "success-rate", ClusterScope = true },
            ],
        };

        var build = AnalysisRunFactory.Create(Rollout(), new AnalysisRunKey(Canary, 1, 1), analysis, "spec.strategy.canary.steps[1].analysis",
            [RolloutWorld.AnalysisTemplate("success-rate")], Stable);

        Assert.Null(build.Run);
        Assert.Equal(
            "AnalysisTemplate \"latency\" (spec.strategy.canary.steps[1].analysis.templates[1].templateName) does not exist in namespace shop; " +
            "ClusterAnalysisTemplate \"success-rate\" (spec.strategy.canary.steps[1].analysis.templates[2].templateName) does not exist",
            build.Problem);
    }

    [Fact]
    public void A_cluster_template_is_found_by_its_kind()
    {
        var cluster = RolloutWorld.AnalysisTemplate("success-rate") with { Kind = "ClusterAnalysisTemplate" };
        var analysis = new RolloutAnalysis { Templates = [new AnalysisTemplateReference { TemplateName = "success-rate", ClusterScope = true }] };

        var build = AnalysisRunFactory.Create(Rollout(), new AnalysisRunKey(Canary, 1, 1), analysis, "spec.strategy.canary.analysis", [cluster], Stable);

        Assert.NotNull(build.Run);
    }

    [Fact]
    public void A_merge_error_is_a_problem_with_the_argument_and_its_path()
    {
        var build = AnalysisRunFactory.Create(Rollout(), new AnalysisRunKey(Canary, null, 1), Analysis(["success-rate"]), "spec.strategy.canary.analysis",
            [RolloutWorld.AnalysisTemplate("success-rate", "service")], Stable);

        Assert.Null(build.Run);
        Assert.StartsWith("spec.strategy.canary.analysis.args: argument \"service\" of AnalysisTemplate \"success-rate\" has no value", build.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("step", "1", "2", "h:1:2")]
    [InlineData("background", null, null, "h:background:1")]
    [InlineData("step", null, "1", "none")]
    [InlineData("step", "x", "1", "none")]
    [InlineData("other", "1", "1", "none")]
    [InlineData("step", "1", "0", "none")]
    public void A_run_key_is_read_from_the_labels(string kind, string? step, string? attempt, string expected)
    {
        var labels = new Dictionary<string, string> { [RolloutLabels.PodTemplateHash] = "h", [AnalysisLabels.Kind] = kind };
        if (step is not null)
        {
            labels[AnalysisLabels.StepIndex] = step;
        }

        if (attempt is not null)
        {
            labels[AnalysisLabels.Attempt] = attempt;
        }

        var key = AnalysisRunKey.Of(new AnalysisRun { Metadata = new() { Labels = labels } });

        Assert.Equal(expected, key is null ? "none" : $"{key.PodTemplateHash}:{key.StepIndex?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "background"}:{key.Attempt}");
    }

    [Fact]
    public void A_run_that_ended_without_a_message_is_explained_by_its_metrics()
    {
        var run = new AnalysisRun
        {
            Metadata = new() { Name = "web-h-1", Labels = new AnalysisRunKey("h", 1, 1).Labels().ToDictionary() },
            Spec = new AnalysisRunSpec { Terminate = true },
            Status = new AnalysisRunStatus
            {
                Phase = AnalysisPhase.Failed,
                MetricResults =
                [
                    new MetricResult { Name = "success-rate", Phase = AnalysisPhase.Failed, Message = "0.91 < 0.99" },
                    new MetricResult { Name = "latency", Phase = AnalysisPhase.Successful },
                    new MetricResult { Name = "errors", Phase = AnalysisPhase.Failed },
                ],
            },
        };

        var verdict = AnalysisVerdict.Of(run);

        Assert.Equal("metric success-rate: 0.91 < 0.99; metric errors failed", verdict.Message);
        Assert.True(verdict is { Completed: true, Unsuccessful: true, Terminating: true });
        Assert.Equal(AnalysisPhase.Pending, AnalysisVerdict.Of(run with { Status = null }).Phase);
    }

    private static Rollout Rollout()
    {
        var rollout = RolloutWorld.Create("analysis").Rollout;
        return rollout with
        {
            Metadata = rollout.Metadata with
            {
                Labels = new Dictionary<string, string> { ["team"] = "payments" },
                Annotations = new Dictionary<string, string> { ["owner"] = "ana" },
            },
        };
    }

    private static RolloutAnalysis Analysis(string[] templates, params AnalysisRunArgument[] args) => new()
    {
        Templates = [.. templates.Select(t => new AnalysisTemplateReference { TemplateName = t })],
        Args = args.Length == 0 ? null : args,
    };

    private static AnalysisRunArgument Arg(string name, string valueFrom) =>
        new() { Name = name, ValueFrom = JsonDocument.Parse(valueFrom).RootElement.Clone() };

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();
}
