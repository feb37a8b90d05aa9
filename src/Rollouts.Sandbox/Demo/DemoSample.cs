namespace Rollouts.Sandbox.Demo;

/// <summary>
/// samples/canary-analysis.yaml as the demo applies it: embedded in the sandbox (so the demo runs from anywhere),
/// with the analysis delays, intervals and rate windows shortened so a whole rollout takes a minute, not ten.
/// Each change checks that the text it replaces is there, so a changed sample fails loudly.
/// </summary>
public static class DemoSample
{
    public const string FileName = "canary-analysis.yaml";

    /// <summary>The sample as committed.</summary>
    public static string Original()
    {
        using var stream = typeof(DemoSample).Assembly.GetManifestResourceStream(FileName)
            ?? throw new InvalidOperationException($"samples/{FileName} is not embedded in {typeof(DemoSample).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The sample with its timings shortened: <paramref name="fast"/> for the test of the demo itself.</summary>
    public static string ForDemo(bool fast)
    {
        var (delay, interval, window) = fast ? ("6s", "2s", "[15s]") : ("10s", "5s", "[30s]");
        var text = Original();
        text = Replace(text, "    initialDelay: 30s\n    interval: 30s\n", $"    initialDelay: {delay}\n    interval: {interval}\n");
        text = Replace(text, "[1m]", window);
        text = Replace(text, "      canaryService: web-canary\n",
            "      canaryService: web-canary\n      scaleDownDelaySeconds: 2\n      abortScaleDownDelaySeconds: 2\n");
        return text;
    }

    /// <summary>Replaces every occurrence of <paramref name="old"/>; throws when there is none.</summary>
    public static string Replace(string text, string old, string replacement)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Contains(old, StringComparison.Ordinal)
            ? text.Replace(old, replacement, StringComparison.Ordinal)
            : throw new InvalidOperationException($"the sample no longer contains:\n{old}");
    }

}
