namespace Rollouts.Operator.Telemetry;

/// <summary>
/// What the metrics say of one Rollout: where it is, its strategy (<c>canary</c>, <c>blueGreen</c>) and the phase
/// from its status (empty before the first status write).
/// </summary>
public readonly record struct RolloutSummary(string Namespace, string Name, string Strategy, string Phase);
