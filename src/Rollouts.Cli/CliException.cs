namespace Rollouts.Cli;

/// <summary>
/// A problem the user can fix or a command that does not apply (promote with nothing paused). The message is
/// printed on standard error as is, and the process exits with <see cref="ExitCode"/>.
/// </summary>
internal sealed class CliException(string message, int exitCode = ExitCodes.Failed) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>The process's exit codes.</summary>
internal static class ExitCodes
{
    /// <summary>Done; for <c>status</c>, the Rollout is Healthy.</summary>
    public const int Ok = 0;

    /// <summary>
    /// Anything else that went wrong: bad flags, a server error, a refused command, lint errors, a failed analysis;
    /// for <c>status</c>, the Rollout is Degraded or aborted.
    /// </summary>
    public const int Failed = 1;

    /// <summary><c>status --timeout</c> ran out before the Rollout was Healthy or Degraded.</summary>
    public const int Timeout = 2;
}
