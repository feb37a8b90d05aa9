namespace Rollouts.Engine.Conditions;

/// <summary>
/// The outcome of evaluating a condition: <see cref="Ok"/> with the boolean, or <see cref="Error"/> with a message
/// (a missing value, a type mismatch, an empty list). An error is never success; the caller decides what it means.
/// </summary>
public abstract record ConditionResult
{
    private ConditionResult()
    {
    }

    /// <summary>True only for <c>Ok(true)</c>.</summary>
    public bool IsTrue => this is OkResult { Value: true };

    public static ConditionResult Ok(bool value) => new OkResult(value);

    public static ConditionResult Error(string message) => new ErrorResult(message);

    /// <summary>The condition evaluated to <paramref name="Value"/>.</summary>
    public sealed record OkResult(bool Value) : ConditionResult;

    /// <summary>The condition could not be evaluated; <paramref name="Message"/> says why and where.</summary>
    public sealed record ErrorResult(string Message) : ConditionResult;
}
