namespace Rollouts.Engine.Conditions;

/// <summary>
/// A condition that cannot be parsed. <see cref="Position"/> is the 0-based character offset of the problem; the
/// message ends with "at position N" so it can be shown to the user as it is.
/// </summary>
public sealed class ConditionSyntaxException : Exception
{
    public ConditionSyntaxException()
        : this("invalid condition", 0)
    {
    }

    public ConditionSyntaxException(string message)
        : this(message, 0)
    {
    }

    public ConditionSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <param name="problem">What is wrong, e.g. <c>expected ')'</c>.</param>
    /// <param name="position">0-based character offset.</param>
    /// <param name="found">What was there instead, e.g. <c>end of input</c>; appended to the message.</param>
    public ConditionSyntaxException(string problem, int position, string? found = null)
        : base($"{problem} at position {position}" + (found is null ? "" : $" (found {found})"))
    {
        Problem = problem;
        Position = position;
    }

    /// <summary>0-based character offset in the condition text.</summary>
    public int Position { get; }

    /// <summary>The problem without its position, e.g. <c>expected ')'</c>.</summary>
    public string Problem { get; } = "invalid condition";
}
