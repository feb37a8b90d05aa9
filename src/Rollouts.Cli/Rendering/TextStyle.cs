namespace Rollouts.Cli.Rendering;

/// <summary>How text is decorated: colours and tree glyphs on a terminal, nothing when piped.</summary>
internal sealed record TextStyle(bool Colour, bool Glyphs)
{
    public static readonly TextStyle Plain = new(false, false);
    public static readonly TextStyle Terminal = new(true, true);

    public static TextStyle For(CliConsole console) => console.IsTerminal ? Terminal : Plain;

    /// <summary>A status word in its colour: green when all is well, yellow when waiting, red when failed.</summary>
    public string Status(string? text) => text switch
    {
        null or "" => "",
        "Healthy" or "Successful" or "stable" => Paint(text, "32"),
        "Degraded" or "Failed" or "Error" or "aborted" => Paint(text, "31"),
        "Paused" or "Inconclusive" or "canary" => Paint(text, "33"),
        "Progressing" or "Running" or "Pending" => Paint(text, "36"),
        _ => text,
    };

    public string Bold(string text) => Paint(text, "1");

    public string Dim(string text) => Paint(text, "2");

    private string Paint(string text, string code) => Colour ? $"\u001b[{code}m{text}\u001b[0m" : text;
}
