using System.Text.Json;
using System.Text.Json.Nodes;
using Rollouts.Api;
using Rollouts.Api.Analysis;
using Rollouts.Api.Rollouts;
using Rollouts.Kubernetes.Models;
using Rollouts.Kubernetes.Yaml;

namespace Rollouts.Cli.Files;

/// <summary>One object of a manifest file: where it starts, its kind and name, and the object read from it (null when unreadable).</summary>
internal sealed record ManifestObject(string File, int Line, string Kind, string Name, object? Item, string? Error)
{
    public string Where => $"{File}:{Line}: {Kind} {Name}";
}

/// <summary>Reads YAML or JSON manifests (several documents separated by ---) into the project's types.</summary>
internal static class Manifests
{
    public static IReadOnlyList<ManifestObject> Read(string path)
    {
        string text;
        try
        {
            text = path == "-" ? Console.In.ReadToEnd() : File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {path}: {e.Message}");
        }

        IReadOnlyList<YamlJsonDocument> documents;
        try
        {
            documents = YamlJson.ParseAll(text);
        }
        catch (FormatException e)
        {
            throw new CliException($"{path}: not valid YAML: {e.Message}");
        }

        return [.. documents.SelectMany(d => d.Node is JsonObject o && o["kind"]?.GetValue<string>() == "List" && o["items"] is JsonArray items
            ? items.Where(i => i is not null).Select(i => Read(path, d.Line, i!))
            : [Read(path, d.Line, d.Node)])];
    }

    private static ManifestObject Read(string path, int line, JsonNode node)
    {
        var kind = node["kind"]?.GetValueKind() == JsonValueKind.String ? node["kind"]!.GetValue<string>() : "(no kind)";
        var name = node["metadata"]?["name"]?.GetValueKind() == JsonValueKind.String ? node["metadata"]!["name"]!.GetValue<string>() : "(no name)";
        try
        {
            object? item = kind switch
            {
                "Rollout" => node.Deserialize(RolloutsJsonContext.Default.Rollout),
                "AnalysisTemplate" => node.Deserialize(RolloutsJsonContext.Default.AnalysisTemplate),
                "ClusterAnalysisTemplate" => node.Deserialize(RolloutsJsonContext.Default.ClusterAnalysisTemplate),
                "Service" => node.Deserialize(KubernetesJsonContext.Default.Service),
                "Ingress" => node.Deserialize(KubernetesJsonContext.Default.Ingress),
                _ => null,
            };
            return new ManifestObject(path, line, kind, name, item, null);
        }
        catch (JsonException e)
        {
            var at = e.Path is { Length: > 1 } p ? $" at {p.TrimStart('$', '.')}" : "";
            return new ManifestObject(path, line, kind, name, null, $"cannot be read{at}: {e.Message}");
        }
    }

    public static IEnumerable<T> OfType<T>(this IEnumerable<ManifestObject> objects) => objects.Select(o => o.Item).OfType<T>();

    public static IEnumerable<AnalysisTemplate> Templates(this IEnumerable<ManifestObject> objects) => OfType<AnalysisTemplate>(objects);

    public static IEnumerable<Rollout> Rollouts(this IEnumerable<ManifestObject> objects) => OfType<Rollout>(objects);
}
