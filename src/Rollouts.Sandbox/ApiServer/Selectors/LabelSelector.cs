using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Errors;

namespace Rollouts.Sandbox.ApiServer.Selectors;

/// <summary>A label selector: requirements that must all hold (comma = AND).</summary>
public sealed class LabelSelector
{
    public static readonly LabelSelector Everything = new([]);

    private readonly ImmutableArray<Requirement> _requirements;

    private LabelSelector(ImmutableArray<Requirement> requirements) => _requirements = requirements;

    public bool IsEmpty => _requirements.IsEmpty;

    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var requirements = ImmutableArray.CreateBuilder<Requirement>();
        foreach (var part in SplitTopLevel(text))
        {
            requirements.Add(ParseRequirement(part.Trim(), text));
        }

        return new LabelSelector(requirements.ToImmutable());
    }

    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        foreach (var requirement in _requirements)
        {
            string? value = null;
            var has = labels is not null && labels.TryGetValue(requirement.Key, out value);
            var ok = requirement.Operator switch
            {
                "=" => has && value == requirement.Values[0],
                "!=" => !has || value != requirement.Values[0],
                "in" => has && requirement.Values.Contains(value!),
                "notin" => !has || !requirement.Values.Contains(value!),
                "exists" => has,
                "!" => !has,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A metav1.LabelSelector object (matchLabels, matchExpressions).</summary>
    public static LabelSelector FromLabelSelectorJson(JsonNode? node)
    {
        if (node is not JsonObject selector)
        {
            return Everything;
        }

        var requirements = ImmutableArray.CreateBuilder<Requirement>();
        if (selector["matchLabels"] is JsonObject matchLabels)
        {
            foreach (var (key, value) in matchLabels.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                requirements.Add(new Requirement(key, "=", [value?.GetValue<string>() ?? ""]));
            }
        }

        if (selector["matchExpressions"] is JsonArray expressions)
        {
            foreach (var expression in expressions.OfType<JsonObject>())
            {
                var key = expression["key"]?.GetValue<string>() ?? "";
                var values = (expression["values"] as JsonArray)?.Select(v => v?.GetValue<string>() ?? "").Order(StringComparer.Ordinal).ToImmutableArray() ?? [];
                var op = expression["operator"]?.GetValue<string>() switch
                {
                    "In" => "in",
                    "NotIn" => "notin",
                    "Exists" => "exists",
                    "DoesNotExist" => "!",
                    var other => throw ApiError.BadRequest($"\"{other}\" is not a valid label selector operator"),
                };
                requirements.Add(new Requirement(key, op, values));
            }
        }

        return new LabelSelector(requirements.ToImmutable());
    }

    public override string ToString() => string.Join(",", _requirements.Select(r => r.Operator switch
    {
        "=" => $"{r.Key}={r.Values[0]}",
        "!=" => $"{r.Key}!={r.Values[0]}",
        "in" => $"{r.Key} in ({string.Join(",", r.Values)})",
        "notin" => $"{r.Key} notin ({string.Join(",", r.Values)})",
        "exists" => r.Key,
        _ => $"!{r.Key}",
    }));

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] == '(' ? 1 : text[i] == ')' ? -1 : 0;
            if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }

    private static Requirement ParseRequirement(string part, string whole)
    {
        ApiError Bad(string why) => ApiError.BadRequest($"unable to parse requirement: {why} (in \"{whole}\")");
        if (part.Length == 0)
        {
            throw Bad("found '', expected: identifier");
        }

        if (part.StartsWith('!'))
        {
            return new Requirement(Key(part[1..].Trim(), Bad), "!", []);
        }

        foreach (var op in new[] { "!=", "==", "=" })
        {
            var at = part.IndexOf(op, StringComparison.Ordinal);
            if (at > 0)
            {
                var value = part[(at + op.Length)..].Trim();
                if (!Operations.ObjectMetadata.IsLabelValue(value))
                {
                    throw Bad($"invalid label value: \"{value}\"");
                }

                return new Requirement(Key(part[..at].Trim(), Bad), op == "!=" ? "!=" : "=", [value]);
            }
        }

        var words = part.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 1)
        {
            return new Requirement(Key(words[0], Bad), "exists", []);
        }

        var rest = words[1];
        var setOp = rest.StartsWith("notin", StringComparison.Ordinal) ? "notin" : rest.StartsWith("in", StringComparison.Ordinal) ? "in" : null;
        var open = rest.IndexOf('(', StringComparison.Ordinal);
        if (setOp is null || open < 0 || !rest.EndsWith(')') || rest[setOp.Length..open].Trim().Length != 0)
        {
            throw Bad($"found '{rest}', expected: in, notin, =, ==, !=");
        }

        var values = rest[(open + 1)..^1].Split(',', StringSplitOptions.TrimEntries).Where(v => v.Length > 0).ToImmutableArray();
        if (values.IsEmpty)
        {
            throw Bad("for 'in', 'notin' operators, values set can't be empty");
        }

        return new Requirement(Key(words[0], Bad), setOp, values);
    }

    private static string Key(string key, Func<string, ApiError> bad) =>
        Operations.ObjectMetadata.IsQualifiedName(key) ? key : throw bad($"invalid label key \"{key}\"");

    private sealed record Requirement(string Key, string Operator, ImmutableArray<string> Values);
}
