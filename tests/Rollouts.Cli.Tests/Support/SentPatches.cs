using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Faults;

namespace Rollouts.Cli.Tests.Support;

/// <summary>Checks on the patches the plugin sent, as the sandbox received them.</summary>
internal static class SentPatches
{
    /// <summary>
    /// <paramref name="sent"/> is the steering patch <paramref name="body"/> to <paramref name="path"/>, byte for
    /// byte, then one or more patches of the status that write status.history alone under a resourceVersion.
    /// </summary>
    public static void SteeredThenRecorded(IReadOnlyList<RecordedBody> sent, string path, string body, string statusPath)
    {
        Assert.True(sent.Count >= 2, $"expected the steering patch and the history patch, got:\n{string.Join("\n", sent)}");
        var steering = sent[0];
        Assert.Equal(("PATCH", path, body), (steering.Method, steering.Path, steering.Body));
        Assert.StartsWith("application/merge-patch+json", steering.ContentType, StringComparison.Ordinal);
        foreach (var record in sent.Skip(1))
        {
            Assert.Equal(("PATCH", statusPath), (record.Method, record.Path));
            Assert.StartsWith("application/merge-patch+json", record.ContentType, StringComparison.Ordinal);
            var json = JsonNode.Parse(record.Body)!.AsObject();
            Assert.Equal(["metadata", "status"], json.Select(p => p.Key));
            Assert.Equal(["resourceVersion"], json["metadata"]!.AsObject().Select(p => p.Key));
            Assert.False(string.IsNullOrEmpty(json["metadata"]!["resourceVersion"]!.GetValue<string>()));
            Assert.Equal(["history"], json["status"]!.AsObject().Select(p => p.Key));
        }
    }
}
