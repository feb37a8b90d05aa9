using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;

namespace Rollouts.Engine.Traffic.GatewayApi;

/// <summary>What a Rollout being deleted does to its HTTPRoutes: all traffic to the stable service, its header rules gone.</summary>
public static class GatewayApiRestore
{
    /// <summary>The writes that give the observed routes of the Rollout back to its stable service; none without Gateway API routing.</summary>
    public static IReadOnlyList<ApplyHttpRoute> Actions(Observation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var rollout = observation.Rollout;
        return GatewayApiTrafficRouting.Of(rollout.Spec?.Strategy?.Canary?.TrafficRouting) is { } gateway
            ? [.. new GatewayApiRouter(rollout, gateway, observation).Remove().OfType<ApplyHttpRoute>()]
            : [];
    }
}
