using System.Text.Json;
using System.Text.Json.Nodes;
using Rollouts.Api;
using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Models;
using Rollouts.Sandbox.ApiServer.Patching;

namespace Rollouts.Sandbox.Demo;

/// <summary>Creates the objects of a multi-document YAML manifest, as <c>kubectl create -f</c> would, for the kinds the samples hold.</summary>
internal static class ManifestApplier
{
    /// <returns>"Kind name" of each object created, in order.</returns>
    /// <exception cref="InvalidOperationException">A document is of a kind the demo does not create.</exception>
    public static async Task<IReadOnlyList<string>> CreateAsync(IKubernetesClient client, string yaml, string @namespace, CancellationToken cancellationToken)
    {
        var created = new List<string>();
        foreach (var document in yaml.Split("\n---\n"))
        {
            if (YamlToJson.Parse(document) is not JsonObject json)
            {
                continue;
            }

            json["metadata"] ??= new JsonObject();
            json["metadata"]!["namespace"] = @namespace;
            var kind = json["kind"]?.GetValue<string>() ?? "";
            var name = json["metadata"]?["name"]?.GetValue<string>() ?? "";
            Task creating = kind switch
            {
                "Service" => (Task)client.Resource<Service>().CreateAsync(Read(json, KubernetesJsonContext.Default.Service), cancellationToken: cancellationToken),
                "Ingress" => client.Resource<Ingress>().CreateAsync(Read(json, KubernetesJsonContext.Default.Ingress), cancellationToken: cancellationToken),
                "AnalysisTemplate" => client.Resource<Api.Analysis.AnalysisTemplate>()
                    .CreateAsync(Read(json, RolloutsJsonContext.Default.AnalysisTemplate), cancellationToken: cancellationToken),
                "Rollout" => client.Resource<Api.Rollouts.Rollout>()
                    .CreateAsync(Read(json, RolloutsJsonContext.Default.Rollout), cancellationToken: cancellationToken),
                _ => throw new InvalidOperationException($"the demo does not create objects of kind \"{kind}\" ({name})"),
            };
            await creating.ConfigureAwait(false);
            created.Add($"{kind} {name}");
        }

        return created;
    }

    private static T Read<T>(JsonObject json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        json.Deserialize(type) ?? throw new InvalidOperationException($"not a {typeof(T).Name}: {json.ToJsonString()}");
}
