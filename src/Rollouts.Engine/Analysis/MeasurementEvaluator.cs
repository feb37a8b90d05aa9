using Rollouts.Api.Analysis;
using Rollouts.Engine.Conditions;
using Rollouts.Engine.Judge;
using Rollouts.Engine.Providers;

namespace Rollouts.Engine.Analysis;

/// <summary>
/// Turns what a provider answered into one measurement of a metric. Pure: the operator asks the provider and
/// passes the outcome in.
/// <list type="bullet">
/// <item>A provider error is an Error measurement with the provider's message.</item>
/// <item>No data is what <c>missingData.empty</c> says, NaN (every value NaN) what <c>missingData.nan</c> says;
/// both default to Inconclusive. Missing data is never Successful.</item>
/// <item>Otherwise the failureCondition is evaluated first (true: Failed), then the successCondition (true:
/// Successful), else Inconclusive. With only a successCondition, false is Failed; with only a failureCondition,
/// false is Successful; with neither, any data is Successful.</item>
/// <item>A condition that cannot be evaluated (or parsed) is an Error naming the condition.</item>
/// </list>
/// </summary>
public static class MeasurementEvaluator
{
    public static Measurement Evaluate(Metric metric, ProviderOutcome outcome, DateTimeOffset startedAt, DateTimeOffset finishedAt)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(outcome);
        var measurement = new Measurement { StartedAt = startedAt, FinishedAt = finishedAt };
        if (outcome.Result is not { } result)
        {
            return measurement with { Phase = AnalysisPhase.Error, Message = outcome.ErrorMessage ?? "the provider returned no result" };
        }

        var value = MeasurementRecording.Bound(ResultValue.Render(result), MeasurementRecording.MaxValueLength);
        measurement = measurement with { Value = value };
        switch (ResultValue.ShapeOf(result))
        {
            case ResultValue.Shape.Empty:
                var empty = metric.MissingData?.Empty ?? AnalysisDefaults.MissingDataEmpty;
                return measurement with { Phase = MissingPhase(empty), Message = $"the query returned no data; missingData.empty makes this {MissingPhase(empty)}" };
            case ResultValue.Shape.AllNaN:
                var nan = metric.MissingData?.Nan ?? AnalysisDefaults.MissingDataNan;
                return measurement with { Phase = MissingPhase(nan), Message = $"the result is NaN; missingData.nan makes this {MissingPhase(nan)}" };
        }

        return Decide(metric, ResultValue.Of(result), measurement);
    }

    /// <summary>
    /// A judge metric's measurement from the judge's verdict: Pass is Successful, Fail is Failed, Marginal and
    /// Inconclusive are Inconclusive. The value is the score; the message the judge's reason.
    /// </summary>
    public static Measurement FromJudge(JudgeResult judgement, DateTimeOffset startedAt, DateTimeOffset finishedAt)
    {
        ArgumentNullException.ThrowIfNull(judgement);
        var phase = judgement.Verdict switch
        {
            JudgeVerdict.Pass => AnalysisPhase.Successful,
            JudgeVerdict.Fail => AnalysisPhase.Failed,
            _ => AnalysisPhase.Inconclusive,
        };
        return new Measurement
        {
            Phase = phase,
            Value = ConditionValue.Number(Math.Round(judgement.Score, 2)).ToString(),
            Message = MeasurementRecording.Bound($"{judgement.Verdict}: {judgement.Reason}", MeasurementRecording.MaxMessageLength),
            StartedAt = startedAt,
            FinishedAt = finishedAt,
        };
    }

    private static Measurement Decide(Metric metric, ConditionValue result, Measurement measurement)
    {
        var success = metric.SuccessCondition;
        var failure = metric.FailureCondition;
        var hasSuccess = !string.IsNullOrWhiteSpace(success);
        var hasFailure = !string.IsNullOrWhiteSpace(failure);
        if (hasFailure)
        {
            if (!TryEvaluate("failureCondition", failure!, result, out var failed, out var error))
            {
                return measurement with { Phase = AnalysisPhase.Error, Message = error };
            }

            if (failed)
            {
                return measurement with { Phase = AnalysisPhase.Failed, Message = $"failureCondition \"{failure}\" is true" };
            }

            if (!hasSuccess)
            {
                return measurement with { Phase = AnalysisPhase.Successful };
            }
        }

        if (!hasSuccess)
        {
            return measurement with { Phase = AnalysisPhase.Successful };
        }

        if (!TryEvaluate("successCondition", success!, result, out var succeeded, out var successError))
        {
            return measurement with { Phase = AnalysisPhase.Error, Message = successError };
        }

        if (succeeded)
        {
            return measurement with { Phase = AnalysisPhase.Successful };
        }

        return hasFailure
            ? measurement with { Phase = AnalysisPhase.Inconclusive, Message = "neither successCondition nor failureCondition is true" }
            : measurement with { Phase = AnalysisPhase.Failed, Message = $"successCondition \"{success}\" is false" };
    }

    private static bool TryEvaluate(string field, string text, ConditionValue result, out bool value, out string? error)
    {
        value = false;
        if (!ConditionExpression.TryParse(text, out var expression, out var syntax))
        {
            error = $"{field} \"{text}\" is not valid: {syntax.Message}";
            return false;
        }

        switch (expression.Evaluate(result))
        {
            case ConditionResult.OkResult ok:
                value = ok.Value;
                error = null;
                return true;
            case ConditionResult.ErrorResult failed:
                error = $"{field} \"{text}\" could not be evaluated: {failed.Message}";
                return false;
            default:
                error = $"{field} \"{text}\" could not be evaluated";
                return false;
        }
    }

    /// <summary>A missing-data rule as a phase; Successful (refused by validation) is read as Inconclusive.</summary>
    private static string MissingPhase(string rule) =>
        rule is AnalysisPhase.Failed or AnalysisPhase.Error ? rule : AnalysisPhase.Inconclusive;
}
