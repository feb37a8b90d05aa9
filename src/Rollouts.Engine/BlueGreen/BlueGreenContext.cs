using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;

namespace Rollouts.Engine.BlueGreen;

/// <summary>The observation of one blue-green Rollout, read once: what every strategy reads, the strategy and its services.</summary>
internal sealed class BlueGreenContext : StrategyContext
{
    public BlueGreenContext(Observation observation)
        : base(observation)
    {
        Strategy = Spec.Strategy?.BlueGreen ?? new BlueGreenStrategy();
    }

    public BlueGreenStrategy Strategy { get; }

    /// <summary>The hash the active service selects as observed, or null when it selects none (or does not exist).</summary>
    public string? ObservedActive => ServiceSelectors.HashOf(Observation.ActiveService);

    /// <summary>autoPromotionEnabled is false: the update pauses before promotion until promoted.</summary>
    public bool ManualPromotion => Strategy.AutoPromotionEnabled == false;

    /// <summary>autoPromotionSeconds, when it is above zero (and promotion is automatic).</summary>
    public int? AutoPromotionSeconds => !ManualPromotion && Strategy.AutoPromotionSeconds is > 0 and var seconds ? seconds : null;
}
