namespace Rollouts.Sandbox.ApiServer.Errors;

/// <summary>One cause of an Invalid (422) error: reason such as FieldValueInvalid, and the field path.</summary>
public sealed record StatusCause(string Reason, string Message, string Field);
