namespace Rollouts.Operator.Hosting;

/// <summary>The answer of a health or readiness check: OK, or not with a one-line reason a person can act on.</summary>
public readonly record struct ProbeStatus(bool IsOk, string Reason)
{
    /// <summary>The check passes.</summary>
    public static ProbeStatus Ok { get; } = new(true, "ok");

    /// <summary>The check fails because of <paramref name="reason"/> (one line; line breaks are replaced by spaces).</summary>
    public static ProbeStatus Failing(string reason) =>
        new(false, string.IsNullOrWhiteSpace(reason) ? "not ready" : reason.ReplaceLineEndings(" ").Trim());
}
