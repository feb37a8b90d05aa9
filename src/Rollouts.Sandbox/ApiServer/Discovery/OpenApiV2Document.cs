using System.Text;
using System.Text.Json.Nodes;

namespace Rollouts.Sandbox.ApiServer.Discovery;

/// <summary>
/// <c>/openapi/v2</c>: a Swagger 2.0 document with no definitions. kubectl falls back to it to validate a kind
/// that OpenAPI v3 does not describe, such as a custom resource whose CRD is created earlier in the same
/// <c>kubectl apply</c>; finding no definition it skips client-side validation, as against a real cluster, and
/// reports the kind as unmapped instead of failing on a missing document. kubectl asks for protobuf; other
/// clients get JSON.
/// </summary>
public static class OpenApiV2Document
{
    /// <summary>
    /// What the real server answers with. kubectl asks for <c>...spec.v2@v1.0+protobuf</c>, but '@' may not appear
    /// in a media type and Go's parser refuses it in a response, so the server names the dotted form.
    /// </summary>
    public const string ProtobufContentType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    private const string Swagger = "2.0";
    private const string Title = "Kubernetes";

    /// <summary>True when the Accept header asks for protobuf and not for JSON, as the real server decides.</summary>
    public static bool WantsProtobuf(string accept) =>
        accept.Contains("protobuf", StringComparison.Ordinal) && !accept.Contains("application/json", StringComparison.Ordinal);

    public static JsonObject Json() => new()
    {
        ["swagger"] = Swagger,
        ["info"] = new JsonObject { ["title"] = Title, ["version"] = VersionDocument.GitVersion },
        ["paths"] = new JsonObject(),
        ["definitions"] = new JsonObject(),
    };

    /// <summary>
    /// The same document in the protobuf encoding of gnostic's <c>openapi_v2.Document</c>:
    /// field 1 <c>swagger</c>, field 2 <c>info</c> (field 1 <c>title</c>, field 2 <c>version</c>).
    /// </summary>
    public static byte[] Protobuf()
    {
        var info = Concat(StringField(1, Title), StringField(2, VersionDocument.GitVersion));
        return Concat(StringField(1, Swagger), LengthDelimited(2, info));
    }

    private static byte[] StringField(int number, string value) => LengthDelimited(number, Encoding.UTF8.GetBytes(value));

    private static byte[] LengthDelimited(int number, byte[] payload)
    {
        // Short documents only: one-byte tags and lengths.
        if (number > 15 || payload.Length > 127)
        {
            throw new ArgumentOutOfRangeException(nameof(payload), "field number or length needs a multi-byte varint");
        }

        return Concat([(byte)((number << 3) | 2), (byte)payload.Length], payload);
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(part => part)];
}
