using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Sandbox.ApiServer.Storage;

namespace Rollouts.Sandbox.Traffic;

/// <summary>
/// How a simulated pod answers, from its first container's env: <c>ERROR_RATE</c> (0..1, the share of
/// requests answered with 500) and <c>LATENCY_MS</c> (milliseconds per request, zero or more).
/// </summary>
internal sealed record PodBehaviour
{
    public const string ErrorRateVariable = "ERROR_RATE";
    public const string LatencyVariable = "LATENCY_MS";
    public const double DefaultLatencyMilliseconds = 10;

    private static readonly ConditionalWeakTable<StoredObject, PodBehaviour> Parsed = [];

    public required string PodName { get; init; }
    public bool Ready { get; init; }
    public double ErrorRate { get; init; }
    public double LatencyMilliseconds { get; init; } = DefaultLatencyMilliseconds;

    /// <summary>Env values that could not be read, with their field paths, for the log.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    public static PodBehaviour Of(StoredObject pod) => Parsed.GetValue(pod, Parse);

    private static PodBehaviour Parse(StoredObject stored)
    {
        var pod = stored.ToJsonObject();
        var ready = JsonRead.Array(pod, "status", "conditions").OfType<JsonObject>()
            .Any(c => JsonRead.String(c, "type") == "Ready" && JsonRead.String(c, "status") == "True");
        var env = JsonRead.Array(pod, "spec", "containers").OfType<JsonObject>().FirstOrDefault() is { } container
            ? JsonRead.Array(container, "env").OfType<JsonObject>().ToList()
            : [];
        var problems = new List<string>();
        var errorRate = Read(env, ErrorRateVariable, 0, 0, 1, problems);
        var latency = Read(env, LatencyVariable, DefaultLatencyMilliseconds, 0, double.MaxValue, problems);
        return new PodBehaviour
        {
            PodName = stored.Key.Name,
            Ready = ready && !stored.IsDeleting,
            ErrorRate = errorRate,
            LatencyMilliseconds = latency,
            Problems = problems,
        };
    }

    private static double Read(List<JsonObject> env, string name, double fallback, double min, double max, List<string> problems)
    {
        var index = env.FindIndex(e => JsonRead.String(e, "name") == name);
        if (index < 0)
        {
            return fallback;
        }

        var text = JsonRead.String(env[index], "value") ?? "";
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value >= min && value <= max)
        {
            return value;
        }

        var range = max == double.MaxValue ? $"a number of at least {min.ToString(CultureInfo.InvariantCulture)}"
            : $"a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}";
        problems.Add($"spec.containers[0].env[{index}] ({name}) must be {range}, not \"{text}\"; using {fallback.ToString(CultureInfo.InvariantCulture)}");
        return fallback;
    }
}
