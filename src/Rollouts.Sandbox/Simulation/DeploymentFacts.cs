using System.Globalization;
using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Sandbox.ApiServer.Storage;

namespace Rollouts.Sandbox.Simulation;

/// <summary>What the simulator reads from a Deployment.</summary>
internal sealed record DeploymentFacts
{
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";

    public required ObjectKey Key { get; init; }
    public required string Uid { get; init; }
    public required JsonObject Object { get; init; }
    public long Generation { get; init; }
    public int Replicas { get; init; }
    public int MinReadySeconds { get; init; }
    public bool Paused { get; init; }

    /// <summary>spec.progressDeadlineSeconds; null for none.</summary>
    public int? ProgressDeadlineSeconds { get; init; }

    /// <summary>How many pods may be unavailable while the Deployment still counts as available.</summary>
    public int MaxUnavailable { get; init; }

    public JsonObject? Template => JsonRead.Object(Object, "spec", "template");
    public JsonObject? Status => JsonRead.Object(Object, "status");
    public string? Revision => JsonRead.String(Object, "metadata", "annotations", RevisionAnnotation);

    public static DeploymentFacts Parse(StoredObject stored)
    {
        var deployment = stored.ToJsonObject();
        var replicas = (int)Math.Clamp(JsonRead.Integer(deployment, "spec", "replicas") ?? 1, 0, int.MaxValue);
        var deadline = JsonRead.Integer(deployment, "spec", "progressDeadlineSeconds");
        return new DeploymentFacts
        {
            Key = stored.Key,
            Uid = stored.Uid,
            Object = deployment,
            Generation = JsonRead.Integer(deployment, "metadata", "generation") ?? 0,
            Replicas = replicas,
            MinReadySeconds = (int)Math.Clamp(JsonRead.Integer(deployment, "spec", "minReadySeconds") ?? 0, 0, int.MaxValue),
            Paused = JsonRead.Boolean(deployment, "spec", "paused") == true,
            ProgressDeadlineSeconds = deadline is { } seconds and > 0 and < int.MaxValue ? (int)seconds : null,
            MaxUnavailable = MaxUnavailableOf(deployment, replicas),
        };
    }

    /// <summary>Recreate: none. RollingUpdate: maxUnavailable, a count or a percentage of replicas rounded down
    /// (25% when unset), but at least 1 when maxSurge is 0 too.</summary>
    private static int MaxUnavailableOf(JsonObject deployment, int replicas)
    {
        if (JsonRead.String(deployment, "spec", "strategy", "type") == "Recreate")
        {
            return 0;
        }

        var rolling = JsonRead.Object(deployment, "spec", "strategy", "rollingUpdate");
        var unavailable = Resolve(rolling?["maxUnavailable"], replicas, roundUp: false) ?? replicas / 4;
        var surge = Resolve(rolling?["maxSurge"], replicas, roundUp: true) ?? (replicas + 3) / 4;
        if (unavailable == 0 && surge == 0)
        {
            unavailable = 1;
        }

        return Math.Min(unavailable, replicas);
    }

    private static int? Resolve(JsonNode? value, int replicas, bool roundUp)
    {
        if (value is not JsonValue scalar)
        {
            return null;
        }

        if (scalar.TryGetValue<int>(out var count))
        {
            return Math.Max(count, 0);
        }

        if (scalar.TryGetValue<string>(out var text) && text.EndsWith('%')
            && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var percent))
        {
            var scaled = (long)replicas * percent;
            return (int)(roundUp ? (scaled + 99) / 100 : scaled / 100);
        }

        return null;
    }
}
