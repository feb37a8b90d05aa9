using Rollouts.Kubernetes.Models;

namespace Rollouts.Api.Common;

/// <summary>Whether a label selector selects a set of labels, as the API server decides it.</summary>
internal static class LabelSelectorMatch
{
    /// <summary>True when every matchLabels pair is present and every expression holds. Unknown operators never match.</summary>
    public static bool Matches(LabelSelector selector, IReadOnlyDictionary<string, string>? labels)
    {
        labels ??= new Dictionary<string, string>();
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        foreach (var requirement in selector.MatchExpressions ?? [])
        {
            var present = labels.TryGetValue(requirement.Key ?? "", out var actual);
            var values = requirement.Values ?? [];
            var holds = requirement.Operator switch
            {
                "In" => present && values.Contains(actual),
                "NotIn" => !present || !values.Contains(actual),
                "Exists" => present,
                "DoesNotExist" => !present,
                _ => false,
            };
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }
}
