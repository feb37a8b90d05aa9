using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kubernetes.Models;

/// <summary>
/// The server's answer when a call fails (and some that succeed, such as a delete): a machine
/// readable <see cref="Reason"/>, the HTTP <see cref="Code"/>, a human <see cref="Message"/>.
/// </summary>
public sealed record Status
{
    public string ApiVersion { get => field ?? "v1"; init; }

    public string Kind { get => field ?? "Status"; init; }

    public ListMeta? Metadata { get; init; }

    /// <summary><c>Success</c> or <c>Failure</c>.</summary>
    [JsonPropertyName("status")]
    public string? Outcome { get; init; }

    public string? Message { get; init; }

    /// <summary><c>NotFound</c>, <c>AlreadyExists</c>, <c>Conflict</c>, <c>Invalid</c>, <c>Expired</c>, ...</summary>
    public string? Reason { get; init; }

    public StatusDetails? Details { get; init; }

    public int? Code { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>Which object a <see cref="Status"/> is about and, for <c>Invalid</c>, what was wrong with it.</summary>
public sealed record StatusDetails
{
    public string? Name { get; init; }

    public string? Group { get; init; }

    public string? Kind { get; init; }

    public string? Uid { get; init; }

    public IReadOnlyList<StatusCause>? Causes { get; init; }

    /// <summary>How long the server asks the client to wait before retrying.</summary>
    public int? RetryAfterSeconds { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>One reason a request failed, with the field it concerns (<c>spec.replicas</c>).</summary>
public sealed record StatusCause
{
    public string? Reason { get; init; }

    public string? Message { get; init; }

    public string? Field { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}
