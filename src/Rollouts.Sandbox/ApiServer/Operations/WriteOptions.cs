namespace Rollouts.Sandbox.ApiServer.Operations;

/// <summary>How unknown fields in a request are treated (the fieldValidation query parameter).</summary>
public enum FieldValidation
{
    Ignore,
    Warn,
    Strict,
}

/// <summary>Query parameters shared by create, update and patch.</summary>
public sealed record WriteOptions
{
    public static readonly WriteOptions Default = new();

    public bool DryRun { get; init; }
    public string? FieldManager { get; init; }
    public FieldValidation FieldValidation { get; init; } = FieldValidation.Warn;
    public bool Force { get; init; }
    /// <summary>The user making the request, for records such as managedFields.</summary>
    public string User { get; init; } = "";
}

/// <summary>The body of a DELETE and its query parameters.</summary>
public sealed record DeleteOptions
{
    public static readonly DeleteOptions Default = new();

    /// <summary>Orphan, Background or Foreground; null for the resource's default (Background).</summary>
    public string? PropagationPolicy { get; init; }
    public string? PreconditionUid { get; init; }
    public string? PreconditionResourceVersion { get; init; }
    public bool DryRun { get; init; }
}

/// <summary>Query parameters of a list.</summary>
public sealed record ListOptions
{
    public static readonly ListOptions Default = new();

    public string? LabelSelector { get; init; }
    public string? FieldSelector { get; init; }
    public int? Limit { get; init; }
    public string? Continue { get; init; }
}
