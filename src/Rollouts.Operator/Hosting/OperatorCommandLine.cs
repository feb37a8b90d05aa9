using System.Globalization;
using Rollouts.Engine.Providers;

namespace Rollouts.Operator.Hosting;

/// <summary>
/// The operator's command line: <c>--kubeconfig FILE</c>, <c>--context NAME</c>, <c>--namespace NS</c>,
/// <c>--workers N</c>, <c>--leader-elect</c>, <c>--lease-namespace NS</c>, <c>--lease-name NAME</c>,
/// <c>--prometheus-address URL</c>, <c>--allowed-metric-addresses LIST</c>, <c>--verbose</c>.
/// </summary>
public sealed record OperatorCommandLine
{
    public const string Usage = """
        Usage: rollouts-operator [--kubeconfig FILE] [--context NAME] [--namespace NS] [--workers N]
                                 [--leader-elect] [--lease-namespace NS] [--lease-name NAME]
                                 [--prometheus-address URL] [--allowed-metric-addresses LIST] [--verbose]

        Runs the Rollouts operator against the API server of the kubeconfig (as kubectl finds it: --kubeconfig,
        then KUBECONFIG, then ~/.kube/config, then the in-cluster service account) until SIGINT or SIGTERM.

        Options:
          --kubeconfig FILE      The kubeconfig to use.
          --context NAME         The kubeconfig context to use (default: its current-context).
          --namespace NS         Watch only this namespace (default: all namespaces).
          --workers N            Rollouts, and AnalysisRuns, reconciled at once (default: 2).
          --leader-elect         Compete for a Lease and reconcile only while holding it.
          --lease-namespace NS   Namespace of the Lease (default: the kubeconfig context's namespace).
          --lease-name NAME      Name of the Lease (default: rollouts-operator).
          --prometheus-address URL
                                 The Prometheus server of prometheus and judge metrics whose template
                                 gives no address (default: none; such metrics end in Error).
          --allowed-metric-addresses LIST
                                 The only metric provider addresses the operator calls: comma-separated
                                 URL prefixes (https://prometheus.monitoring:9090/) or host[:port]
                                 entries; may be repeated (default: any http or https address).
          --verbose              Log every reconcile (Debug level).
        """;

    public string? Kubeconfig { get; init; }

    public string? Context { get; init; }

    public bool Verbose { get; init; }

    public bool Help { get; init; }

    public OperatorOptions Options { get; init; } = new();

    /// <summary>Reads <paramref name="args"/>; an error names the option and what it needs.</summary>
    public static (OperatorCommandLine? CommandLine, string? Error) Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = new OperatorCommandLine();
        var options = new OperatorOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? Value() => i + 1 < args.Count ? args[++i] : null;
            switch (arg)
            {
                case "-h" or "--help" or "help":
                    result = result with { Help = true };
                    break;
                case "--verbose" or "-v":
                    result = result with { Verbose = true };
                    break;
                case "--leader-elect":
                    options = options with { LeaderElection = true };
                    break;
                case "--kubeconfig" or "--context" or "--namespace" or "--workers" or "--lease-namespace" or "--lease-name"
                    or "--prometheus-address" or "--allowed-metric-addresses":
                    if (Value() is not { Length: > 0 } value)
                    {
                        return (null, $"{arg} needs a value");
                    }

                    switch (arg)
                    {
                        case "--kubeconfig":
                            result = result with { Kubeconfig = value };
                            break;
                        case "--context":
                            result = result with { Context = value };
                            break;
                        case "--namespace":
                            options = options with { Namespace = value };
                            break;
                        case "--lease-namespace":
                            options = options with { LeaseNamespace = value };
                            break;
                        case "--lease-name":
                            options = options with { LeaseName = value };
                            break;
                        case "--prometheus-address":
                            if (!Uri.TryCreate(value, UriKind.Absolute, out var prometheus) || (prometheus.Scheme != Uri.UriSchemeHttp && prometheus.Scheme != Uri.UriSchemeHttps))
                            {
                                return (null, $"--prometheus-address: \"{value}\" is not an absolute http or https URL such as http://prometheus.monitoring:9090");
                            }

                            options = options with { PrometheusAddress = value };
                            break;
                        case "--allowed-metric-addresses":
                            var entries = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                            if (AddressEntryError(entries) is { } entryError)
                            {
                                return (null, $"--allowed-metric-addresses: {entryError}");
                            }

                            options = options with { AllowedMetricAddresses = [.. options.AllowedMetricAddresses, .. entries] };
                            break;
                        default:
                            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var workers) || workers < 1)
                            {
                                return (null, $"--workers: \"{value}\" is not a number of workers (1 or more)");
                            }

                            options = options with { Workers = workers };
                            break;
                    }

                    break;
                default:
                    return (null, $"unknown option \"{arg}\"");
            }
        }

        return (result with { Options = options }, null);
    }

    /// <summary>Why one of <paramref name="entries"/> cannot be an allowed address, or null.</summary>
    private static string? AddressEntryError(IReadOnlyList<string> entries)
    {
        if (entries.Count == 0)
        {
            return "needs at least one address";
        }

        try
        {
            _ = new AddressPolicy(entries);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.ParamName is { } name ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message;
        }
    }
}
