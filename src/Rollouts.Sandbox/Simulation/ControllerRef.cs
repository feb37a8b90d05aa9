using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Resources;

namespace Rollouts.Sandbox.Simulation;

/// <summary>The owner reference marked <c>controller: true</c>: the one object that manages this one.</summary>
internal sealed record ControllerRef(string ApiVersion, string Kind, string Name, string Uid)
{
    public static ControllerRef? Of(JsonObject obj)
    {
        foreach (var owner in JsonRead.Array(obj, "metadata", "ownerReferences").OfType<JsonObject>())
        {
            if (JsonRead.Boolean(owner, "controller") == true)
            {
                return new ControllerRef(
                    JsonRead.String(owner, "apiVersion") ?? "",
                    JsonRead.String(owner, "kind") ?? "",
                    JsonRead.String(owner, "name") ?? "",
                    JsonRead.String(owner, "uid") ?? "");
            }
        }

        return null;
    }

    /// <summary>True for an apps/v1 (or other apps version) object of <paramref name="kind"/>.</summary>
    public bool IsApps(string kind) => Kind == kind && ApiVersion.StartsWith("apps/", StringComparison.Ordinal);

    /// <summary>The owner reference a controller writes on an object it creates.</summary>
    public static JsonArray For(string apiVersion, string kind, string name, string uid) =>
    [
        new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = kind,
            ["name"] = name,
            ["uid"] = uid,
            ["controller"] = true,
            ["blockOwnerDeletion"] = true,
        },
    ];
}
