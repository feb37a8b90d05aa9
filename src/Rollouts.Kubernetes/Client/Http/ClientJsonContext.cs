using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kubernetes.Client.Http;

/// <summary>JSON of what only travels on the wire: watch events before their object is typed, delete bodies.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WireWatchEvent))]
[JsonSerializable(typeof(WireDeleteOptions))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;

internal sealed record WireWatchEvent
{
    public string? Type { get; init; }

    public JsonElement Object { get; init; }
}

internal sealed record WireDeleteOptions
{
    public string ApiVersion { get; init; } = "v1";

    public string Kind { get; init; } = "DeleteOptions";

    public string? PropagationPolicy { get; init; }

    public WirePreconditions? Preconditions { get; init; }

    public long? GracePeriodSeconds { get; init; }

    public IReadOnlyList<string>? DryRun { get; init; }
}

internal sealed record WirePreconditions
{
    public string? Uid { get; init; }

    public string? ResourceVersion { get; init; }
}
