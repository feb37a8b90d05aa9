namespace Rollouts.Engine.Providers;

/// <summary>
/// The result of asking a provider: a measured result, or an error message. Providers never throw for what
/// goes wrong on the other side (bad query, timeout, refused address, unreachable server); the caller records
/// an Error measurement with <see cref="ErrorMessage"/>. Only cancellation by the caller is thrown.
/// </summary>
public sealed record ProviderOutcome
{
    /// <summary>Messages are stored in status, so they are cut to this many characters.</summary>
    public const int MaxMessageLength = 1024;

    private ProviderOutcome(QueryResult? result, string? errorMessage)
    {
        Result = result;
        ErrorMessage = errorMessage;
    }

    /// <summary>The measured result, or null when the query failed.</summary>
    public QueryResult? Result { get; }

    /// <summary>Why the query failed (at most <see cref="MaxMessageLength"/> characters), or null on success.</summary>
    public string? ErrorMessage { get; }

    public bool IsError => ErrorMessage is not null;

    public static ProviderOutcome Success(QueryResult result) => new(result, null);

    public static ProviderOutcome Failure(string message) => new(null, BoundedText.Cut(message, MaxMessageLength));
}
