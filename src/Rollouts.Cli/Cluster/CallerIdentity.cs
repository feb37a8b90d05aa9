using System.Text.Json;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Cli.Cluster;

/// <summary>Who the API server says the caller is, from a SelfSubjectReview (authentication.k8s.io/v1).</summary>
internal static class CallerIdentity
{
    public static readonly ApiResource SelfSubjectReviews = new("authentication.k8s.io", "v1", "selfsubjectreviews", "SelfSubjectReview", namespaced: false);

    /// <summary>The user name the server reports; null when the server does not offer SelfSubjectReview (older servers) or refuses it.</summary>
    public static async Task<string?> UserNameAsync(IKubernetesClient client, CancellationToken cancellationToken)
    {
        try
        {
            var review = await client.Resource(SelfSubjectReviews)
                .CreateAsync(new KubernetesObject { ApiVersion = SelfSubjectReviews.ApiVersion, Kind = SelfSubjectReviews.Kind }, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            return review.UnknownFields?.TryGetValue("status", out var status) == true
                && status.ValueKind == JsonValueKind.Object
                && status.TryGetProperty("userInfo", out var info)
                && info.ValueKind == JsonValueKind.Object
                && info.TryGetProperty("username", out var name)
                && name.ValueKind == JsonValueKind.String
                    ? name.GetString()
                    : null;
        }
        catch (KubernetesApiException e) when (e is not UnauthorizedException)
        {
            return null;
        }
    }
}
