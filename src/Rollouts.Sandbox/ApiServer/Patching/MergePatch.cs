using System.Text.Json.Nodes;

namespace Rollouts.Sandbox.ApiServer.Patching;

/// <summary>
/// JSON merge patch (RFC 7386, <c>application/merge-patch+json</c>): objects merge member by member, a null
/// member deletes, and anything that is not an object (arrays included) replaces the target whole.
/// </summary>
public static class MergePatch
{
    /// <summary>The target with the patch applied, as a new node; neither input is changed.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : [];
        MergeInto(result, patchObject);
        return result;
    }

    private static void MergeInto(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch)
        {
            switch (value)
            {
                case null:
                    target.Remove(name);
                    break;
                case JsonObject nested:
                    if (target[name] is not JsonObject existing)
                    {
                        existing = [];
                        target[name] = existing;
                    }

                    MergeInto(existing, nested);
                    break;
                default:
                    target[name] = value.DeepClone();
                    break;
            }
        }
    }
}
