using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kubernetes.Models;

/// <summary>Selects objects by label; all of <see cref="MatchLabels"/> and <see cref="MatchExpressions"/> must hold.</summary>
public sealed record LabelSelector
{
    public IReadOnlyDictionary<string, string>? MatchLabels { get; init; }

    public IReadOnlyList<LabelSelectorRequirement>? MatchExpressions { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }

    /// <summary>
    /// The selector in the query-string form list and watch take (<c>app=web,tier in (a,b)</c>).
    /// An empty selector gives an empty string, which selects everything.
    /// </summary>
    public string ToQueryString()
    {
        var parts = new List<string>();
        foreach (var (key, value) in (MatchLabels ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            parts.Add($"{key}={value}");
        }

        foreach (var requirement in MatchExpressions ?? [])
        {
            parts.Add(requirement.ToQueryString());
        }

        return string.Join(',', parts);
    }
}

/// <summary>One expression of a <see cref="LabelSelector"/>: <c>In</c>, <c>NotIn</c>, <c>Exists</c> or <c>DoesNotExist</c>.</summary>
public sealed record LabelSelectorRequirement
{
    public string? Key { get; init; }

    public string? Operator { get; init; }

    public IReadOnlyList<string>? Values { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }

    public string ToQueryString()
    {
        var values = new StringBuilder().AppendJoin(',', Values ?? []).ToString();
        return Operator switch
        {
            "In" => $"{Key} in ({values})",
            "NotIn" => $"{Key} notin ({values})",
            "Exists" => $"{Key}",
            "DoesNotExist" => $"!{Key}",
            _ => throw new FormatException(
                $"Label selector requirement on key '{Key}' has operator '{Operator}'; expected In, NotIn, Exists or DoesNotExist."),
        };
    }
}
