using System.Globalization;
using Microsoft.Extensions.Logging;
using Rollouts.Engine.Providers;

namespace Rollouts.Operator.Hosting;

/// <summary>
/// The operator's command line (see <see cref="Usage"/>). Leader election is on and /metrics and the probes are
/// served on :8080 and :8081 unless the command line says otherwise; an <see cref="OperatorOptions"/> made in code
/// (the sandbox, tests) has them off.
/// </summary>
public sealed record OperatorCommandLine
{
    public const string Usage = """
        Usage: rollouts-operator [--kubeconfig FILE] [--context NAME] [--namespace NS] [--workers N]
                                 [--leader-elect[=false]] [--lease-namespace NS] [--lease-name NAME] [--identity ID]
                                 [--metrics-bind-address ADDR] [--health-probe-bind-address ADDR]
                                 [--qps N] [--burst N] [--instance-id ID]
                                 [--prometheus-address URL] [--allowed-metric-addresses LIST]
                                 [--graceful-shutdown-timeout DURATION] [--status-counts-delay DURATION]
                                 [--log-level LEVEL] [--log-format text|json] [--verbose]

        Runs the Rollouts operator against the API server of the kubeconfig (as kubectl finds it: --kubeconfig,
        then KUBECONFIG, then ~/.kube/config, then the in-cluster service account) until SIGINT or SIGTERM.
        Every option also takes the form --option=value.

        Options:
          --kubeconfig FILE      The kubeconfig to use.
          --context NAME         The kubeconfig context to use (default: its current-context).
          --namespace NS         Watch only this namespace; repeat it to watch several (default: all
                                 namespaces).
          --workers N            Rollouts, and AnalysisRuns, reconciled at once (default: 2).
          --leader-elect         Compete for a Lease and reconcile only while holding it (default: on;
                                 --leader-elect=false for a single replica that always reconciles).
          --lease-namespace NS   Namespace of the Lease (default: the kubeconfig context's namespace).
          --lease-name NAME      Name of the Lease (default: rollouts-operator).
          --identity ID          This replica's name in the Lease, also sent in its User-Agent (default: the
                                 host name and a random suffix).
          --metrics-bind-address ADDR
                                 Where /metrics is served: [host]:port, or 0 for off (default: :8080).
          --health-probe-bind-address ADDR
                                 Where /healthz and /readyz are served: [host]:port, or 0 for off
                                 (default: :8081).
          --qps N                Requests per second to the API server (default: 50).
          --burst N              Requests allowed in a burst above --qps (default: 100).
          --instance-id ID       Reconcile only Rollouts labelled rollouts.dev/instance-id=ID (default:
                                 only Rollouts without that label), so several operators can share a cluster.
          --prometheus-address URL
                                 The Prometheus server of prometheus and judge metrics whose template
                                 gives no address (default: none; such metrics end in Error).
          --allowed-metric-addresses LIST
                                 The only metric provider addresses the operator calls: comma-separated
                                 URL prefixes (https://prometheus.monitoring:9090/) or host[:port]
                                 entries; may be repeated (default: any http or https address).
          --graceful-shutdown-timeout DURATION
                                 On SIGTERM, how long the reconciles in flight may take to finish
                                 (no new one starts) before they are cancelled; then the Lease is
                                 released (default: 30s).
          --status-counts-delay DURATION
                                 How long a status write that only updates pod counts may wait to go
                                 out with the next write; step, phase, weight and condition changes are
                                 written at once (default: 2s; 0s writes every count change).
          --log-level LEVEL      debug, info, warning or error (default: info).
          --log-format FORMAT    text (one line per entry) or json (one JSON object per line) (default: text).
          --verbose              The same as --log-level debug: log every reconcile.
        """;

    /// <summary>The address of /metrics when the command line names none.</summary>
    public const string DefaultMetricsBindAddress = ":8080";

    /// <summary>The address of /healthz and /readyz when the command line names none.</summary>
    public const string DefaultHealthProbeBindAddress = ":8081";

    private static readonly HashSet<string> ValueOptions = new(StringComparer.Ordinal)
    {
        "--kubeconfig", "--context", "--namespace", "--workers", "--lease-namespace", "--lease-name", "--identity", "--prometheus-address",
        "--allowed-metric-addresses", "--metrics-bind-address", "--health-probe-bind-address", "--qps", "--burst", "--instance-id",
        "--log-level", "--log-format", "--graceful-shutdown-timeout", "--status-counts-delay",
    };

    public string? Kubeconfig { get; init; }

    public string? Context { get; init; }

    /// <summary>The least level logged: Debug with --verbose or --log-level debug, else Information unless set.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>One JSON object per log entry (--log-format json) instead of one line of text.</summary>
    public bool JsonLogs { get; init; }

    public bool Verbose => LogLevel <= LogLevel.Debug;

    public bool Help { get; init; }

    /// <summary>Requests per second to the API server (--qps).</summary>
    public double Qps { get; init; } = 50;

    /// <summary>Requests allowed in a burst above <see cref="Qps"/> (--burst).</summary>
    public int Burst { get; init; } = 100;

    public OperatorOptions Options { get; init; } = new()
    {
        LeaderElection = true,
        MetricsBindAddress = DefaultMetricsBindAddress,
        HealthProbeBindAddress = DefaultHealthProbeBindAddress,
    };

    /// <summary>Reads <paramref name="args"/>; an error names the option and what it needs.</summary>
    public static (OperatorCommandLine? CommandLine, string? Error) Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = new OperatorCommandLine();
        var options = result.Options;
        for (var i = 0; i < args.Count; i++)
        {
            var (arg, inline) = args[i].StartsWith("--", StringComparison.Ordinal) && args[i].IndexOf('=', StringComparison.Ordinal) is var at and > 0
                ? (args[i][..at], args[i][(at + 1)..])
                : (args[i], null);
            if (arg is "-h" or "--help" or "help" or "--verbose" or "-v" && inline is null)
            {
                result = arg is "--verbose" or "-v" ? result with { LogLevel = LogLevel.Debug } : result with { Help = true };
                continue;
            }

            if (arg == "--leader-elect")
            {
                if (inline is not (null or "true" or "false"))
                {
                    return (null, $"--leader-elect: \"{inline}\" is not true or false");
                }

                options = options with { LeaderElection = inline != "false" };
                continue;
            }

            if (!ValueOptions.Contains(arg))
            {
                return (null, $"unknown option \"{args[i]}\"");
            }

            var value = inline ?? (i + 1 < args.Count ? args[++i] : null);
            if (value is not { Length: > 0 })
            {
                return (null, $"{arg} needs a value");
            }

            string? error = null;
            switch (arg)
            {
                case "--kubeconfig":
                    result = result with { Kubeconfig = value };
                    break;
                case "--context":
                    result = result with { Context = value };
                    break;
                case "--namespace":
                    var namespaces = options.Namespaces.Append(value).Distinct(StringComparer.Ordinal).ToArray();
                    options = options with { Namespaces = namespaces, Namespace = namespaces.Length == 1 ? value : null };
                    break;
                case "--lease-namespace":
                    options = options with { LeaseNamespace = value };
                    break;
                case "--lease-name":
                    options = options with { LeaseName = value };
                    break;
                case "--identity":
                    options = options with { Identity = value };
                    break;
                case "--instance-id":
                    options = options with { InstanceId = value };
                    break;
                case "--prometheus-address":
                    if (!Uri.TryCreate(value, UriKind.Absolute, out var prometheus) || (prometheus.Scheme != Uri.UriSchemeHttp && prometheus.Scheme != Uri.UriSchemeHttps))
                    {
                        error = $"--prometheus-address: \"{value}\" is not an absolute http or https URL such as http://prometheus.monitoring:9090";
                    }

                    options = options with { PrometheusAddress = value };
                    break;
                case "--allowed-metric-addresses":
                    var entries = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    error = AddressEntryError(entries) is { } entryError ? $"--allowed-metric-addresses: {entryError}" : null;
                    options = options with { AllowedMetricAddresses = [.. options.AllowedMetricAddresses, .. entries] };
                    break;
                case "--metrics-bind-address" or "--health-probe-bind-address":
                    try
                    {
                        _ = BindAddress.Parse(value, arg);
                    }
                    catch (FormatException e)
                    {
                        error = e.Message;
                    }

                    options = arg == "--metrics-bind-address" ? options with { MetricsBindAddress = value } : options with { HealthProbeBindAddress = value };
                    break;
                case "--qps":
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var qps) || !(qps > 0) || double.IsInfinity(qps))
                    {
                        error = $"--qps: \"{value}\" is not a number of requests per second (greater than 0)";
                    }

                    result = result with { Qps = qps };
                    break;
                case "--burst":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var burst) || burst < 1)
                    {
                        error = $"--burst: \"{value}\" is not a number of requests (1 or more)";
                    }

                    result = result with { Burst = burst };
                    break;
                case "--log-level":
                    LogLevel? level = value.ToLowerInvariant() switch
                    {
                        "debug" => LogLevel.Debug,
                        "info" or "information" => LogLevel.Information,
                        "warning" or "warn" => LogLevel.Warning,
                        "error" => LogLevel.Error,
                        _ => null,
                    };
                    error = level is null ? $"--log-level: \"{value}\" is not one of debug, info, warning, error" : null;
                    result = result with { LogLevel = level ?? LogLevel.Information };
                    break;
                case "--graceful-shutdown-timeout":
                    if (!Api.Common.Durations.TryParse(value, out var grace, out _) || grace < TimeSpan.Zero)
                    {
                        error = $"--graceful-shutdown-timeout: \"{value}\" is not a duration such as 30s or 1m";
                    }

                    options = options with { GracefulShutdownTimeout = grace < TimeSpan.Zero ? TimeSpan.Zero : grace };
                    break;
                case "--status-counts-delay":
                    if (!Api.Common.Durations.TryParse(value, out var countsDelay, out _) || countsDelay < TimeSpan.Zero)
                    {
                        error = $"--status-counts-delay: \"{value}\" is not a duration such as 2s or 500ms";
                    }

                    options = options with { StatusCountsDelay = countsDelay < TimeSpan.Zero ? TimeSpan.Zero : countsDelay };
                    break;
                case "--log-format":
                    error = value is "text" or "json" ? null : $"--log-format: \"{value}\" is not text or json";
                    result = result with { JsonLogs = value == "json" };
                    break;
                default:
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var workers) || workers < 1)
                    {
                        error = $"--workers: \"{value}\" is not a number of workers (1 or more)";
                    }

                    options = options with { Workers = workers };
                    break;
            }

            if (error is not null)
            {
                return (null, error);
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
