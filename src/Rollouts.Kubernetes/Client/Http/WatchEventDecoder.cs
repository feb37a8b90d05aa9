using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Kubernetes.Client.Http;

/// <summary>Decodes one watch line (<c>{"type":"ADDED","object":{...}}</c>) into a typed event; ERROR becomes an exception.</summary>
internal static class WatchEventDecoder
{
    public static WatchEvent<T> Decode<T>(ApiRequest request, ReadOnlySpan<byte> line, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        WireWatchEvent wire;
        try
        {
            wire = JsonSerializer.Deserialize(line, ClientJsonContext.Default.WireWatchEvent)
                ?? throw new InvalidDataException($"{request}: the watch sent 'null' as an event.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{request}: the watch sent an event that is not valid JSON: {e.Message}", e);
        }

        var type = wire.Type switch
        {
            "ADDED" => WatchEventType.Added,
            "MODIFIED" => WatchEventType.Modified,
            "DELETED" => WatchEventType.Deleted,
            "BOOKMARK" => WatchEventType.Bookmark,
            "ERROR" => throw StatusErrors.FromWatchError(request, wire.Object),
            _ => throw new InvalidDataException($"{request}: the watch sent an event of unknown type '{wire.Type}'."),
        };

        if (wire.Object.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{request}: the watch sent a {wire.Type} event without an object.");
        }

        try
        {
            var value = wire.Object.Deserialize(typeInfo)!;
            return new WatchEvent<T> { Type = type, Object = value };
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{request}: the object of a {wire.Type} event is not a valid {typeof(T).Name}: {e.Message}", e);
        }
    }
}
