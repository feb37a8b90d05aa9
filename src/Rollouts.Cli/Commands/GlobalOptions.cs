using System.CommandLine;
using System.CommandLine.Parsing;
using Rollouts.Api.Common;
using Rollouts.Cli.Cluster;

namespace Rollouts.Cli.Commands;

/// <summary>The flags every command takes, as kubectl has them, and option kinds the commands share.</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Kubeconfig { get; } = new("--kubeconfig")
    {
        Description = "Path to the kubeconfig file (default: KUBECONFIG, then ~/.kube/config, then in-cluster)",
        Recursive = true,
    };

    public Option<string?> Context { get; } = new("--context")
    {
        Description = "The kubeconfig context to use (default: its current-context)",
        Recursive = true,
    };

    public Option<string?> Namespace { get; } = new("--namespace", "-n")
    {
        Description = "The namespace (default: the context's namespace)",
        Recursive = true,
    };

    /// <summary>kubectl's own flag, accepted and ignored so that kubectl's global flags never break the plugin.</summary>
    public Option<string?> CacheDir { get; } = new("--cache-dir") { Recursive = true, Hidden = true };

    public void AddTo(Command root)
    {
        root.Options.Add(Kubeconfig);
        root.Options.Add(Context);
        root.Options.Add(Namespace);
        root.Options.Add(CacheDir);
    }

    public ClusterSettings Settings(ParseResult result) =>
        new(result.GetValue(Kubeconfig), result.GetValue(Context), result.GetValue(Namespace));

    /// <summary><c>-o json|yaml</c> for commands that print objects.</summary>
    public static Option<string?> Output()
    {
        var option = new Option<string?>("--output", "-o") { Description = "Print the objects as json or yaml instead of text" };
        option.AcceptOnlyFromAmong("json", "yaml");
        return option;
    }

    /// <summary>A duration option (<c>30s</c>, <c>5m</c>, <c>1h30m</c>), read as the Rollout's durations are.</summary>
    public static Option<TimeSpan?> Duration(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result => ParseDuration(result, name),
    };

    public static Argument<string> RolloutName() => new("NAME") { Description = "The Rollout's name" };

    private static TimeSpan? ParseDuration(ArgumentResult result, string name)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (!Durations.TryParse(text, out var duration, out var error))
        {
            result.AddError($"{name} \"{text}\": {error}");
            return null;
        }

        if (duration < TimeSpan.Zero)
        {
            result.AddError($"{name} \"{text}\": must not be negative");
            return null;
        }

        return duration;
    }
}
