using System.Text.Json.Nodes;

namespace Rollouts.Sandbox.Tests.ApiServer.Patching;

/// <summary>Compares JSON by value: member order does not matter, list order and number values do.</summary>
internal static class JsonAssert
{
    public static void Equal(string expected, JsonNode? actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        Assert.True(JsonNode.DeepEquals(expectedNode, actual),
            $"expected {expectedNode?.ToJsonString() ?? "null"}\n  actual {actual?.ToJsonString() ?? "null"}");
    }

    public static JsonNode? Parse(string json) => JsonNode.Parse(json);

    public static JsonObject Object(string json) => JsonNode.Parse(json)!.AsObject();
}
