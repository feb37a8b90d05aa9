using System.Text;
using Rollouts.Sandbox.ApiServer.Errors;
using Rollouts.Sandbox.ApiServer.Protobuf;
using Rollouts.Sandbox.Tests.ApiServer.Patching;

namespace Rollouts.Sandbox.Tests.ApiServer.Protobuf;

/// <summary>Protobuf request bodies as kubectl's generator commands write them (every non-pointer field, even empty).</summary>
public sealed class ProtobufObjectsTests
{
    [Fact]
    public void A_config_map_reads_as_the_JSON_kubectl_would_have_sent()
    {
        var body = Envelope("v1", "ConfigMap", Message(
            Bytes(1, ObjectMeta("settings", "team-a", Map(11, "app", "web"))),
            Bytes(2, Message(Text(1, "mode"), Text(2, "blue"))),
            Bytes(2, Message(Text(1, "size"), Text(2, "3"))),
            Bytes(3, Message(Text(1, "blob"), Bytes(2, [0, 1, 2]))),
            Varint(4, 0)));

        var obj = ProtobufObjects.Decode(body);

        JsonAssert.Equal("""
            {
              "apiVersion": "v1", "kind": "ConfigMap",
              "metadata": {"name": "settings", "namespace": "team-a", "labels": {"app": "web"}},
              "data": {"mode": "blue", "size": "3"},
              "binaryData": {"blob": "AAEC"},
              "immutable": false
            }
            """, obj);
    }

    [Fact]
    public void A_secret_keeps_its_bytes_as_base64_and_a_namespace_its_finalizers()
    {
        var secret = ProtobufObjects.Decode(Envelope("v1", "Secret", Message(
            Bytes(1, ObjectMeta("creds", "team-a")),
            Bytes(2, Message(Text(1, "user"), Text(2, "admin"))),
            Text(3, "Opaque"))));
        var ns = ProtobufObjects.Decode(Envelope("v1", "Namespace", Message(
            Bytes(1, ObjectMeta("team-a", "")),
            Bytes(2, Message(Text(1, "kubernetes"))),
            Bytes(3, Message(Text(1, ""))))));

        JsonAssert.Equal("""{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "creds", "namespace": "team-a"}, "data": {"user": "YWRtaW4="}, "type": "Opaque"}""", secret);
        JsonAssert.Equal("""{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "team-a"}, "spec": {"finalizers": ["kubernetes"]}}""", ns);
    }

    [Fact]
    public void A_timestamp_reads_as_RFC_3339()
    {
        var time = Message(Varint(1, 1_700_000_000), Varint(2, 0));
        var obj = ProtobufObjects.Decode(Envelope("v1", "ConfigMap", Message(Bytes(1, Message(Text(1, "c"), Bytes(8, time))))));

        Assert.Equal("2023-11-14T22:13:20Z", obj["metadata"]!["creationTimestamp"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("apps/v1", "Deployment", 1)]
    [InlineData("v1", "ConfigMap", 9)]
    public void A_kind_or_field_it_cannot_read_is_refused_with_415(string apiVersion, string kind, int field)
    {
        var body = Envelope(apiVersion, kind, Message(Bytes(1, ObjectMeta("x", "")), Text(field, "?")));

        var error = Assert.Throws<ApiError>(() => ProtobufObjects.Decode(body));

        Assert.Equal((415, "UnsupportedMediaType"), (error.Code, error.Reason));
    }

    [Fact]
    public void Bytes_that_are_not_a_Kubernetes_protobuf_object_are_a_bad_request()
    {
        var noMagic = Assert.Throws<ApiError>(() => ProtobufObjects.Decode("{}"u8.ToArray()));
        var truncated = Assert.Throws<ApiError>(() => ProtobufObjects.Decode(Envelope("v1", "ConfigMap", [0x0A, 0x05, 0x01])));

        Assert.Equal(400, noMagic.Code);
        Assert.Equal(400, truncated.Code);
    }

    private static byte[] Envelope(string apiVersion, string kind, byte[] raw) =>
        [.. "k8s\0"u8, .. Bytes(1, Message(Text(1, apiVersion), Text(2, kind))), .. Bytes(2, raw), .. Text(3, ""), .. Text(4, "")];

    /// <summary>ObjectMeta as Go writes it: every string field, generation 0 and a zero creationTimestamp.</summary>
    private static byte[] ObjectMeta(string name, string ns, params byte[][] more) => Message(
        [Text(1, name), Text(2, ""), Text(3, ns), Text(4, ""), Text(5, ""), Text(6, ""), Varint(7, 0), Bytes(8, Message(Varint(1, 0), Varint(2, 0))), .. more]);

    private static byte[] Map(int field, string key, string value) => Bytes(field, Message(Text(1, key), Text(2, value)));

    private static byte[] Message(params byte[][] fields) => [.. fields.SelectMany(f => f)];

    private static byte[] Text(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    private static byte[] Bytes(int field, byte[] value) => [.. Number((ulong)((field << 3) | 2)), .. Number((ulong)value.Length), .. value];

    private static byte[] Varint(int field, long value) => [.. Number((ulong)(field << 3)), .. Number((ulong)value)];

    private static byte[] Number(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }
}
