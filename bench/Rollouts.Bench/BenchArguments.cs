using System.Globalization;

namespace Rollouts.Bench;

/// <summary>The command line: <c>MODE [--rollouts N] [--json FILE] [--seconds S] [--runs R] [--operator DLL]</c>.</summary>
internal sealed record BenchArguments
{
    public const string Usage = """
        Usage: Rollouts.Bench scale --rollouts N [--json FILE] [--operator DLL]
               Rollouts.Bench idle  --rollouts N [--seconds S] [--json FILE] [--operator DLL]
               Rollouts.Bench abort [--json FILE] [--operator DLL]
               Rollouts.Bench cli   [--runs R] [--json FILE] [--operator DLL]

        scale  N Rollouts synced, every template changed at once and driven through setWeight 25, 50, 75 to
               promotion; then the same for one Rollout. Figures as in docs/benchmarks.md.
        idle   N Rollouts at rest for S seconds (default 60): the operator's allocation rate and CPU.
        abort  A faulty canary with a real Prometheus (scrape 1 s): from the first scrape showing its errors to
               canary weight 0, beside the analysis interval. Needs prometheus on PATH.
        cli    Median wall time of `kubectl rollouts get rollout` over R runs (default 20). Needs kubectl on PATH.

        --operator DLL   Run this published Rollouts.Operator.dll instead of publishing src/Rollouts.Operator.
        --operator-arg A Pass A on the operator's command line (repeatable), e.g. --operator-arg --qps=500.
        --env NAME=VALUE Set an environment variable of the operator process (repeatable), e.g. DOTNET_GCgen0size=0x400000.
        """;

    public required string Mode { get; init; }
    public int Rollouts { get; init; } = 1000;
    public string? JsonPath { get; init; }
    public int Seconds { get; init; } = 60;
    public int Runs { get; init; } = 20;
    public string? OperatorAssembly { get; init; }
    public IReadOnlyList<string> OperatorArguments { get; init; } = [];
    public IReadOnlyDictionary<string, string> OperatorEnvironment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <exception cref="ArgumentException">The command line is wrong; the message says what and where.</exception>
    public static BenchArguments Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] is not ("scale" or "idle" or "abort" or "cli"))
        {
            throw new ArgumentException($"the first argument must be a mode: scale, idle, abort or cli (got {(args.Count == 0 ? "nothing" : $"\"{args[0]}\"")})");
        }

        var result = new BenchArguments { Mode = args[0] };
        for (var i = 1; i < args.Count; i++)
        {
            var name = args[i];
            if (name is not ("--rollouts" or "--json" or "--seconds" or "--runs" or "--operator" or "--operator-arg" or "--env"))
            {
                throw new ArgumentException($"unknown option {name}");
            }

            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"{name} needs a value");
            }

            var value = args[++i];
            result = name switch
            {
                "--rollouts" => result with { Rollouts = Positive(name, value) },
                "--json" => result with { JsonPath = value },
                "--seconds" => result with { Seconds = Positive(name, value) },
                "--runs" => result with { Runs = Positive(name, value) },
                "--operator" => result with { OperatorAssembly = value },
                "--operator-arg" => result with { OperatorArguments = [.. result.OperatorArguments, value] },
                "--env" => result with { OperatorEnvironment = WithVariable(result.OperatorEnvironment, value) },
                _ => throw new ArgumentException($"unknown option {name}"),
            };
        }

        return result;
    }

    private static Dictionary<string, string> WithVariable(IReadOnlyDictionary<string, string> variables, string value)
    {
        var equals = value.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new ArgumentException($"--env must be NAME=VALUE (got \"{value}\")");
        }

        return new Dictionary<string, string>(variables, StringComparer.Ordinal) { [value[..equals]] = value[(equals + 1)..] };
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} must be a positive whole number (got \"{value}\")");
}
