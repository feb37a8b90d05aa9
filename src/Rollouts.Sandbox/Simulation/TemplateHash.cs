using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Resources;

namespace Rollouts.Sandbox.Simulation;

/// <summary>
/// The pod-template-hash a Deployment puts on the ReplicaSet of each template (and in its name), and the test
/// that a ReplicaSet runs a Deployment's current template.
/// </summary>
internal static class TemplateHash
{
    public const string Label = "pod-template-hash";

    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>A short, name-safe hash of the template; <paramref name="collisionCount"/> moves it when a name is taken.</summary>
    public static string Of(JsonObject? template, int collisionCount = 0)
    {
        var text = (template?.ToJsonString() ?? "{}") + (collisionCount == 0 ? "" : collisionCount.ToString(CultureInfo.InvariantCulture));
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        var digits = hash.ToString(CultureInfo.InvariantCulture);
        return string.Create(digits.Length, digits, static (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[source[i] % Alphabet.Length];
            }
        });
    }

    /// <summary>The ReplicaSet's template is the Deployment's, apart from the pod-template-hash label.</summary>
    public static bool SameTemplate(JsonObject? replicaSetTemplate, JsonObject? deploymentTemplate)
    {
        var mine = replicaSetTemplate?.DeepClone().AsObject();
        if (JsonRead.Object(mine, "metadata", "labels") is { } labels)
        {
            labels.Remove(Label);
        }

        var theirs = deploymentTemplate?.DeepClone().AsObject();
        if (JsonRead.Object(theirs, "metadata", "labels") is { } theirLabels)
        {
            theirLabels.Remove(Label);
        }

        return JsonNode.DeepEquals(mine, theirs);
    }

    /// <summary>A copy of <paramref name="labels"/> with the hash label added.</summary>
    public static JsonObject WithHash(JsonObject? labels, string hash)
    {
        var copy = labels?.DeepClone().AsObject() ?? [];
        copy[Label] = hash;
        return copy;
    }
}
