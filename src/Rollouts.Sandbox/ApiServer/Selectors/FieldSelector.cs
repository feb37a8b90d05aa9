using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Errors;

namespace Rollouts.Sandbox.ApiServer.Selectors;

/// <summary>A field selector (<c>metadata.name=x,status.phase!=Running</c>) over the fields the real server supports per kind.</summary>
public sealed class FieldSelector
{
    public static readonly FieldSelector Everything = new([]);

    private static readonly FrozenDictionary<string, string[]> ExtraFields = new Dictionary<string, string[]>
    {
        ["Pod"] = ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "status.phase", "status.podIP", "status.nominatedNodeName"],
        ["Event"] = ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion",
            "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"],
        ["Secret"] = ["type"],
        ["Namespace"] = ["status.phase"],
        ["ReplicaSet"] = ["status.replicas"],
        ["Node"] = ["spec.unschedulable"],
    }.ToFrozenDictionary();

    private readonly ImmutableArray<(string Field, bool Equal, string Value)> _terms;

    private FieldSelector(ImmutableArray<(string, bool, string)> terms) => _terms = terms;

    public bool IsEmpty => _terms.IsEmpty;

    public static FieldSelector Parse(string? text, string kind)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var terms = ImmutableArray.CreateBuilder<(string, bool, string)>();
        foreach (var raw in text.Split(','))
        {
            var part = raw.Trim();
            var (at, length, equal) = part.IndexOf("!=", StringComparison.Ordinal) is var ne and > 0 ? (ne, 2, false)
                : part.IndexOf("==", StringComparison.Ordinal) is var ee and > 0 ? (ee, 2, true)
                : part.IndexOf('=', StringComparison.Ordinal) is var e and > 0 ? (e, 1, true)
                : (-1, 0, true);
            if (at < 0)
            {
                throw ApiError.BadRequest($"invalid selector: '{text}'; can't understand '{part}'");
            }

            var field = part[..at].Trim();
            if (field is not ("metadata.name" or "metadata.namespace") && !(ExtraFields.TryGetValue(kind, out var extra) && extra.Contains(field)))
            {
                throw ApiError.BadRequest($"\"{field}\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
            }

            terms.Add((field, equal, part[(at + length)..].Trim()));
        }

        return new FieldSelector(terms.ToImmutable());
    }

    public bool Matches(JsonNode obj)
    {
        foreach (var (field, equal, value) in _terms)
        {
            var actual = Read(obj, field);
            if ((actual == value) != equal)
            {
                return false;
            }
        }

        return true;
    }

    private static string Read(JsonNode obj, string field)
    {
        JsonNode? node = obj;
        foreach (var part in field.Split('.'))
        {
            node = (node as JsonObject)?[part];
        }

        return node switch
        {
            null => "",
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => node.ToJsonString(),
        };
    }
}
