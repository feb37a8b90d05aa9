using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rollouts.Sandbox.Tests.ApiServer.Resources;

internal static class TestJson
{
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Compact JSON without escaping &lt;, &gt; or +, so expectations read as kubectl prints them.</summary>
    public static string Compact(JsonNode? node) => node?.ToJsonString(Readable) ?? "null";
}
