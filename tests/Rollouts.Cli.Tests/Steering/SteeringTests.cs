using Rollouts.Api.Rollouts;
using Rollouts.Cli.Cluster;
using Rollouts.Cli.Steering;
using Rollouts.Cli.Tests.Rendering;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Cli.Tests.Steering;

/// <summary>What each steering command writes, and the bodies it sends.</summary>
public sealed class SteeringTests
{
    [Fact]
    public void Promote_of_a_paused_update_clears_the_pause_conditions_and_spec_paused_when_set()
    {
        var rollout = GoldenObjects.Family().Rollout;
        var paused = rollout with { Spec = rollout.Spec! with { Paused = true } };

        var change = SteeringDecisions.Promote(paused, full: false);

        Assert.Equal("""{"status":{"pauseConditions":null}}""", change.StatusPatch);
        Assert.Equal("""{"spec":{"paused":false}}""", change.SpecPatch);
        Assert.Equal(SteeringDecisions.PromotedAction, change.HistoryAction);
        Assert.Null(SteeringDecisions.Promote(rollout, full: false).SpecPatch);
    }

    [Fact]
    public void Blue_green_is_steered_with_the_same_patches_and_says_what_they_do()
    {
        var rollout = GoldenObjects.BlueGreenFamily().Rollout;
        var aborted = rollout with { Status = rollout.Status! with { Abort = true } };

        var promote = SteeringDecisions.Promote(rollout, full: false);

        Assert.Equal(SteeringPatches.Promote, promote.StatusPatch);
        Assert.Equal("rollout \"web\" promoted: pause (BlueGreenPause) ended; the active service switches to the new version", promote.Done);
        Assert.Equal(SteeringPatches.PromoteFull, SteeringDecisions.Promote(rollout, full: true).StatusPatch);
        Assert.Equal(SteeringPatches.Abort, SteeringDecisions.Abort(rollout).StatusPatch);
        Assert.Equal("rollout \"web\" retried: the update starts over", SteeringDecisions.Retry(aborted).Done);
    }

    [Fact]
    public void The_fixed_patches_are_the_ones_the_operator_reads()
    {
        var rollout = GoldenObjects.Family().Rollout;

        Assert.Equal("""{"status":{"promoteFull":true}}""", SteeringDecisions.Promote(rollout, full: true).StatusPatch);
        Assert.Equal("""{"status":{"abort":true}}""", SteeringDecisions.Abort(rollout).StatusPatch);
        var aborted = rollout with { Status = rollout.Status! with { Abort = true } };
        Assert.Equal("""{"status":{"abort":false}}""", SteeringDecisions.Retry(aborted).StatusPatch);
    }

    [Fact]
    public void The_history_record_is_a_patch_of_its_own_with_the_resource_version_and_the_whole_history()
    {
        var history = new[] { new RolloutDecision { Action = "PromoteRequested", User = "alice", Time = DateTimeOffset.UnixEpoch } };

        var body = SteeringPatches.History("42", history);

        Assert.Equal("""{"metadata":{"resourceVersion":"42"},"status":{"history":[{"time":"1970-01-01T00:00:00Z","action":"PromoteRequested","user":"alice"}]}}""", body);
    }

    [Fact]
    public void Pause_and_resume_carry_the_resource_version_they_were_decided_on()
    {
        Assert.Equal("""{"spec":{"paused":true},"metadata":{"resourceVersion":"7"}}""", SteeringPatches.WithPrecondition(SteeringPatches.Pause, "7"));
        Assert.Null(SteeringDecisions.Pause(GoldenObjects.Family().Rollout).HistoryAction);
    }

    [Fact]
    public void Commands_refuse_when_they_do_not_apply()
    {
        var healthy = GoldenObjects.Healthy("api", "shop", "api:1");

        Assert.Contains("nothing to promote", Assert.Throws<CliException>(() => SteeringDecisions.Promote(healthy, full: false)).Message, StringComparison.Ordinal);
        Assert.Contains("no update in progress", Assert.Throws<CliException>(() => SteeringDecisions.Promote(healthy, full: true)).Message, StringComparison.Ordinal);
        Assert.Contains("nothing to abort", Assert.Throws<CliException>(() => SteeringDecisions.Abort(healthy)).Message, StringComparison.Ordinal);
        Assert.Contains("nothing to retry", Assert.Throws<CliException>(() => SteeringDecisions.Retry(healthy)).Message, StringComparison.Ordinal);
        Assert.Contains("is not paused by spec.paused", Assert.Throws<CliException>(() => SteeringDecisions.Resume(healthy)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Undo_numbers_revisions_by_age_and_restores_the_template_without_the_hash_label()
    {
        var family = GoldenObjects.Family();
        var revisions = Revisions.Of(family.ReplicaSets);

        var (undone, done) = Revisions.Undo(family.Rollout, revisions, toRevision: null);

        Assert.Equal([1, 2, 3], revisions.Select(r => r.Number));
        Assert.Equal("web:1.0", undone.Spec!.Template!.Spec!.Containers![0].Image);
        Assert.Contains("revision 2", done, StringComparison.Ordinal);
        Assert.Contains("revision 9 of rollout \"web\" does not exist", Assert.Throws<CliException>(() => Revisions.Undo(family.Rollout, revisions, 9)).Message, StringComparison.Ordinal);
        Assert.Contains("already runs revision 3", Assert.Throws<CliException>(() => Revisions.Undo(family.Rollout, revisions, 3)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReplicaSets_made_in_the_same_second_are_numbered_with_the_current_template_newest()
    {
        var family = GoldenObjects.Family();
        var second = family.ReplicaSets[0].Metadata.CreationTimestamp;
        var sameSecond = family.ReplicaSets.Select(rs => rs with { Metadata = rs.Metadata with { CreationTimestamp = second } }).ToList();
        var current = family.Rollout.Status!.CurrentPodHash;

        var revisions = Revisions.Of(sameSecond, family.Rollout.Status);

        Assert.Equal(current, revisions[^1].Hash);
        Assert.Equal(family.Rollout.Status.StableRS, revisions[^2].Hash);
        Assert.Equal([1, 2, 3], revisions.Select(r => r.Number));
    }

    [Fact]
    public void Forbidden_names_the_verb_and_the_resource()
    {
        var error = new ForbiddenException(
            new Status { Code = 403, Reason = "Forbidden", Message = "rollouts.rollouts.dev \"web\" is forbidden: User \"bob\" cannot patch resource \"rollouts/status\"" },
            "PATCH /apis/rollouts.dev/v1alpha1/namespaces/shop/rollouts/web/status");

        var text = ApiErrorText.Describe(error);

        Assert.StartsWith("Forbidden: you may not patch rollouts.rollouts.dev/status \"web\" in namespace \"shop\": ", text, StringComparison.Ordinal);
        Assert.Equal("list", ApiErrorText.Verb("GET /apis/apps/v1/namespaces/shop/replicasets?labelSelector=app"));
        Assert.Equal("create", ApiErrorText.Verb("POST /apis/authentication.k8s.io/v1/selfsubjectreviews"));
    }
}
