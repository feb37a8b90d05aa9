using System.Text.Json.Nodes;

namespace Rollouts.Sandbox.ApiServer.Resources.Tables;

/// <summary>Label selectors and label maps written the way kubectl prints them.</summary>
internal static class SelectorText
{
    /// <summary>
    /// A LabelSelector object as a selector string: requirements sorted by key, matchLabels as <c>k=v</c>,
    /// expressions as <c>k in (a,b)</c>, <c>k notin (a)</c>, <c>k</c>, <c>!k</c>; "" when it selects everything.
    /// </summary>
    public static string Selector(JsonObject? selector)
    {
        var requirements = new List<(string Key, string Text)>();
        foreach (var (key, value) in JsonRead.Object(selector, "matchLabels") ?? [])
        {
            requirements.Add((key, $"{key}={JsonRead.String(value)}"));
        }
        foreach (var expression in JsonRead.Array(selector, "matchExpressions").OfType<JsonObject>())
        {
            var key = JsonRead.String(expression, "key") ?? "";
            var values = string.Join(",", JsonRead.Strings(expression, "values").Distinct().Order(StringComparer.Ordinal));
            var text = JsonRead.String(expression, "operator") switch
            {
                "In" => $"{key} in ({values})",
                "NotIn" => $"{key} notin ({values})",
                "Exists" => key,
                "DoesNotExist" => $"!{key}",
                var other => $"{key} {other} ({values})",
            };
            requirements.Add((key, text));
        }
        return string.Join(",", requirements.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Text));
    }

    /// <summary>As <see cref="Selector"/>, "&lt;none&gt;" when empty.</summary>
    public static string SelectorOrNone(JsonObject? selector) => Selector(selector) is { Length: > 0 } text ? text : "<none>";

    /// <summary>A label map as <c>k=v,k2=v2</c> sorted by key, "&lt;none&gt;" when empty.</summary>
    public static string Labels(JsonObject? labels)
    {
        var pairs = (labels ?? []).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={JsonRead.String(p.Value)}");
        return string.Join(",", pairs) is { Length: > 0 } text ? text : "<none>";
    }
}
