using System.Diagnostics.CodeAnalysis;

namespace Rollouts.Engine.Conditions;

/// <summary>
/// A parsed condition such as <c>result[0] &gt;= 0.99</c>. Parse once (when a template is applied or linted, so that
/// syntax errors are reported with their position) and evaluate against each measurement. Immutable and thread-safe.
/// The language is documented in docs/conditions.md.
/// </summary>
public sealed class ConditionExpression
{
    private readonly ConditionNode _root;

    private ConditionExpression(string text, ConditionNode root)
    {
        Text = text;
        _root = root;
    }

    /// <summary>The condition as written.</summary>
    public string Text { get; }

    /// <exception cref="ConditionSyntaxException">The text is not a valid condition; the exception gives the position.</exception>
    public static ConditionExpression Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new ConditionExpression(text, ConditionParser.Parse(text));
    }

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> holds the message and position.</summary>
    public static bool TryParse(
        string text,
        [NotNullWhen(true)] out ConditionExpression? expression,
        [NotNullWhen(false)] out ConditionSyntaxException? error)
    {
        try
        {
            expression = Parse(text);
            error = null;
            return true;
        }
        catch (ConditionSyntaxException exception)
        {
            expression = null;
            error = exception;
            return false;
        }
    }

    /// <summary>Evaluates the condition with <c>result</c> bound to <paramref name="result"/>. Never throws.</summary>
    public ConditionResult Evaluate(ConditionValue result) => ConditionEvaluator.Evaluate(_root, result);

    public override string ToString() => Text;
}
