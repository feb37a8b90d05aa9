namespace Rollouts.Operator.Tests.Support;

/// <summary>
/// samples/canary-nginx.yaml as a test applies it: the same Services, Ingress and Rollout, with the pauses and
/// scale-down delays made short enough for a test. Each change checks that the text it replaces is there, so a
/// changed sample fails here rather than silently testing something else.
/// </summary>
internal sealed record CanarySample
{
    /// <summary>The first pause (30 s in the sample); null keeps it until promoted.</summary>
    public string? FirstPause { get; init; } = "1s";

    /// <summary>The last pause (until promoted in the sample); null keeps it so.</summary>
    public string? LastPause { get; init; }

    /// <summary>scaleDownDelaySeconds and abortScaleDownDelaySeconds (30 s by default).</summary>
    public int ScaleDownDelaySeconds { get; init; } = 1;

    /// <summary>spec.progressDeadlineSeconds, when set.</summary>
    public int? ProgressDeadlineSeconds { get; init; }

    /// <summary>spec.replicas (5 in the sample).</summary>
    public int Replicas { get; init; } = 5;

    /// <summary>Extra lines under strategy.canary (indented by six spaces), e.g. dynamicStableScale or canaryMetadata.</summary>
    public string? CanaryExtra { get; init; }

    public string Yaml()
    {
        var text = File.ReadAllText(RepositoryFiles.Sample("canary-nginx.yaml"));
        text = Replace(text, "      - pause: {duration: 30s}\n", FirstPause is null ? "      - pause: {}\n" : $"      - pause: {{duration: {FirstPause}}}\n");
        text = Replace(text, "      - setWeight: 50\n      - pause: {}\n",
            LastPause is null ? "      - setWeight: 50\n      - pause: {}\n" : $"      - setWeight: 50\n      - pause: {{duration: {LastPause}}}\n");
        text = Replace(text, "      canaryService: web-canary\n",
            $"      canaryService: web-canary\n      scaleDownDelaySeconds: {ScaleDownDelaySeconds}\n      abortScaleDownDelaySeconds: {ScaleDownDelaySeconds}\n");
        if (CanaryExtra is not null)
        {
            text = Replace(text, "      trafficRouting:\n", CanaryExtra + "      trafficRouting:\n");
        }

        text = Replace(text, "  replicas: 5\n", $"  replicas: {Replicas}\n" +
            (ProgressDeadlineSeconds is { } deadline ? $"  progressDeadlineSeconds: {deadline}\n" : ""));
        return text;
    }

    private static string Replace(string text, string old, string replacement) =>
        text.Contains(old, StringComparison.Ordinal)
            ? text.Replace(old, replacement, StringComparison.Ordinal)
            : throw new InvalidOperationException($"samples/canary-nginx.yaml no longer contains:\n{old}");
}
