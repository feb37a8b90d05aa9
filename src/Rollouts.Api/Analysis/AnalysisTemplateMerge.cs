using Rollouts.Api.Common;
using static Rollouts.Api.Common.FieldErrors;

namespace Rollouts.Api.Analysis;

/// <summary>A template as a Rollout names it: its kind and name (for messages) and its spec.</summary>
public sealed record NamedAnalysisTemplate(string Kind, string Name, AnalysisTemplateSpec Spec)
{
    public static NamedAnalysisTemplate From(AnalysisTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return new(template.Kind, template.Metadata.Name ?? "", template.Spec ?? new AnalysisTemplateSpec());
    }

    public static NamedAnalysisTemplate From(ClusterAnalysisTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return new(template.Kind, template.Metadata.Name ?? "", template.Spec ?? new AnalysisTemplateSpec());
    }

    /// <summary>How messages name the template: <c>AnalysisTemplate "success-rate"</c>.</summary>
    public override string ToString() => $"{Kind} \"{Name}\"";
}

/// <summary>The spec of a run made from several templates, or why it cannot be made.</summary>
public sealed record AnalysisMergeResult(AnalysisRunSpec? Spec, IReadOnlyList<ValidationError> Errors)
{
    public bool Succeeded => Spec is not null;
}

/// <summary>
/// Merges the templates an analysis block names into one run spec. Metrics, dry-run and retention entries are
/// concatenated in template order; a metric name in two templates is an error. Arguments are merged by name:
/// a template's value is a default, a value passed by the Rollout overrides it, and two templates giving one
/// argument different values is an error. An argument left without a value, or passed by the Rollout but
/// declared by no template, is reported. Templates are assumed valid on their own (<see cref="AnalysisValidation"/>).
/// </summary>
public static class AnalysisTemplateMerge
{
    /// <param name="templates">The templates, in the order the analysis block lists them.</param>
    /// <param name="args">The arguments the Rollout passes (see <see cref="AnalysisArgument.FromRollout"/>).</param>
    /// <param name="argsPath">Where those arguments are written, for error paths, e.g. <c>spec.strategy.canary.steps[2].analysis.args</c>.</param>
    public static AnalysisMergeResult Merge(IReadOnlyList<NamedAnalysisTemplate> templates, IReadOnlyList<AnalysisArgument> args, string argsPath = "args")
    {
        ArgumentNullException.ThrowIfNull(templates);
        ArgumentNullException.ThrowIfNull(args);
        var errors = new FieldErrors();
        if (templates.Count == 0)
        {
            errors.Required("templates", "an analysis needs at least one template");
            return new(null, errors.ToList());
        }

        var metrics = new List<Metric>();
        var owners = new Dictionary<string, NamedAnalysisTemplate>(StringComparer.Ordinal);
        foreach (var template in templates)
        {
            var list = template.Spec.Metrics ?? [];
            for (var i = 0; i < list.Count; i++)
            {
                var name = list[i].Name ?? "";
                if (owners.TryGetValue(name, out var first))
                {
                    errors.Add($"{Prefix(template)}.spec.metrics[{i}].name", ValidationReason.Conflict,
                        $"metric \"{name}\" is in both {first} and {template}; metric names must be unique across the templates of one analysis");
                    continue;
                }

                owners[name] = template;
                metrics.Add(list[i]);
            }
        }

        var merged = MergeArgs(templates, args, argsPath, errors);
        var result = errors.ToList();
        if (result.Count > 0)
        {
            return new(null, result);
        }

        var spec = new AnalysisRunSpec
        {
            Args = merged.Count > 0 ? merged : null,
            Metrics = metrics,
            DryRun = Concat(templates.Select(t => t.Spec.DryRun)),
            MeasurementRetention = Concat(templates.Select(t => t.Spec.MeasurementRetention)),
            Judge = templates.Select(t => t.Spec.Judge).FirstOrDefault(j => j is not null),
        };
        return new(spec, []);
    }

    private static List<AnalysisArgument> MergeArgs(IReadOnlyList<NamedAnalysisTemplate> templates, IReadOnlyList<AnalysisArgument> args, string argsPath, FieldErrors errors)
    {
        var merged = new List<AnalysisArgument>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var from = new Dictionary<string, NamedAnalysisTemplate>(StringComparer.Ordinal);
        foreach (var template in templates)
        {
            var declared = template.Spec.Args ?? [];
            for (var i = 0; i < declared.Count; i++)
            {
                var arg = declared[i];
                var name = arg.Name ?? "";
                if (!index.TryGetValue(name, out var at))
                {
                    index[name] = merged.Count;
                    from[name] = template;
                    merged.Add(arg);
                    continue;
                }

                var earlier = merged[at];
                if (HasValue(earlier) && HasValue(arg) && (earlier.Value != arg.Value || earlier.ValueFrom != arg.ValueFrom))
                {
                    errors.Add($"{Prefix(template)}.spec.args[{i}]", ValidationReason.Conflict,
                        $"argument \"{name}\" has one value in {from[name]} and another in {template}; give it one value, or pass it from the Rollout");
                }
                else if (!HasValue(earlier) && HasValue(arg))
                {
                    merged[at] = arg;
                }
            }
        }

        var passed = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var path = Index(argsPath, i);
            AnalysisValidation.ValidateArg(args[i], path, needsValue: true, passed, errors);
            var name = args[i].Name ?? "";
            if (index.TryGetValue(name, out var at))
            {
                merged[at] = new AnalysisArgument { Name = name, Value = args[i].Value, ValueFrom = args[i].ValueFrom };
            }
            else if (name.Length > 0)
            {
                var suggestion = NameSuggestion.Nearest(name, index.Keys);
                var hint = suggestion is null ? "" : $" (did you mean \"{suggestion}\"?)";
                errors.Add(Child(path, "name"), ValidationReason.Invalid,
                    $"argument \"{name}\" is passed but no template declares it{hint}; declared: {(index.Count == 0 ? "none" : string.Join(", ", index.Keys))}");
            }
        }

        foreach (var arg in merged.Where(a => !HasValue(a)))
        {
            errors.Required(argsPath,
                $"argument \"{arg.Name}\" of {from[arg.Name ?? ""]} has no value; pass it: args: [{{name: {arg.Name}, value: ...}}]");
        }

        return merged;
    }

    private static bool HasValue(AnalysisArgument arg) => arg.Value is not null || arg.ValueFrom is not null;

    private static string Prefix(NamedAnalysisTemplate template) => $"{template.Kind.ToLowerInvariant()}s/{template.Name}";

    private static T[]? Concat<T>(IEnumerable<IReadOnlyList<T>?> lists)
    {
        var all = lists.SelectMany(l => l ?? []).ToArray();
        return all.Length > 0 ? all : null;
    }
}
