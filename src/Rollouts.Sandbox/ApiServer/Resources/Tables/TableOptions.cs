using Rollouts.Sandbox.ApiServer.Errors;

namespace Rollouts.Sandbox.ApiServer.Resources.Tables;

/// <summary>What each table row carries as its <c>object</c> (the <c>includeObject</c> query parameter).</summary>
public enum IncludeObjectPolicy
{
    /// <summary>No object.</summary>
    None,

    /// <summary>A PartialObjectMetadata with the object's metadata: the default, and what kubectl needs for
    /// namespaces, labels (--show-labels, -L) and names.</summary>
    Metadata,

    /// <summary>The whole object (kubectl asks for it with --sort-by).</summary>
    Object,
}

/// <summary>How to render a Table.</summary>
public sealed record TableOptions
{
    /// <summary>The instant ages are measured at.</summary>
    public required DateTimeOffset Now { get; init; }

    public IncludeObjectPolicy IncludeObject { get; init; } = IncludeObjectPolicy.Metadata;

    /// <summary>Leave columnDefinitions empty: watch events after the first carry rows only.</summary>
    public bool OmitColumnDefinitions { get; init; }

    /// <summary>Reads the includeObject query parameter; absent means Metadata, an unknown value is a 400.</summary>
    public static IncludeObjectPolicy ParseIncludeObject(string? value) => value switch
    {
        null or "" or "Metadata" => IncludeObjectPolicy.Metadata,
        "None" => IncludeObjectPolicy.None,
        "Object" => IncludeObjectPolicy.Object,
        _ => throw ApiError.BadRequest(
            $"includeObject: Unsupported value: \"{value}\": supported values: \"Metadata\", \"None\", \"Object\""),
    };
}
