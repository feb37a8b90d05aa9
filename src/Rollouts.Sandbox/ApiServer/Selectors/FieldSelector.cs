using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Errors;

namespace Rollouts.Sandbox.ApiServer.Selectors;

/// <summary>One condition of a field selector: the field equals (or, negated, differs from) the value.</summary>
public sealed record FieldRequirement(string Field, bool Negated, string Value)
{
    /// <summary><c>field=value</c> or <c>field!=value</c>, with ',', '=' and '\' in the value escaped.</summary>
    public override string ToString()
    {
        var escaped = Value.Replace(@"\", @"\\", StringComparison.Ordinal)
            .Replace(",", @"\,", StringComparison.Ordinal)
            .Replace("=", @"\=", StringComparison.Ordinal);
        return $"{Field}{(Negated ? "!=" : "=")}{escaped}";
    }
}

/// <summary>
/// A field selector (<c>fieldSelector=</c>): <c>field=value</c>, <c>field==value</c> or <c>field!=value</c>
/// terms joined by commas, all of which must hold, over the fields the kind allows (see
/// <see cref="Parse"/>). An absent field reads as its empty value.
/// </summary>
public sealed class FieldSelector
{
    private readonly ImmutableArray<SelectableField> _fields;

    private FieldSelector(ImmutableArray<FieldRequirement> requirements, ImmutableArray<SelectableField> fields)
    {
        Requirements = requirements;
        _fields = fields;
    }

    public static FieldSelector Everything { get; } = new([], []);

    /// <summary>The requirements, in the order of their text.</summary>
    public ImmutableArray<FieldRequirement> Requirements { get; }

    public bool IsEmpty => Requirements.IsEmpty;

    /// <summary>
    /// Reads a field selector for a kind. Every kind allows metadata.name and (when namespaced) metadata.namespace;
    /// built-in kinds allow what the real server registers for them (Pod: spec.nodeName, spec.restartPolicy,
    /// spec.schedulerName, spec.serviceAccountName, spec.hostNetwork, status.phase, status.podIP,
    /// status.nominatedNodeName; Event: involvedObject.*, reason, reportingComponent, source, type; Secret: type;
    /// Service: spec.clusterIP, spec.type; Namespace: status.phase; Node: spec.unschedulable; ReplicaSet and
    /// ReplicationController: status.replicas; Job: status.successful).
    /// </summary>
    /// <exception cref="ApiError">400 BadRequest for bad syntax or a field the kind does not allow.</exception>
    public static FieldSelector Parse(string? text, string kind, bool builtIn = true, bool namespaced = true)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Everything;
        }

        var terms = SplitTerms(text).Where(term => term.Length > 0).Order(StringComparer.Ordinal).ToList();
        var requirements = new List<FieldRequirement>(terms.Count);
        foreach (var term in terms)
        {
            var (field, op, value) = SplitTerm(term)
                ?? throw ApiError.BadRequest($"invalid selector: '{text}'; can't understand '{term}'");
            requirements.Add(new FieldRequirement(field, op == "!=", Unescape(value)));
        }

        var fields = requirements.Select(requirement =>
            SelectableFields.Resolve(requirement.Field, kind, builtIn, namespaced, out var error) ?? throw ApiError.BadRequest(error!));
        return new FieldSelector([.. requirements], [.. fields]);
    }

    /// <summary>True when every requirement holds for the object.</summary>
    public bool Matches(JsonNode? obj)
    {
        for (var i = 0; i < Requirements.Length; i++)
        {
            var actual = Read(obj, _fields[i]);
            if ((actual == Requirements[i].Value) == Requirements[i].Negated)
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => string.Join(",", Requirements.Select(r => r.ToString()));

    /// <summary>A field's value as selectors compare it: strings as they are, booleans and numbers as JSON writes them.</summary>
    private static string Read(JsonNode? obj, SelectableField field)
    {
        var node = obj;
        foreach (var segment in field.Path.Split('.'))
        {
            node = (node as JsonObject)?[segment];
        }

        return node is JsonValue value
            ? value.GetValueKind() switch
            {
                JsonValueKind.String => value.GetValue<string>(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Number => value.ToJsonString(),
                _ => field.Default,
            }
            : field.Default;
    }

    /// <summary>Splits on commas not escaped by a backslash.</summary>
    private static List<string> SplitTerms(string text)
    {
        var terms = new List<string>();
        var start = 0;
        var escaped = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (escaped)
            {
                escaped = false;
            }
            else if (text[i] == '\\')
            {
                escaped = true;
            }
            else if (text[i] == ',')
            {
                terms.Add(text[start..i]);
                start = i + 1;
            }
        }

        terms.Add(text[start..]);
        return terms;
    }

    /// <summary>The field, operator and value of a term, split at the first "!=", "==" or "=".</summary>
    private static (string Field, string Operator, string Value)? SplitTerm(string term)
    {
        for (var i = 0; i < term.Length; i++)
        {
            foreach (var op in (ReadOnlySpan<string>)["!=", "==", "="])
            {
                if (string.CompareOrdinal(term, i, op, 0, op.Length) == 0)
                {
                    return (term[..i], op, term[(i + op.Length)..]);
                }
            }
        }

        return null;
    }

    private static string Unescape(string value)
    {
        if (value.AsSpan().IndexOfAny(@"\,=") < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\\')
            {
                if (i + 1 >= value.Length || value[i + 1] is not ('\\' or ',' or '='))
                {
                    var sequence = i + 1 < value.Length ? $"\\{value[i + 1]}" : "\\";
                    throw ApiError.BadRequest($"invalid field selector: invalid escape sequence: {sequence}");
                }

                builder.Append(value[++i]);
            }
            else if (c is ',' or '=')
            {
                throw ApiError.BadRequest(
                    $"invalid field selector: unescaped character in value: {((int)c).ToString(CultureInfo.InvariantCulture)} ('{c}')");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
