using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Errors;
using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Sandbox.ApiServer.Selectors;
using Rollouts.Sandbox.ApiServer.Storage;

namespace Rollouts.Sandbox.Simulation;

/// <summary>What the simulator reads from a ReplicaSet, parsed once per stored version.</summary>
internal sealed record ReplicaSetFacts
{
    private static readonly ConditionalWeakTable<StoredObject, ReplicaSetFacts> Parsed = [];

    public required ObjectKey Key { get; init; }
    public required string Uid { get; init; }
    public long Generation { get; init; }
    public int Replicas { get; init; }
    public int MinReadySeconds { get; init; }

    /// <summary>spec.selector; a selector the server should not have stored selects nothing.</summary>
    public LabelSelector Selector { get; init; } = LabelSelector.Nothing;

    public ImmutableDictionary<string, string> TemplateLabels { get; init; } = ImmutableDictionary<string, string>.Empty;
    public ControllerRef? Controller { get; init; }
    public bool Deleting { get; init; }
    public ReplicaSetStatus Status { get; init; } = ReplicaSetStatus.Empty;

    /// <summary>The Deployment that controls this ReplicaSet, if one does.</summary>
    public ObjectKey? Deployment => Controller is { } owner && owner.IsApps("Deployment") ? new ObjectKey(Key.Namespace, owner.Name) : null;

    public static ReplicaSetFacts Of(StoredObject replicaSet) => Parsed.GetValue(replicaSet, Parse);

    private static ReplicaSetFacts Parse(StoredObject stored)
    {
        var rs = stored.ToJsonObject();
        LabelSelector selector;
        try
        {
            selector = LabelSelector.FromLabelSelectorJson(JsonRead.Node(rs, "spec", "selector"), "spec.selector");
        }
        catch (ApiError)
        {
            selector = LabelSelector.Nothing;
        }

        return new ReplicaSetFacts
        {
            Key = stored.Key,
            Uid = stored.Uid,
            Generation = JsonRead.Integer(rs, "metadata", "generation") ?? 0,
            Replicas = (int)Math.Clamp(JsonRead.Integer(rs, "spec", "replicas") ?? 1, 0, int.MaxValue),
            MinReadySeconds = (int)Math.Clamp(JsonRead.Integer(rs, "spec", "minReadySeconds") ?? 0, 0, int.MaxValue),
            Selector = selector,
            TemplateLabels = StringMap(JsonRead.Object(rs, "spec", "template", "metadata", "labels")),
            Controller = ControllerRef.Of(rs),
            Deleting = stored.IsDeleting,
            Status = ReplicaSetStatus.Read(JsonRead.Object(rs, "status")),
        };
    }

    internal static ImmutableDictionary<string, string> StringMap(JsonObject? map) =>
        map is null
            ? ImmutableDictionary<string, string>.Empty
            : map.Where(kv => kv.Value is JsonValue).ToImmutableDictionary(kv => kv.Key, kv => kv.Value!.ToString(), StringComparer.Ordinal);
}
