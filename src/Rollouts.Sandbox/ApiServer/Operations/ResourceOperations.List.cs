using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Rollouts.Sandbox.ApiServer.Errors;
using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Sandbox.ApiServer.Selectors;
using Rollouts.Sandbox.ApiServer.Storage;

namespace Rollouts.Sandbox.ApiServer.Operations;

public sealed partial class ResourceOperations
{
    /// <summary>
    /// Lists a collection (one namespace, or all when <paramref name="ns"/> is null), filtered by selectors,
    /// in pages: every page of one list is served from the same snapshot, and a continue token whose
    /// snapshot is gone answers 410 Expired.
    /// </summary>
    public ListResult List(ResourceType type, string? ns, ListOptions options)
    {
        var filter = ObjectFilter.Create(type, options.LabelSelector, options.FieldSelector);
        StoreState state;
        ObjectKey? after = null;
        if (!string.IsNullOrEmpty(options.Continue))
        {
            var token = ContinueToken.Decode(options.Continue);
            state = _store.GetSnapshot(token.ResourceVersion);
            after = token.After;
        }
        else
        {
            state = _store.State;
        }

        var items = new List<StoredObject>();
        var limit = options.Limit is > 0 ? options.Limit.Value : int.MaxValue;
        long remaining = 0;
        ObjectKey? last = null;
        foreach (var obj in state.Objects(type.StorageKey, type.Namespaced ? ns : null))
        {
            if (after is { } start && obj.Key.CompareTo(start) <= 0)
            {
                continue;
            }

            if (!filter.Matches(obj))
            {
                continue;
            }

            if (items.Count < limit)
            {
                items.Add(obj);
                last = obj.Key;
            }
            else
            {
                remaining++;
            }
        }

        if (remaining == 0)
        {
            return new ListResult(items, state.ResourceVersion, null, null);
        }

        _store.KeepSnapshot(state);
        return new ListResult(items, state.ResourceVersion, ContinueToken.Encode(state.ResourceVersion, last!.Value), remaining);
    }
}

/// <summary>The opaque continue token: the snapshot's resourceVersion and the last key served.</summary>
internal static class ContinueToken
{
    public static string Encode(long resourceVersion, ObjectKey after)
    {
        var json = JsonSerializer.Serialize(new[] { resourceVersion.ToString(CultureInfo.InvariantCulture), after.Namespace, after.Name },
            TokenJsonContext.Default.StringArray);
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
    }

    public static (long ResourceVersion, ObjectKey After) Decode(string token)
    {
        try
        {
            var parts = JsonSerializer.Deserialize(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)), TokenJsonContext.Default.StringArray);
            if (parts is { Length: 3 } && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var rv))
            {
                return (rv, new ObjectKey(parts[1], parts[2]));
            }
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
        }

        throw ApiError.BadRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
internal sealed partial class TokenJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
