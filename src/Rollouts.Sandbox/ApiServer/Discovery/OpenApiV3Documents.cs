using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Resources;

namespace Rollouts.Sandbox.ApiServer.Discovery;

/// <summary>
/// The OpenAPI v3 documents of one registry snapshot, serialised once: the <c>/openapi/v3</c> root, which
/// lists every group-version with a <c>?hash=</c> of its document's content (kubectl caches documents on
/// disk by that hash, so it changes exactly when a group-version's content does), and each group-version
/// document as UTF-8 JSON ready to send.
/// </summary>
public sealed class OpenApiV3Documents
{
    private static readonly ConditionalWeakTable<ResourceRegistry, OpenApiV3Documents> Cache = new();

    private readonly FrozenDictionary<string, Document> _byPath;

    private OpenApiV3Documents(ResourceRegistry registry)
    {
        var documents = new SortedDictionary<string, Document>(StringComparer.Ordinal);
        foreach (var group in registry.Groups)
        {
            foreach (var version in group.Versions)
            {
                var json = Serialize(OpenApiGroupVersionDocument.Build(registry, group.Name, version)!);
                documents[OpenApiNames.GroupVersionPath(group.Name, version)] = new(json, Convert.ToHexString(SHA256.HashData(json)));
            }
        }
        _byPath = documents.ToFrozenDictionary(StringComparer.Ordinal);

        var paths = new JsonObject();
        foreach (var (path, document) in documents)
        {
            paths[path] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{path}?hash={document.Hash}" };
        }
        RootUtf8 = Serialize(new JsonObject { ["paths"] = paths });
    }

    /// <summary>The <c>/openapi/v3</c> root document as UTF-8 JSON.</summary>
    public byte[] RootUtf8 { get; }

    /// <summary>The group-version paths ("api/v1", "apis/apps/v1"...) the root lists, in order.</summary>
    public IEnumerable<string> Paths => _byPath.Keys.Order(StringComparer.Ordinal);

    /// <summary>The documents of <paramref name="registry"/>, built on first use and kept while the snapshot lives.</summary>
    public static OpenApiV3Documents For(ResourceRegistry registry) => Cache.GetValue(registry, r => new OpenApiV3Documents(r));

    /// <summary>"api/v1" or "apis/{group}/{version}": the path under /openapi/v3/ of a group-version.</summary>
    public static string PathOf(string group, string version) => OpenApiNames.GroupVersionPath(group, version);

    /// <summary>The document at /openapi/v3/{path} as UTF-8 JSON, or null when no such group-version is served.</summary>
    public byte[]? GroupVersionUtf8(string path) => _byPath.TryGetValue(path, out var document) ? document.Json : null;

    /// <summary>The content hash the root advertises for /openapi/v3/{path}, or null.</summary>
    public string? HashOf(string path) => _byPath.TryGetValue(path, out var document) ? document.Hash : null;

    /// <summary>A fresh, mutable copy of the root document.</summary>
    public JsonObject Root() => JsonNode.Parse(RootUtf8)!.AsObject();

    /// <summary>A fresh, mutable copy of the document at /openapi/v3/{path}, or null.</summary>
    public JsonObject? GroupVersion(string path) =>
        GroupVersionUtf8(path) is { } json ? JsonNode.Parse(json)!.AsObject() : null;

    private static byte[] Serialize(JsonNode node)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            node.WriteTo(writer);
        }
        return stream.ToArray();
    }

    private sealed record Document(byte[] Json, string Hash);
}
