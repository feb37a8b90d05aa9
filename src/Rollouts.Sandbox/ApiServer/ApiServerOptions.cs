namespace Rollouts.Sandbox.ApiServer;

/// <summary>How the in-memory API server runs.</summary>
public sealed record ApiServerOptions
{
    /// <summary>Port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Bearer tokens and the user names they authenticate as.</summary>
    public IReadOnlyDictionary<string, string> Tokens { get; init; } = new Dictionary<string, string> { [DefaultToken] = DefaultUser };

    /// <summary>Requests without a token act as system:anonymous instead of getting 401.</summary>
    public bool AllowAnonymous { get; init; }

    /// <summary>How many changes watches can resume across; older resourceVersions get 410 Expired.</summary>
    public int HistoryCapacity { get; init; } = 100_000;

    /// <summary>How often a watch that asked for bookmarks gets one while idle.</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(30);

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Runs the workload simulator beside the server, as a cluster's controllers and kubelets would: ReplicaSets
    /// get pods that run and become ready, Deployments get ReplicaSets. Tests of bare server semantics turn it off.
    /// </summary>
    public bool SimulateWorkloads { get; init; } = true;

    /// <summary>How long a simulated pod runs before it becomes Ready (zero: at once).</summary>
    public TimeSpan ReadyDelay { get; init; } = Simulation.WorkloadSimulatorOptions.DefaultReadyDelay;

    /// <summary>
    /// Runs the traffic simulator: a steady request load on every ingress host, counted as ingress-nginx metrics
    /// served at <see cref="ApiServer.Traffic"/>'s MetricsUrl. Off unless asked for.
    /// </summary>
    public bool SimulateTraffic { get; init; }

    /// <summary>Port on 127.0.0.1 for the traffic simulator's /metrics; 0 picks a free one.</summary>
    public int TrafficMetricsPort { get; init; }

    /// <summary>
    /// Runs the sandbox's gateway: every HTTPRoute with parentRefs gets status.parents[].conditions Accepted=True for
    /// its generation after <see cref="GatewayAcceptDelay"/> (a route's annotation
    /// <c>sandbox.rollouts.dev/gateway-accept-delay: "5s"</c> overrides it).
    /// </summary>
    public bool SimulateGateway { get; init; } = true;

    /// <summary>How long the sandbox's gateway takes to accept a new generation of an HTTPRoute (zero: at once).</summary>
    public TimeSpan GatewayAcceptDelay { get; init; }

    /// <summary>Seed for generated names, cluster IPs and injected faults.</summary>
    public int? Seed { get; init; }

    public const string DefaultToken = "sandbox-admin-token";
    public const string DefaultUser = "sandbox-admin";
}
