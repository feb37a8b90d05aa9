using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Errors;

namespace Rollouts.Sandbox.ApiServer.Selectors;

/// <summary>
/// A label selector: requirements that must all hold. Read from the query's text form (<see cref="Parse"/>)
/// or from a metav1.LabelSelector object in a spec (<see cref="FromLabelSelectorJson"/>).
/// </summary>
public sealed class LabelSelector
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    private readonly bool _matchesNothing;

    private LabelSelector(ImmutableArray<LabelRequirement> requirements, bool matchesNothing = false)
    {
        Requirements = requirements;
        _matchesNothing = matchesNothing;
    }

    /// <summary>Matches every object: the empty selector.</summary>
    public static LabelSelector Everything { get; } = new([]);

    /// <summary>Matches no object: what a null metav1.LabelSelector means.</summary>
    public static LabelSelector Nothing { get; } = new([], matchesNothing: true);

    /// <summary>The requirements, sorted by key.</summary>
    public ImmutableArray<LabelRequirement> Requirements { get; }

    /// <summary>True when the selector has no requirements and so matches everything.</summary>
    public bool IsEmpty => !_matchesNothing && Requirements.IsEmpty;

    /// <summary>
    /// Reads <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>, <c>k in (a,b)</c>, <c>k notin (a)</c>, <c>k</c>, <c>!k</c>,
    /// <c>k&gt;1</c>, <c>k&lt;1</c>, joined by commas; null or blank text selects everything.
    /// </summary>
    /// <exception cref="ApiError">400 BadRequest with the real server's message for bad syntax, keys or values.</exception>
    public static LabelSelector Parse(string? text) =>
        string.IsNullOrWhiteSpace(text) ? Everything : new LabelSelector(LabelSelectorParser.Parse(text));

    /// <summary>
    /// Reads a metav1.LabelSelector (<c>matchLabels</c>, <c>matchExpressions</c> with In, NotIn, Exists,
    /// DoesNotExist): null selects nothing, <c>{}</c> everything.
    /// </summary>
    /// <param name="node">The selector object.</param>
    /// <param name="fieldPath">Where the selector sits in its object, for error messages (e.g. "spec.selector").</param>
    /// <exception cref="ApiError">422 Invalid with one cause per problem, as <see cref="Validate"/> finds them.</exception>
    public static LabelSelector FromLabelSelectorJson(JsonNode? node, string fieldPath = "selector")
    {
        var causes = Validate(node, fieldPath);
        if (causes.Count > 0)
        {
            var message = string.Join(", ", causes.Select(c => $"{c.Field}: {c.Message}"));
            throw new ApiError(422, "Invalid", message, causes: [.. causes]);
        }

        return LabelSelectorObject.Read(node);
    }

    /// <summary>
    /// The problems of a metav1.LabelSelector, worded and placed as the real server's validation does, for a
    /// caller that knows the object to report them with <see cref="ApiError.Invalid"/>. Empty when it is valid.
    /// </summary>
    public static IReadOnlyList<StatusCause> Validate(JsonNode? node, string fieldPath) => LabelSelectorObject.Validate(node, fieldPath);

    internal static LabelSelector Of(IEnumerable<LabelRequirement> requirements) =>
        new([.. requirements.OrderBy(r => r.Key, StringComparer.Ordinal)]);

    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        if (_matchesNothing)
        {
            return false;
        }

        labels ??= NoLabels;
        foreach (var requirement in Requirements)
        {
            if (!requirement.Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Matches an object's <c>metadata.labels</c> (a JSON object of strings; null or absent is no labels).</summary>
    public bool Matches(JsonNode? labels) => Matches(LabelSelectorObject.Labels(labels));

    /// <summary>The canonical text form, requirements sorted by key: <c>app=web,tier in (a,b)</c>.</summary>
    public override string ToString() => string.Join(",", Requirements.Select(r => r.ToString()));
}
