using Rollouts.Sandbox.Demo;

namespace Rollouts.Operator.Tests.Support;

/// <summary>
/// samples/canary-analysis.yaml and samples/canary-judge.yaml as a test applies them: the same objects, with the
/// delays, intervals and rate windows made short enough for a test (Prometheus scrapes the sandbox every second).
/// Each change checks that the text it replaces is there, so a changed sample fails here rather than silently
/// testing something else.
/// </summary>
internal sealed record AnalysisSample
{
    /// <summary>Keep the background analysis of samples/canary-analysis.yaml.</summary>
    public bool Background { get; init; } = true;

    /// <summary>Replace the analysis steps of samples/canary-analysis.yaml by pauses until promoted.</summary>
    public bool StepAnalysesAsPauses { get; init; }

    /// <summary>The success rate below which a measurement fails (0.9 in the sample).</summary>
    public string FailureBelow { get; init; } = "0.9";

    /// <summary>
    /// An error rate from which a measurement of the background analysis fails; null keeps the sample's (none: every
    /// measurement that does not succeed fails). With one, a rate between the two conditions is Inconclusive.
    /// </summary>
    public string? BackgroundFailureFrom { get; init; }

    public string CanaryAnalysisYaml()
    {
        var text = File.ReadAllText(RepositoryFiles.Sample("canary-analysis.yaml"));
        text = DemoSample.Replace(text, "    initialDelay: 30s\n    interval: 30s\n    count: 3\n", "    initialDelay: 10s\n    interval: 2s\n    count: 3\n");
        text = DemoSample.Replace(text, "    initialDelay: 30s\n    interval: 30s\n    failureLimit: 1\n", "    initialDelay: 10s\n    interval: 2s\n    failureLimit: 1\n");
        text = DemoSample.Replace(text, "[1m]", "[20s]");
        text = DemoSample.Replace(text, "    failureCondition: result[0] < 0.9\n", $"    failureCondition: result[0] < {FailureBelow}\n");
        text = DemoSample.Replace(text, "  replicas: 5\n", "  replicas: 5\n  progressDeadlineSeconds: 60\n");
        text = DemoSample.Replace(text, "      canaryService: web-canary\n",
            "      canaryService: web-canary\n      scaleDownDelaySeconds: 1\n      abortScaleDownDelaySeconds: 1\n");
        if (!Background)
        {
            text = DemoSample.Replace(text, "      analysis:\n        templates: [{templateName: error-rate-watch}]\n        startingStep: 1\n        args: [{name: ingress, value: web}]\n", "");
        }

        if (BackgroundFailureFrom is { } from)
        {
            text = DemoSample.Replace(text, "    successCondition: result[0] <= 0.1\n",
                $"    successCondition: result[0] <= 0.1\n    failureCondition: result[0] >= {from}\n");
        }

        if (StepAnalysesAsPauses)
        {
            text = DemoSample.Replace(text, "      - analysis:\n          templates: [{templateName: success-rate}]\n          args: [{name: ingress, value: web}]\n", "      - pause: {}\n");
        }

        return text;
    }

    public static string CanaryJudgeYaml()
    {
        var text = File.ReadAllText(RepositoryFiles.Sample("canary-judge.yaml"));
        text = DemoSample.Replace(text, "    initialDelay: 5m\n", "    initialDelay: 16s\n");
        text = DemoSample.Replace(text, "        lookback: 5m\n        step: 15s\n", "        lookback: 12s\n        step: 1s\n");
        text = DemoSample.Replace(text, "[1m]", "[3s]");
        text = DemoSample.Replace(text, "      canaryService: web-canary\n",
            "      canaryService: web-canary\n      scaleDownDelaySeconds: 1\n      abortScaleDownDelaySeconds: 1\n");
        return text;
    }
}
