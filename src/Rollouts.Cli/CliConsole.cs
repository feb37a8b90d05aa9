namespace Rollouts.Cli;

/// <summary>
/// Where the plugin writes: standard output for results, standard error for problems. Colour and tree glyphs are
/// used only when output goes to a terminal (and NO_COLOR is unset); piped output is plain text.
/// </summary>
internal sealed class CliConsole(TextWriter output, TextWriter error, bool isTerminal)
{
    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Standard output is a terminal: colour, glyphs and redrawing in place.</summary>
    public bool IsTerminal { get; } = isTerminal;

    public static CliConsole FromProcess()
    {
        var terminal = !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
            && Environment.GetEnvironmentVariable("TERM") is not "dumb";
        return new CliConsole(Console.Out, Console.Error, terminal);
    }
}
