using Rollouts.Sandbox.Demo;

namespace Rollouts.Operator.Tests.Support;

/// <summary>
/// samples/bluegreen.yaml as a test applies it: the same objects, with delays, intervals and rate windows made
/// short enough for a test (Prometheus scrapes the sandbox every second), and the analyses left out unless asked
/// for. Each change checks that the text it replaces is there, so a changed sample fails here rather than silently
/// testing something else.
/// </summary>
internal sealed record BlueGreenSample
{
    /// <summary>Keep prePromotionAnalysis.</summary>
    public bool PrePromotionAnalysis { get; init; }

    /// <summary>Keep postPromotionAnalysis.</summary>
    public bool PostPromotionAnalysis { get; init; }

    /// <summary>autoPromotionEnabled (false in the sample).</summary>
    public bool AutoPromotion { get; init; }

    /// <summary>autoPromotionSeconds, when set (needs <see cref="AutoPromotion"/>).</summary>
    public int? AutoPromotionSeconds { get; init; }

    /// <summary>scaleDownDelaySeconds (30 in the sample).</summary>
    public int ScaleDownDelaySeconds { get; init; } = 2;

    /// <summary>abortScaleDownDelaySeconds (30 by default).</summary>
    public int AbortScaleDownDelaySeconds { get; init; } = 1;

    /// <summary>previewReplicaCount, when set.</summary>
    public int? PreviewReplicaCount { get; init; }

    public string Yaml()
    {
        var text = File.ReadAllText(RepositoryFiles.Sample("bluegreen.yaml"));
        text = DemoSample.Replace(text, "    initialDelay: 30s\n    interval: 30s\n    count: 3\n", "    initialDelay: 12s\n    interval: 2s\n    count: 3\n");
        text = DemoSample.Replace(text, "[1m]", "[10s]");
        var promotion = AutoPromotion
            ? AutoPromotionSeconds is { } seconds ? $"      autoPromotionSeconds: {seconds}\n" : ""
            : "      autoPromotionEnabled: false\n";
        text = DemoSample.Replace(text, "      autoPromotionEnabled: false\n      scaleDownDelaySeconds: 30\n",
            promotion + $"      scaleDownDelaySeconds: {ScaleDownDelaySeconds}\n      abortScaleDownDelaySeconds: {AbortScaleDownDelaySeconds}\n" +
            (PreviewReplicaCount is { } preview ? $"      previewReplicaCount: {preview}\n" : ""));
        if (!PrePromotionAnalysis)
        {
            text = DemoSample.Replace(text, "      prePromotionAnalysis:\n        templates: [{templateName: service-success-rate}]\n        args: [{name: service, value: web-preview}]\n", "");
        }

        if (!PostPromotionAnalysis)
        {
            text = DemoSample.Replace(text, "      postPromotionAnalysis:\n        templates: [{templateName: service-success-rate}]\n        args: [{name: service, value: web-active}]\n", "");
        }

        return text;
    }
}
