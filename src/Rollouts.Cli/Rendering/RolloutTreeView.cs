using System.Globalization;
using System.Text;
using Rollouts.Api.Analysis;
using Rollouts.Api.Rollouts;
using Rollouts.Cli.Cluster;
using Rollouts.Cli.Steering;
using Rollouts.Engine.Hashing;
using Rollouts.Engine.Traffic;
using Rollouts.Engine.Traffic.Nginx;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Cli.Rendering;

/// <summary>
/// <c>get rollout NAME</c>: the Rollout's state, its steps with the current one marked, the traffic weights (for
/// blue-green, the ReplicaSets the active and preview services select and the promotion analyses), why it is paused,
/// then a tree of its revisions with their ReplicaSets and AnalysisRuns, and its last decisions.
/// </summary>
internal static class RolloutTreeView
{
    private const int HistoryShown = 5;

    public static string Render(RolloutFamily family, DateTimeOffset now, TextStyle style)
    {
        var rollout = family.Rollout;
        var spec = rollout.Spec ?? new RolloutSpec();
        var status = rollout.Status ?? new RolloutStatus();
        var canary = spec.Strategy?.Canary;
        var blueGreen = spec.Strategy?.BlueGreen;
        var steps = canary?.Steps ?? [];
        var text = new StringBuilder();
        var desiredHash = spec.Template is { } template ? PodTemplateHash.Compute(template) : null;
        var updating = status.StableRS is { } stable && desiredHash is not null && stable != desiredHash;

        Field(text, "Name", rollout.Metadata.Name);
        Field(text, "Namespace", rollout.Metadata.Namespace);
        var phase = status.Abort == true && updating ? $"{style.Status(status.Phase)} ({style.Status("aborted")})" : style.Status(status.Phase ?? "Unknown");
        Field(text, "Status", string.IsNullOrEmpty(status.Message) ? phase : $"{phase} - {status.Message}");
        if (rollout.Metadata.Generation is { } generation && status.ObservedGeneration is { } observed && observed < generation)
        {
            Field(text, "", string.Create(CultureInfo.InvariantCulture, $"(the operator has not seen generation {generation} yet; status is of generation {observed})"));
        }

        Field(text, "Strategy", canary is not null ? "Canary" : blueGreen is not null ? "BlueGreen" : "none");
        if (blueGreen is not null)
        {
            BlueGreenFields(text, rollout.Metadata.Name ?? "", blueGreen, status);
        }

        if (steps.Count > 0)
        {
            var index = status.CurrentStepIndex ?? 0;
            Field(text, "  Step", index >= steps.Count
                ? string.Create(CultureInfo.InvariantCulture, $"{steps.Count}/{steps.Count} (all done)")
                : string.Create(CultureInfo.InvariantCulture, $"{index + 1}/{steps.Count}"));
        }

        if (status.Canary?.Weights is { } weights)
        {
            var verified = weights.Verified switch { true => ", verified", false => ", not verified", null => "" };
            Field(text, "  Weights", string.Create(CultureInfo.InvariantCulture,
                $"canary {weights.Canary?.Weight ?? 0}% -> {weights.Canary?.ServiceName ?? "-"}, stable {weights.Stable?.Weight ?? 0}% -> {weights.Stable?.ServiceName ?? "-"}{verified}"));
        }

        if (canary?.TrafficRouting is { } routing)
        {
            Field(text, "  Router", RouterText(routing, rollout.Metadata.Namespace));
        }

        if (canary is not null && updating && status.Abort != true &&
            HeaderRoute.At(canary, status.CurrentStepIndex ?? 0) is { Count: > 0 } headers)
        {
            Field(text, "  Headers", string.Join("; ", headers.Select(h => $"{h.Name}: {h.Describe()} -> {canary.CanaryService ?? "-"}")));
        }

        var images = ImagesBySide(family, status, desiredHash);
        for (var i = 0; i < images.Count; i++)
        {
            Field(text, i == 0 ? "Images" : "", images[i]);
        }

        Field(text, "Replicas", string.Create(CultureInfo.InvariantCulture,
            $"desired {spec.Replicas ?? RolloutDefaults.Replicas}, current {status.Replicas ?? 0}, updated {status.UpdatedReplicas ?? 0}, ready {status.ReadyReplicas ?? 0}, available {status.AvailableReplicas ?? 0}"));
        foreach (var pause in status.PauseConditions ?? [])
        {
            Field(text, "Paused", $"{pause.Reason} for {Ages.Since(pause.StartTime, now)}");
        }

        if (spec.Paused == true)
        {
            Field(text, "Paused", "spec.paused is true (kubectl rollouts resume)");
        }

        if (steps.Count > 0)
        {
            text.Append('\n').Append(style.Bold("Steps:")).Append('\n');
            var current = updating ? status.CurrentStepIndex ?? 0 : steps.Count;
            for (var i = 0; i < steps.Count; i++)
            {
                var mark = i < current ? "done" : i == current ? "current" : "";
                var pointer = i == current ? (style.Glyphs ? "▶" : ">") : " ";
                var line = string.Create(CultureInfo.InvariantCulture, $"  {pointer} {i + 1,2}. {StepText.Of(steps[i]),-32}");
                text.Append(line).Append(i == current ? style.Status("Paused" == status.Phase ? "Paused" : "Progressing") : style.Dim(mark)).Append('\n');
            }
        }

        if (canary?.Analysis is { } background)
        {
            Field(text, "Background", string.Create(CultureInfo.InvariantCulture,
                $"analysis {StepText.Templates(background)} from step {(background.StartingStep ?? 0) + 1}"));
        }

        text.Append('\n');
        Tree(family, status, now, style).Write(text, style);

        var history = status.History ?? [];
        if (history.Count > 0)
        {
            text.Append('\n').Append(style.Bold("History:")).Append('\n');
            foreach (var decision in history.TakeLast(HistoryShown))
            {
                var who = decision.User is null ? "" : $" by {decision.User}";
                text.Append(CultureInfo.InvariantCulture, $"  {Ages.Since(decision.Time, now),4} ago  {decision.Action}{who}: {decision.Message}").Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>"nginx ingress web", "HTTPRoute web (gatewayAPI)", "HTTPRoutes web, api in edge (argoproj-labs/gatewayAPI)".</summary>
    private static string RouterText(RolloutTrafficRouting routing, string? rolloutNamespace)
    {
        if (routing.Nginx is { } nginx)
        {
            var names = NginxCanaryIngress.StableIngressNames(nginx);
            return $"nginx ingress{(names.Count == 1 ? "" : "es")} {string.Join(", ", names)}";
        }

        if (GatewayApiTrafficRouting.Of(routing) is { } gateway)
        {
            var names = gateway.RouteNames();
            var ns = gateway.RouteNamespace(rolloutNamespace);
            var form = routing.GatewayApi is not null ? "gatewayAPI" : GatewayApiTrafficRouting.PluginName;
            return $"HTTPRoute{(names.Count == 1 ? "" : "s")} {string.Join(", ", names)}{(ns == rolloutNamespace ? "" : $" in {ns}")} ({form})";
        }

        return "none";
    }

    private static TreeNode Tree(RolloutFamily family, RolloutStatus status, DateTimeOffset now, TextStyle style)
    {
        var revisions = Revisions.Of(family.ReplicaSets, family.Rollout.Status);
        var children = new List<TreeNode>();
        foreach (var revision in revisions.Reverse())
        {
            var rs = revision.ReplicaSet;
            var role = Role(family.Rollout, status, revision.Hash);
            var counts = rs.Status is { } s
                ? string.Create(CultureInfo.InvariantCulture, $"{s.ReadyReplicas ?? 0}/{rs.Spec?.Replicas ?? 0} ready, {s.AvailableReplicas ?? 0} available")
                : string.Create(CultureInfo.InvariantCulture, $"0/{rs.Spec?.Replicas ?? 0} ready");
            var nodes = new List<TreeNode>
            {
                new($"{rs.Metadata.Name} (ReplicaSet)  {style.Status(role)}  {counts}  {Revisions.Images(rs.Spec?.Template)}  {Ages.Since(rs.Metadata.CreationTimestamp, now)}"),
            };
            nodes.AddRange(family.AnalysisRuns
                .Where(run => run.Metadata.Labels?.GetValueOrDefault(RolloutLabels.PodTemplateHash) == revision.Hash)
                .OrderBy(run => run.Metadata.CreationTimestamp ?? DateTimeOffset.MinValue)
                .Select(run => RunNode(run, now, style)));
            children.Add(new TreeNode(string.Create(CultureInfo.InvariantCulture, $"revision {revision.Number}"), nodes));
        }

        var unmatched = family.AnalysisRuns.Where(run => !revisions.Any(r => r.Hash == run.Metadata.Labels?.GetValueOrDefault(RolloutLabels.PodTemplateHash)));
        children.AddRange(unmatched.Select(run => RunNode(run, now, style)));
        return new TreeNode($"{family.Rollout.Metadata.Name} (Rollout)  {style.Status(family.Rollout.Status?.Phase ?? "Unknown")}", children);
    }

    private static TreeNode RunNode(AnalysisRun run, DateTimeOffset now, TextStyle style)
    {
        var metrics = (run.Status?.MetricResults ?? []).Select(metric =>
        {
            var last = metric.Measurements is { Count: > 0 } measured ? measured[^1] : null;
            var value = last is null ? "no measurement yet" : $"last {last.Value ?? "-"} {style.Status(last.Phase)}";
            var counts = string.Create(CultureInfo.InvariantCulture,
                $"{metric.Successful ?? 0} ok, {metric.Failed ?? 0} failed, {metric.Inconclusive ?? 0} inconclusive, {metric.Error ?? 0} errors");
            var message = last?.Message is { Length: > 0 } m ? $": {m}" : "";
            return new TreeNode($"{metric.Name}  {style.Status(metric.Phase ?? "Pending")}  {value} ({counts}){message}");
        }).ToList();
        var phase = run.Status?.Phase ?? AnalysisPhase.Pending;
        var runMessage = run.Status?.Message is { Length: > 0 } text ? $" - {text}" : "";
        return new TreeNode($"{run.Metadata.Name} (AnalysisRun)  {style.Status(phase)}{runMessage}  {Ages.Since(run.Metadata.CreationTimestamp, now)}", metrics);
    }

    private static List<string> ImagesBySide(RolloutFamily family, RolloutStatus status, string? desiredHash)
    {
        var lines = new List<string>();
        foreach (var rs in family.ReplicaSets.OrderByDescending(r => r.Metadata.CreationTimestamp ?? DateTimeOffset.MinValue))
        {
            var hash = rs.Metadata.Labels?.GetValueOrDefault(RolloutLabels.PodTemplateHash);
            var blueGreen = family.Rollout.Spec?.Strategy?.BlueGreen is not null;
            var side = hash == status.StableRS ? "stable" : hash == desiredHash ? (blueGreen ? "preview" : "canary") : null;
            if (side is not null && (rs.Spec?.Replicas ?? 0) > 0)
            {
                lines.Add($"{Revisions.Images(rs.Spec?.Template)} ({side})");
            }
        }

        if (lines.Count == 0)
        {
            lines.Add(Revisions.Images(family.Rollout.Spec?.Template));
        }

        return lines;
    }

    /// <summary>The services of a blue-green Rollout with the ReplicaSets they select, its promotion settings and analyses.</summary>
    private static void BlueGreenFields(StringBuilder text, string name, BlueGreenStrategy blueGreen, RolloutStatus status)
    {
        string Selected(string? hash) => hash is null ? "-" : OwnedName(name, hash);
        Field(text, "  Active", $"{blueGreen.ActiveService} -> {Selected(status.BlueGreen?.ActiveSelector)}");
        if (blueGreen.PreviewService is { } preview)
        {
            Field(text, "  Preview", $"{preview} -> {Selected(status.BlueGreen?.PreviewSelector)}");
        }

        var promotion = blueGreen.AutoPromotionEnabled == false ? "manual (kubectl rollouts promote)"
            : blueGreen.AutoPromotionSeconds is > 0 and var seconds ? string.Create(CultureInfo.InvariantCulture, $"automatic after {seconds}s")
            : "automatic";
        Field(text, "  Promotion", promotion);
        foreach (var (label, analysis, run) in new[]
        {
            ("  Pre", blueGreen.PrePromotionAnalysis, status.BlueGreen?.PrePromotionAnalysisRunStatus),
            ("  Post", blueGreen.PostPromotionAnalysis, status.BlueGreen?.PostPromotionAnalysisRunStatus),
        })
        {
            if (analysis is not null)
            {
                var state = run is null ? "" : $" - {run.Name} {run.Status ?? AnalysisPhase.Pending}";
                Field(text, label, $"analysis {StepText.Templates(analysis)}{state}");
            }
        }
    }

    /// <summary>stable and canary; for blue-green, stable, active and preview (a ReplicaSet may hold several); else old.</summary>
    private static string Role(Rollout rollout, RolloutStatus status, string? hash)
    {
        if (rollout.Spec?.Strategy?.BlueGreen is null)
        {
            return hash == status.StableRS ? "stable" : hash == status.CurrentPodHash ? "canary" : "old";
        }

        var roles = new List<string>();
        if (hash == status.StableRS)
        {
            roles.Add("stable");
        }

        if (hash == status.BlueGreen?.ActiveSelector)
        {
            roles.Add("active");
        }

        if (hash == status.BlueGreen?.PreviewSelector && hash != status.BlueGreen?.ActiveSelector)
        {
            roles.Add("preview");
        }

        return roles.Count > 0 ? string.Join(",", roles) : "old";
    }

    private static string OwnedName(string rollout, string hash) => $"{rollout}-{hash}";

    private static void Field(StringBuilder text, string label, string? value) =>
        text.Append(label.Length == 0 ? new string(' ', 14) : (label + ":").PadRight(14)).Append(value ?? "").Append('\n');
}
