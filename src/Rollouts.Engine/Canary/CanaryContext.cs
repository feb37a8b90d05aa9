using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;
using Rollouts.Engine.Traffic;
using Rollouts.Engine.Traffic.GatewayApi;
using Rollouts.Engine.Traffic.Nginx;

namespace Rollouts.Engine.Canary;

/// <summary>The observation of one canary Rollout, read once: what every strategy reads, the strategy, its steps and router.</summary>
internal sealed class CanaryContext : StrategyContext
{
    public CanaryContext(Observation observation)
        : base(observation)
    {
        Strategy = Spec.Strategy?.Canary ?? new CanaryStrategy();
        Steps = Strategy.Steps ?? [];
        Router = Strategy.TrafficRouting?.Nginx is { } nginx ? new NginxRouter(Rollout, nginx, observation)
            : GatewayApiTrafficRouting.Of(Strategy.TrafficRouting) is { } gateway ? new GatewayApiRouter(Rollout, gateway, observation)
            : null;
    }

    public CanaryStrategy Strategy { get; }

    public IReadOnlyList<CanaryStep> Steps { get; }

    /// <summary>The router (NGINX or Gateway API), or null for a canary without traffic routing.</summary>
    public ITrafficRouter? Router { get; }
}
