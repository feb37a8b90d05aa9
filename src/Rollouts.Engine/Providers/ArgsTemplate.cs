using System.Text;
using System.Text.RegularExpressions;

namespace Rollouts.Engine.Providers;

/// <summary>
/// Replaces <c>{{args.name}}</c> (spaces inside the braces allowed) with the argument's value. Other
/// <c>{{...}}</c> text is left alone.
/// </summary>
/// <remarks>
/// By default a value may not contain a quote (<c>" ' `</c>), a backslash or a control character: those are
/// what would let an argument end a PromQL label string (<c>version="{{args.version}}"</c>) and append its own
/// selectors, and arguments often come from a less trusted place (a Rollout) than the query (a cluster
/// template). A template that wants values inserted exactly as given sets its <c>verbatim</c> flag; escaping is
/// then its author's responsibility. Values placed outside a string literal (a range such as <c>[{{args.window}}]</c>)
/// are not inspected beyond this rule.
/// </remarks>
public static partial class ArgsTemplate
{
    /// <summary>The placeholder syntax, for messages.</summary>
    public const string Syntax = "{{args.name}}";

    /// <summary>Substitutes every placeholder in <paramref name="template"/>, or names the first argument that is missing or unsafe.</summary>
    public static ArgsSubstitution Substitute(string template, IReadOnlyDictionary<string, string> args, bool verbatim = false)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(args);
        var output = new StringBuilder(template.Length);
        var last = 0;
        foreach (Match match in Placeholder().Matches(template))
        {
            var name = match.Groups[1].Value;
            if (!args.TryGetValue(name, out var value))
            {
                return ArgsSubstitution.Failed($"argument \"{name}\" is used in \"{template}\" but was not given; given: {Names(args)}");
            }

            if (!verbatim && FirstUnsafe(value) is { } bad)
            {
                return ArgsSubstitution.Failed(
                    $"argument \"{name}\" contains {Describe(bad)}, which could end a quoted string in the query; " +
                    "remove it or mark the template's arguments as verbatim");
            }

            output.Append(template, last, match.Index - last).Append(value);
            last = match.Index + match.Length;
        }

        output.Append(template, last, template.Length - last);
        return ArgsSubstitution.Done(output.ToString());
    }

    private static char? FirstUnsafe(string value)
    {
        foreach (var c in value)
        {
            if (c is '"' or '\'' or '`' or '\\' || char.IsControl(c))
            {
                return c;
            }
        }

        return null;
    }

    private static string Describe(char c) => char.IsControl(c) ? $"control character U+{(int)c:X4}" : $"the character {c}";

    private static string Names(IReadOnlyDictionary<string, string> args) =>
        args.Count == 0 ? "none" : string.Join(", ", args.Keys.Order(StringComparer.Ordinal));

    [GeneratedRegex(@"\{\{\s*args\.([A-Za-z0-9_.\-]+)\s*\}\}")]
    private static partial Regex Placeholder();
}

/// <summary>The substituted text, or why substitution failed.</summary>
public sealed record ArgsSubstitution(string? Text, string? Error)
{
    public static ArgsSubstitution Done(string text) => new(text, null);

    public static ArgsSubstitution Failed(string error) => new(null, error);
}
