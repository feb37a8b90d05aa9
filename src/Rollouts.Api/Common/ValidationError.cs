namespace Rollouts.Api.Common;

/// <summary>
/// One problem in a resource a user wrote: where it is (<see cref="Field"/>, a path such as
/// <c>spec.strategy.canary.steps[2].setWeight</c>), a stable <see cref="Reason"/> (one of
/// <see cref="ValidationReason"/>) and a <see cref="Message"/> that names the bad value and says what is allowed.
/// </summary>
public sealed record ValidationError(string Field, string Reason, string Message)
{
    /// <summary>The form the API server uses for a field error: <c>field: message</c>.</summary>
    public override string ToString() => $"{Field}: {Message}";
}

/// <summary>The reasons a <see cref="ValidationError"/> can have. They are stable: tools may match on them.</summary>
public static class ValidationReason
{
    /// <summary>A field that must be set is missing or empty.</summary>
    public const string Required = "Required";

    /// <summary>A number is outside its bounds (a weight above 100, a negative count or duration).</summary>
    public const string OutOfRange = "OutOfRange";

    /// <summary>A value cannot be read: a duration, a count or percentage, a selector operator.</summary>
    public const string InvalidFormat = "InvalidFormat";

    /// <summary>Exactly one of several fields must be set, and none or more than one is.</summary>
    public const string ExactlyOneOf = "ExactlyOneOf";

    /// <summary>A field name nobody knows, such as a misspelt step kind.</summary>
    public const string UnknownField = "UnknownField";

    /// <summary>A known field or feature (e.g. from Argo Rollouts) that Rollouts does not support yet.</summary>
    public const string NotSupported = "NotSupported";

    /// <summary>Fields whose values do not fit together (the same service twice, a deadline shorter than minReadySeconds).</summary>
    public const string Conflict = "Conflict";

    /// <summary>The selector does not select the pods the template describes.</summary>
    public const string SelectorMismatch = "SelectorMismatch";

    /// <summary>A value that is wrong for another reason, said in the message.</summary>
    public const string Invalid = "Invalid";
}
