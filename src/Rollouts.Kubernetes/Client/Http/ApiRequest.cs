namespace Rollouts.Kubernetes.Client.Http;

/// <summary>One call to the API server, described so that it can be sent again on retry.</summary>
internal sealed record ApiRequest
{
    public required HttpMethod Method { get; init; }

    /// <summary>Kubernetes verb for metrics and retry rules: get, list, watch, create, update, patch, delete.</summary>
    public required string Verb { get; init; }

    /// <summary>Resource for metrics: plural, with <c>/status</c> or <c>/scale</c> for subresources.</summary>
    public required string Resource { get; init; }

    /// <summary>Path and query, e.g. <c>/apis/apps/v1/namespaces/shop/replicasets?limit=500</c>.</summary>
    public required string PathAndQuery { get; init; }

    public byte[]? Body { get; init; }

    public string? ContentType { get; init; }

    /// <summary>True for get, list and watch: repeating them cannot change anything.</summary>
    public bool IsRead => Verb is "get" or "list" or "watch";

    public override string ToString() => $"{Method} {PathAndQuery}";
}
