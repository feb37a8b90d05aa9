using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Errors;

namespace Rollouts.Sandbox.ApiServer.Protobuf;

/// <summary>
/// Request bodies in the Kubernetes protobuf encoding (<c>application/vnd.kubernetes.protobuf</c>), which kubectl's
/// generator commands send (<c>kubectl create namespace|configmap|secret</c>): the "k8s\0" magic, a runtime.Unknown
/// envelope naming apiVersion and kind, and the object's message. Namespaces, ConfigMaps and Secrets are read into
/// the JSON the same object would have; any other kind, or a field outside the tables below, is refused with 415
/// so that nothing is silently dropped. Responses stay JSON, which those clients accept as well.
/// </summary>
internal static class ProtobufObjects
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    private static readonly byte[] Magic = "k8s\0"u8.ToArray();

    private static readonly ProtoMessage TypeMeta = new("TypeMeta",
        (1, new("apiVersion", ProtoValue.String)),
        (2, new("kind", ProtoValue.String)));

    private static readonly ProtoMessage OwnerReference = new("OwnerReference",
        (1, new("kind", ProtoValue.String)),
        (3, new("name", ProtoValue.String)),
        (4, new("uid", ProtoValue.String)),
        (5, new("apiVersion", ProtoValue.String)),
        (6, new("controller", ProtoValue.Bool, Pointer: true)),
        (7, new("blockOwnerDeletion", ProtoValue.Bool, Pointer: true)));

    private static readonly ProtoMessage ObjectMeta = new("ObjectMeta",
        (1, new("name", ProtoValue.String)),
        (2, new("generateName", ProtoValue.String)),
        (3, new("namespace", ProtoValue.String)),
        (4, new("selfLink", ProtoValue.String)),
        (5, new("uid", ProtoValue.String)),
        (6, new("resourceVersion", ProtoValue.String)),
        (7, new("generation", ProtoValue.Integer)),
        (8, new("creationTimestamp", ProtoValue.Time)),
        (9, new("deletionTimestamp", ProtoValue.Time)),
        (10, new("deletionGracePeriodSeconds", ProtoValue.Integer, Pointer: true)),
        (11, new("labels", ProtoValue.StringMap)),
        (12, new("annotations", ProtoValue.StringMap)),
        (13, new("ownerReferences", ProtoValue.Message, Repeated: true, Message: OwnerReference)),
        (14, new("finalizers", ProtoValue.String, Repeated: true)));

    private static readonly ProtoFieldRule Metadata = new("metadata", ProtoValue.Message, Message: ObjectMeta);

    private static readonly Dictionary<(string ApiVersion, string Kind), ProtoMessage> Kinds = new()
    {
        [("v1", "Namespace")] = new("Namespace",
            (1, Metadata),
            (2, new("spec", ProtoValue.Message, Message: new("NamespaceSpec", (1, new("finalizers", ProtoValue.String, Repeated: true))))),
            (3, new("status", ProtoValue.Message, Message: new("NamespaceStatus", (1, new("phase", ProtoValue.String)))))),
        [("v1", "ConfigMap")] = new("ConfigMap",
            (1, Metadata),
            (2, new("data", ProtoValue.StringMap)),
            (3, new("binaryData", ProtoValue.BytesMap)),
            (4, new("immutable", ProtoValue.Bool, Pointer: true))),
        [("v1", "Secret")] = new("Secret",
            (1, Metadata),
            (2, new("data", ProtoValue.BytesMap)),
            (3, new("type", ProtoValue.String)),
            (4, new("stringData", ProtoValue.StringMap)),
            (5, new("immutable", ProtoValue.Bool, Pointer: true))),
    };

    /// <summary>The object a protobuf request body holds, as JSON.</summary>
    /// <exception cref="ApiError">415 for a kind or field this server does not read from protobuf; 400 for bytes that are not protobuf.</exception>
    public static JsonObject Decode(ReadOnlyMemory<byte> body)
    {
        if (!body.Span.StartsWith(Magic))
        {
            throw ApiError.BadRequest("the protobuf body does not start with the Kubernetes magic number");
        }

        try
        {
            // runtime.Unknown: typeMeta (1), raw (2), contentEncoding (3), contentType (4).
            var envelope = ProtoReader.Fields(body[Magic.Length..]);
            var typeMeta = Read(TypeMeta, envelope.Where(f => f.Number == 1).Select(LengthDelimited).LastOrDefault());
            var apiVersion = typeMeta["apiVersion"]?.GetValue<string>() ?? "";
            var kind = typeMeta["kind"]?.GetValue<string>() ?? "";
            var encoded = envelope.Any(f => f.Number == 3 && LengthDelimited(f).Length > 0);
            if (encoded || !Kinds.TryGetValue((apiVersion, kind), out var message))
            {
                throw Unsupported();
            }

            var obj = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
            var raw = envelope.Where(f => f.Number == 2).Select(LengthDelimited).LastOrDefault();
            foreach (var (name, value) in Read(message, raw))
            {
                obj[name] = value?.DeepClone();
            }

            return obj;
        }
        catch (FormatException e)
        {
            throw ApiError.BadRequest($"the protobuf body could not be decoded: {e.Message}");
        }
    }

    private static JsonObject Read(ProtoMessage message, ReadOnlyMemory<byte> bytes)
    {
        var obj = new JsonObject();
        foreach (var field in ProtoReader.Fields(bytes))
        {
            if (!message.Fields.TryGetValue(field.Number, out var rule))
            {
                throw Unsupported();
            }

            switch (rule.Value)
            {
                case ProtoValue.StringMap or ProtoValue.BytesMap:
                    var entry = ProtoReader.Fields(LengthDelimited(field));
                    var key = entry.Where(f => f.Number == 1).Select(f => Text(f)).LastOrDefault() ?? "";
                    var value = entry.Where(f => f.Number == 2).Select(f => rule.Value == ProtoValue.StringMap ? Text(f) : Base64(f)).LastOrDefault() ?? "";
                    Child(obj, rule.Name, () => new JsonObject())[key] = value;
                    break;
                case var _ when rule.Repeated:
                    Child(obj, rule.Name, () => new JsonArray()).Add(Value(rule, field) ?? Zero(rule));
                    break;
                default:
                    obj[rule.Name] = Value(rule, field) ?? (rule.Pointer ? Zero(rule) : null);
                    if (obj[rule.Name] is null)
                    {
                        obj.Remove(rule.Name);
                    }

                    break;
            }
        }

        return obj;
    }

    /// <summary>The field's value as JSON; null when it is the type's zero value.</summary>
    private static JsonNode? Value(ProtoFieldRule rule, ProtoField field)
    {
        switch (rule.Value)
        {
            case ProtoValue.String:
                var text = Text(field);
                return text.Length == 0 ? null : text;
            case ProtoValue.Integer:
                var number = (long)Varint(field);
                return number == 0 ? null : number;
            case ProtoValue.Bool:
                return Varint(field) != 0 ? true : null;
            case ProtoValue.Time:
                var time = ProtoReader.Fields(LengthDelimited(field));
                var seconds = time.Where(f => f.Number == 1).Select(f => (long)Varint(f)).LastOrDefault();
                return seconds == 0
                    ? null
                    : DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            case ProtoValue.Message:
                var nested = Read(rule.Message!, LengthDelimited(field));
                return nested.Count == 0 && !rule.Repeated ? null : nested;
            default:
                throw Unsupported();
        }
    }

    private static JsonNode Zero(ProtoFieldRule rule) => rule.Value switch
    {
        ProtoValue.Integer => 0,
        ProtoValue.Bool => false,
        ProtoValue.Message => new JsonObject(),
        _ => "",
    };

    private static T Child<T>(JsonObject obj, string name, Func<T> create)
        where T : JsonNode
    {
        if (obj[name] is not T child)
        {
            child = create();
            obj[name] = child;
        }

        return child;
    }

    private static ReadOnlyMemory<byte> LengthDelimited(ProtoField field) =>
        field.Type == WireType.LengthDelimited ? field.Bytes : throw new FormatException($"field {field.Number} should be length-delimited");

    private static ulong Varint(ProtoField field) =>
        field.Type == WireType.Varint ? field.Number64 : throw new FormatException($"field {field.Number} should be a varint");

    private static string Text(ProtoField field) => Encoding.UTF8.GetString(LengthDelimited(field).Span);

    private static string Base64(ProtoField field) => Convert.ToBase64String(LengthDelimited(field).Span);

    /// <summary>A kind or field this server has no rule for: the body is refused rather than read in part.</summary>
    private static ApiError Unsupported() => ApiError.UnsupportedMediaType(MediaType);
}
