using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Kubernetes.Client.Http;

/// <summary>The verbs of one resource, over HTTP.</summary>
internal sealed class ResourceClient<T>(ApiTransport transport, ApiResource resource, JsonTypeInfo<T> typeInfo) : IResourceClient<T>
    where T : class, IKubernetesObject
{
    private const string Json = "application/json";

    public ApiResource Resource => resource;

    public async Task<T> GetAsync(string? @namespace, string name, CancellationToken cancellationToken = default)
    {
        var request = Request(HttpMethod.Get, "get", ResourcePath.Item(resource, @namespace, name));
        return Read(request, await transport.SendAsync(request, cancellationToken).ConfigureAwait(false), typeInfo);
    }

    public async Task<KubernetesList<T>> ListAsync(string? @namespace, ListOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ListOptions();
        var path = ResourcePath.WithQuery(
            ResourcePath.Collection(resource, @namespace),
            ("labelSelector", options.LabelSelector),
            ("fieldSelector", options.FieldSelector),
            ("limit", options.Limit?.ToString(CultureInfo.InvariantCulture)),
            ("continue", options.Continue),
            ("resourceVersion", options.ResourceVersion));
        var request = Request(HttpMethod.Get, "list", path);
        var body = await transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return ReadList(request, body);
    }

    public async Task<T> CreateAsync(T item, WriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        var path = WithWriteQuery(ResourcePath.Collection(resource, NamespaceOf(item)), options, fieldManager: null, force: false);
        var request = Request(HttpMethod.Post, "create", path, JsonSerializer.SerializeToUtf8Bytes(item, typeInfo), Json);
        return Read(request, await transport.SendAsync(request, cancellationToken).ConfigureAwait(false), typeInfo);
    }

    public Task<T> ReplaceAsync(T item, WriteOptions? options = null, CancellationToken cancellationToken = default) =>
        PutAsync(item, subresource: null, options, cancellationToken);

    public Task<T> ReplaceStatusAsync(T item, WriteOptions? options = null, CancellationToken cancellationToken = default) =>
        PutAsync(item, "status", options, cancellationToken);

    public Task<T> PatchAsync(string? @namespace, string name, Patch patch, WriteOptions? options = null, CancellationToken cancellationToken = default) =>
        PatchAsync(@namespace, name, subresource: null, patch, options, typeInfo, cancellationToken);

    public Task<T> PatchStatusAsync(string? @namespace, string name, Patch patch, WriteOptions? options = null, CancellationToken cancellationToken = default) =>
        PatchAsync(@namespace, name, "status", patch, options, typeInfo, cancellationToken);

    public async Task DeleteAsync(string? @namespace, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default)
    {
        var body = options is null ? null : JsonSerializer.SerializeToUtf8Bytes(
            new WireDeleteOptions
            {
                PropagationPolicy = options.PropagationPolicy?.ToString(),
                Preconditions = options.Preconditions is { } p ? new WirePreconditions { Uid = p.Uid, ResourceVersion = p.ResourceVersion } : null,
                GracePeriodSeconds = options.GracePeriodSeconds,
                DryRun = options.DryRun ? ["All"] : null,
            },
            ClientJsonContext.Default.WireDeleteOptions);
        var request = Request(HttpMethod.Delete, "delete", ResourcePath.Item(resource, @namespace, name), body, body is null ? null : Json);
        await transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Scale> GetScaleAsync(string? @namespace, string name, CancellationToken cancellationToken = default)
    {
        var request = Request(HttpMethod.Get, "get", ResourcePath.Item(resource, @namespace, name, "scale"), subresource: "scale");
        return Read(request, await transport.SendAsync(request, cancellationToken).ConfigureAwait(false), KubernetesJsonContext.Default.Scale);
    }

    public async Task<Scale> ReplaceScaleAsync(string? @namespace, string name, Scale scale, WriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scale);
        var path = WithWriteQuery(ResourcePath.Item(resource, @namespace, name, "scale"), options, fieldManager: null, force: false);
        var body = JsonSerializer.SerializeToUtf8Bytes(scale, KubernetesJsonContext.Default.Scale);
        var request = Request(HttpMethod.Put, "update", path, body, Json, "scale");
        return Read(request, await transport.SendAsync(request, cancellationToken).ConfigureAwait(false), KubernetesJsonContext.Default.Scale);
    }

    public Task<Scale> PatchScaleAsync(string? @namespace, string name, Patch patch, WriteOptions? options = null, CancellationToken cancellationToken = default) =>
        PatchAsync(@namespace, name, "scale", patch, options, KubernetesJsonContext.Default.Scale, cancellationToken);

    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync(
        string? @namespace,
        WatchOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new WatchOptions();
        var path = ResourcePath.WithQuery(
            ResourcePath.Collection(resource, @namespace),
            ("watch", "true"),
            ("resourceVersion", options.ResourceVersion),
            ("allowWatchBookmarks", options.AllowWatchBookmarks ? "true" : null),
            ("timeoutSeconds", options.TimeoutSeconds?.ToString(CultureInfo.InvariantCulture)),
            ("labelSelector", options.LabelSelector),
            ("fieldSelector", options.FieldSelector));
        var request = Request(HttpMethod.Get, "watch", path);
        using var response = await transport.OpenAsync(request, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var lines = new WatchLineReader(stream);
            while (await NextLineAsync(lines, cancellationToken).ConfigureAwait(false) is { } line)
            {
                yield return WatchEventDecoder.Decode(request, line.Span, typeInfo);
            }
        }
    }

    /// <summary>A broken connection ends the watch like a closed one: the caller watches again from where it got.</summary>
    private static async ValueTask<ReadOnlyMemory<byte>?> NextLineAsync(WatchLineReader lines, CancellationToken cancellationToken)
    {
        try
        {
            return await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private async Task<T> PutAsync(T item, string? subresource, WriteOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var name = item.Metadata.Name ?? throw new ArgumentException($"Replace of {resource}: metadata.name is required.", nameof(item));
        if (string.IsNullOrEmpty(item.Metadata.ResourceVersion))
        {
            throw new ArgumentException(
                $"Replace of {resource} '{name}': metadata.resourceVersion is required; read the object first so that a concurrent change is a Conflict instead of being overwritten.",
                nameof(item));
        }

        var path = WithWriteQuery(ResourcePath.Item(resource, NamespaceOf(item), name, subresource), options, fieldManager: null, force: false);
        var request = Request(HttpMethod.Put, "update", path, JsonSerializer.SerializeToUtf8Bytes(item, typeInfo), Json, subresource);
        return Read(request, await transport.SendAsync(request, cancellationToken).ConfigureAwait(false), typeInfo);
    }

    private async Task<TResult> PatchAsync<TResult>(
        string? @namespace,
        string name,
        string? subresource,
        Patch patch,
        WriteOptions? options,
        JsonTypeInfo<TResult> resultType,
        CancellationToken cancellationToken)
        where TResult : class
    {
        ArgumentNullException.ThrowIfNull(patch);
        var path = WithWriteQuery(ResourcePath.Item(resource, @namespace, name, subresource), options, patch.FieldManager, patch.Force);
        var request = Request(HttpMethod.Patch, "patch", path, System.Text.Encoding.UTF8.GetBytes(patch.Body), patch.ContentType, subresource);
        return Read(request, await transport.SendAsync(request, cancellationToken).ConfigureAwait(false), resultType);
    }

    private string? NamespaceOf(T item) => resource.Namespaced
        ? item.Metadata.Namespace ?? throw new ArgumentException(
            $"{resource} '{item.Metadata.Name ?? item.Metadata.GenerateName}' has no metadata.namespace; set it.", nameof(item))
        : null;

    private static string WithWriteQuery(string path, WriteOptions? options, string? fieldManager, bool force) =>
        ResourcePath.WithQuery(
            path,
            ("fieldManager", fieldManager ?? options?.FieldManager),
            ("force", force ? "true" : null),
            ("dryRun", options?.DryRun == true ? "All" : null));

    private ApiRequest Request(HttpMethod method, string verb, string path, byte[]? body = null, string? contentType = null, string? subresource = null) => new()
    {
        Method = method,
        Verb = verb,
        Resource = subresource is null ? resource.Plural : $"{resource.Plural}/{subresource}",
        PathAndQuery = path,
        Body = body,
        ContentType = contentType,
    };

    private static TResult Read<TResult>(ApiRequest request, byte[] body, JsonTypeInfo<TResult> type)
        where TResult : class
    {
        try
        {
            return JsonSerializer.Deserialize(body, type)
                ?? throw new InvalidDataException($"{request}: the server answered with an empty body.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{request}: the answer is not a valid {typeof(TResult).Name}: {e.Message}", e);
        }
    }

    private KubernetesList<T> ReadList(ApiRequest request, byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var items = new List<T>();
            var undecodable = new List<string>();
            if (root.TryGetProperty("items", out var array) && array.ValueKind == JsonValueKind.Array)
            {
                foreach (var element in array.EnumerateArray())
                {
                    T? item;
                    try
                    {
                        item = element.Deserialize(typeInfo);
                    }
                    catch (JsonException e)
                    {
                        undecodable.Add($"{NameOf(element)}: {e.Message}");
                        continue;
                    }

                    items.Add(item ?? throw new InvalidDataException($"{request}: the list holds a null item."));
                }
            }

            return new KubernetesList<T>
            {
                ApiVersion = root.TryGetProperty("apiVersion", out var apiVersion) ? apiVersion.GetString() : null,
                Kind = root.TryGetProperty("kind", out var kind) ? kind.GetString() : null,
                Metadata = root.TryGetProperty("metadata", out var metadata) ? metadata.Deserialize(KubernetesJsonContext.Default.ListMeta) ?? new() : new(),
                Items = items,
                Undecodable = undecodable,
            };
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{request}: the answer is not a valid {resource.Kind} list: {e.Message}", e);
        }
    }

    /// <summary>"namespace/name" of a listed object, as far as its metadata can be read.</summary>
    private static string NameOf(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object)
        {
            return "an object without metadata";
        }

        static string? Text(JsonElement parent, string name) =>
            parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        var name = Text(metadata, "name") ?? "?";
        return Text(metadata, "namespace") is { } ns ? $"{ns}/{name}" : name;
    }
}
