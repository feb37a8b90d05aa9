using Rollouts.Api.Analysis;
using Rollouts.Api.Common;
using Rollouts.Engine.Conditions;

namespace Rollouts.Engine.Analysis;

/// <summary>
/// Every problem in an analysis as a user wrote it, for applying and for <c>lint</c>: what
/// <see cref="AnalysisValidation"/> reports, and every successCondition and failureCondition that does not parse,
/// at its field path with the position of the problem in the message.
/// </summary>
public static class AnalysisLint
{
    public static IReadOnlyList<ValidationError> Check(AnalysisTemplateSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Combine(AnalysisValidation.Validate(new AnalysisTemplate { Spec = spec }), spec);
    }

    public static IReadOnlyList<ValidationError> Check(AnalysisTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return Combine(AnalysisValidation.Validate(template), template.Spec);
    }

    public static IReadOnlyList<ValidationError> Check(ClusterAnalysisTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return Combine(AnalysisValidation.Validate(template), template.Spec);
    }

    public static IReadOnlyList<ValidationError> Check(AnalysisRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var spec = run.Spec is { } s ? new AnalysisTemplateSpec { Metrics = s.Metrics } : null;
        return Combine(AnalysisValidation.Validate(run), spec);
    }

    /// <summary>The syntax errors of <paramref name="spec"/>'s conditions only, at paths under <paramref name="path"/>.</summary>
    public static IReadOnlyList<ValidationError> CheckConditions(AnalysisTemplateSpec spec, string path = "spec")
    {
        ArgumentNullException.ThrowIfNull(spec);
        var errors = new List<ValidationError>();
        foreach (var condition in AnalysisValidation.ConditionsOf(spec, path))
        {
            if (!ConditionExpression.TryParse(condition.Expression, out _, out var error))
            {
                errors.Add(new ValidationError(condition.Field, ValidationReason.InvalidFormat,
                    $"\"{condition.Expression}\" is not a valid condition: {error.Message}"));
            }
        }

        return errors;
    }

    private static IReadOnlyList<ValidationError> Combine(IReadOnlyList<ValidationError> errors, AnalysisTemplateSpec? spec) =>
        spec is null ? errors : [.. errors, .. CheckConditions(spec)];
}
