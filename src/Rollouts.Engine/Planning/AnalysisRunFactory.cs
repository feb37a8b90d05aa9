using System.Globalization;
using System.Text.RegularExpressions;
using Rollouts.Api.Analysis;
using Rollouts.Api.Rollouts;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Planning;

/// <summary>The AnalysisRun for one analysis of a Rollout, or, when it cannot be made, why (for the status and an event).</summary>
public sealed record AnalysisRunBuild(AnalysisRun? Run, string? Problem)
{
    public bool Succeeded => Run is not null;
}

/// <summary>
/// Builds the AnalysisRun of one analysis of a Rollout (an analysis step or the background analysis) from the
/// templates it names and the arguments it passes: deterministic name, the Rollout's namespace, labels that say
/// which analysis it is (<see cref="AnalysisRunKey.Labels"/>), a controller reference to the Rollout, and the
/// merged spec. Arguments taken from the Rollout (fieldRef) or from a pod-template hash (podTemplateHashValue)
/// become plain values here; a secretKeyRef stays a reference, read by the operator when it measures.
/// </summary>
public static partial class AnalysisRunFactory
{
    /// <summary>The longest name Kubernetes accepts for an AnalysisRun (a DNS subdomain).</summary>
    public const int MaxNameLength = 253;

    /// <summary>
    /// <c>&lt;rollout&gt;-&lt;hash&gt;-&lt;step index&gt;</c>, <c>&lt;rollout&gt;-&lt;hash&gt;-background</c>, <c>-pre-promotion</c> or <c>-post-promotion</c>, with
    /// <c>-attempt-&lt;n&gt;</c> after from the second try on; the Rollout's name is shortened when the whole would pass
    /// <see cref="MaxNameLength"/>.
    /// </summary>
    public static string NameFor(string rollout, AnalysisRunKey key)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        ArgumentNullException.ThrowIfNull(key);
        var which = key.StepIndex is { } step ? step.ToString(CultureInfo.InvariantCulture) : key.PromotionKind ?? AnalysisLabels.BackgroundKind;
        var attempt = key.Attempt > 1 ? string.Create(CultureInfo.InvariantCulture, $"-attempt-{key.Attempt}") : "";
        var tail = $"-{key.PodTemplateHash}-{which}{attempt}";
        var head = rollout.Length + tail.Length <= MaxNameLength ? rollout : rollout[..Math.Max(0, MaxNameLength - tail.Length)].TrimEnd('-', '.');
        return head + tail;
    }

    /// <param name="rollout">The Rollout the run is for.</param>
    /// <param name="key">Which analysis: canary hash, step (null: background), try.</param>
    /// <param name="analysis">The analysis block: the step's, or strategy.canary.analysis.</param>
    /// <param name="path">Where that block is written, for messages, e.g. <c>spec.strategy.canary.steps[2].analysis</c>.</param>
    /// <param name="templates">The templates that exist among those the Rollout names.</param>
    /// <param name="stableHash">The stable pods' hash, for podTemplateHashValue: Stable.</param>
    public static AnalysisRunBuild Create(
        Rollout rollout, AnalysisRunKey key, RolloutAnalysis analysis, string path, IReadOnlyList<NamedAnalysisTemplate> templates, string stableHash)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(templates);

        var found = new List<NamedAnalysisTemplate>();
        var missing = new List<string>();
        var references = analysis.Templates ?? [];
        for (var i = 0; i < references.Count; i++)
        {
            var kind = references[i].ClusterScope == true ? "ClusterAnalysisTemplate" : "AnalysisTemplate";
            var name = references[i].TemplateName ?? "";
            var template = templates.FirstOrDefault(t => t.Kind == kind && t.Name == name);
            if (template is null)
            {
                var where = kind == "AnalysisTemplate" ? $" in namespace {rollout.Metadata.Namespace}" : "";
                missing.Add($"{kind} \"{name}\" ({path}.templates[{i}].templateName) does not exist{where}");
            }
            else
            {
                found.Add(template);
            }
        }

        if (missing.Count > 0)
        {
            return new(null, string.Join("; ", missing));
        }

        var passed = (analysis.Args ?? []).Select(AnalysisArgument.FromRollout).ToList();
        var merged = AnalysisTemplateMerge.Merge(found, passed, $"{path}.args");
        if (merged.Spec is not { } spec)
        {
            return new(null, string.Join("; ", merged.Errors));
        }

        var args = new List<AnalysisArgument>();
        var problems = new List<string>();
        foreach (var arg in spec.Args ?? [])
        {
            var index = passed.FindIndex(p => p.Name == arg.Name);
            var where = index >= 0 ? $"{path}.args[{index}].valueFrom" : $"argument \"{arg.Name}\" of the templates";
            args.Add(Resolve(arg, rollout, key.PodTemplateHash, stableHash, where, problems));
        }

        if (problems.Count > 0)
        {
            return new(null, string.Join("; ", problems));
        }

        return new(new AnalysisRun
        {
            Metadata = new ObjectMeta
            {
                Name = NameFor(rollout.Metadata.Name ?? "", key),
                Namespace = rollout.Metadata.Namespace,
                Labels = WithInstance(key.Labels(), rollout),
                OwnerReferences = [RolloutOwnership.ControllerReference(rollout)],
            },
            Spec = spec with { Args = args.Count > 0 ? args : null },
        }, null);
    }

    /// <summary>The value of a fieldRef path on the Rollout, or null with <paramref name="problem"/> set.</summary>
    public static string? FieldValue(Rollout rollout, string fieldPath, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        ArgumentNullException.ThrowIfNull(fieldPath);
        problem = null;
        switch (fieldPath.Trim())
        {
            case "metadata.name":
                return rollout.Metadata.Name ?? "";
            case "metadata.namespace":
                return rollout.Metadata.Namespace ?? "";
        }

        var match = MapField().Match(fieldPath.Trim());
        if (!match.Success)
        {
            problem = $"fieldRef \"{fieldPath}\" is not supported; use metadata.name, metadata.namespace, metadata.labels['key'] or metadata.annotations['key']";
            return null;
        }

        var map = match.Groups["map"].Value;
        var key = match.Groups["key"].Value;
        var values = map == "labels" ? rollout.Metadata.Labels : rollout.Metadata.Annotations;
        if (values?.TryGetValue(key, out var value) == true)
        {
            return value;
        }

        problem = $"fieldRef \"{fieldPath}\": the Rollout has no {(map == "labels" ? "label" : "annotation")} '{key}'";
        return null;
    }

    private static AnalysisArgument Resolve(AnalysisArgument arg, Rollout rollout, string canaryHash, string stableHash, string where, List<string> problems)
    {
        if (arg.ValueFrom is not { } from || from.SecretKeyRef is not null)
        {
            return arg;
        }

        if (from.PodTemplateHashValue is { } which)
        {
            switch (which)
            {
                case PodTemplateHashValue.Stable:
                    return new AnalysisArgument { Name = arg.Name, Value = stableHash };
                case PodTemplateHashValue.Latest:
                    return new AnalysisArgument { Name = arg.Name, Value = canaryHash };
                default:
                    problems.Add($"{where}.podTemplateHashValue: \"{which}\" is not Stable or Latest");
                    return arg;
            }
        }

        if (from.FieldRef?.FieldPath is { } fieldPath)
        {
            if (FieldValue(rollout, fieldPath, out var problem) is { } value)
            {
                return new AnalysisArgument { Name = arg.Name, Value = value };
            }

            problems.Add($"{where}.fieldRef.fieldPath: {problem}");
            return arg;
        }

        problems.Add($"{where}: argument \"{arg.Name}\" has a valueFrom with no source; give secretKeyRef, fieldRef or podTemplateHashValue");
        return arg;
    }

    [GeneratedRegex("""^metadata\.(?<map>labels|annotations)\[\s*(?<q>['"])(?<key>[^'"]+)\k<q>\s*\]$""")]
    private static partial Regex MapField();

    /// <summary>The run carries its Rollout's <see cref="InstanceIdLabel"/>, so it is measured by the same operator instance.</summary>
    private static Dictionary<string, string> WithInstance(IReadOnlyDictionary<string, string> labels, Rollout rollout)
    {
        var all = new Dictionary<string, string>(labels, StringComparer.Ordinal);
        if (rollout.Metadata.Labels?.GetValueOrDefault(InstanceIdLabel) is { } instance)
        {
            all[InstanceIdLabel] = instance;
        }

        return all;
    }

    /// <summary>The label that assigns a Rollout, and its AnalysisRuns, to one operator instance (<c>--instance-id</c>).</summary>
    public const string InstanceIdLabel = "rollouts.dev/instance-id";
}
