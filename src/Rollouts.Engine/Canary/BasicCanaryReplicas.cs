using System.Globalization;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Canary;

/// <summary>A ReplicaSet's size as the arithmetic sees it: what it asks for and how many pods are available.</summary>
public readonly record struct ReplicaCount(int Spec, int Available);

/// <summary>
/// Canary without traffic routing: the weight is approximated by the share of pods, and maxSurge and
/// maxUnavailable bound every move, as in a Deployment's rolling update.
/// </summary>
/// <remarks>
/// Target: the canary gets the pod count closest to the weight (halves round up) and the stable the rest;
/// with a weight strictly between 0 and 100 each side keeps at least one pod when there is room for two
/// (more than one replica, or a surge). At 100 the stable keeps one pod too while a stable service selects
/// it (<c>keepStable</c>), so that service never loses its endpoints before promotion switches it.
/// Moves, in this order:
/// <list type="number">
/// <item>scale up, stable first, as long as all pods stay within spec.replicas + maxSurge;</item>
/// <item>if any other ReplicaSet still has pods, stop: those go first;</item>
/// <item>scale down, canary first when its share falls (abort, lower weight), stable first when it rises, as
/// long as available pods stay at or above spec.replicas − maxUnavailable. The side that shrinks counts
/// with its desired size, not its available pods, so pods that never become ready cannot block it.</item>
/// </list>
/// </remarks>
public static class BasicCanaryReplicas
{
    /// <summary>The next sizes of canary and stable.</summary>
    /// <param name="otherReplicas">spec.replicas summed over every other ReplicaSet of the Rollout.</param>
    public static (int Canary, int Stable) Next(
        int replicas, int weight, IntOrString? maxSurge, IntOrString? maxUnavailable,
        ReplicaCount canary, ReplicaCount stable, int otherReplicas, bool keepStable)
    {
        var (surge, unavailable) = Limits(replicas, maxSurge, maxUnavailable);
        var (desiredCanary, desiredStable) = Target(replicas, weight, surge, keepStable);

        var nextCanary = canary.Spec;
        var nextStable = stable.Spec;

        var room = replicas + surge - (canary.Spec + stable.Spec + otherReplicas);
        if (nextStable < desiredStable && room > 0)
        {
            var add = Math.Min(room, desiredStable - nextStable);
            nextStable += add;
            room -= add;
        }

        if (nextCanary < desiredCanary && room > 0)
        {
            nextCanary += Math.Min(room, desiredCanary - nextCanary);
        }

        if (otherReplicas > 0)
        {
            return (nextCanary, nextStable);
        }

        var canaryGrows = desiredCanary >= canary.Spec;
        var counted = Countable(canary, ignoreAvailability: !canaryGrows) + Countable(stable, ignoreAvailability: canaryGrows);
        var budget = counted - (replicas - unavailable);
        if (budget <= 0)
        {
            return (nextCanary, nextStable);
        }

        if (canary.Spec > desiredCanary)
        {
            var take = Math.Min(budget, canary.Spec - desiredCanary);
            nextCanary = canary.Spec - take;
            budget -= take;
        }

        if (stable.Spec > desiredStable && budget > 0)
        {
            nextStable = stable.Spec - Math.Min(budget, stable.Spec - desiredStable);
        }

        return (nextCanary, nextStable);
    }

    /// <summary>The sizes canary and stable move towards for <paramref name="weight"/>.</summary>
    public static (int Canary, int Stable) Target(int replicas, int weight, int surge, bool keepStable)
    {
        weight = Math.Clamp(weight, 0, 100);
        var canary = (int)(((long)replicas * weight + 50) / 100);
        var split = weight is > 0 and < 100 || (weight == 100 && keepStable);
        if (!split || replicas == 0)
        {
            return (canary, replicas - canary);
        }

        var roomForTwo = replicas > 1 || surge > 0;
        if (canary == 0 && roomForTwo)
        {
            canary = 1;
        }

        var stable = replicas - canary;
        if (stable == 0 && roomForTwo)
        {
            stable = 1;
            if (surge == 0)
            {
                canary = replicas - 1;
            }
        }

        return (canary, stable);
    }

    /// <summary>
    /// maxSurge rounds up and maxUnavailable down when given as a percentage; both zero would block every move,
    /// so maxUnavailable becomes one.
    /// </summary>
    public static (int Surge, int Unavailable) Limits(int replicas, IntOrString? maxSurge, IntOrString? maxUnavailable)
    {
        var surge = Resolve(maxSurge ?? Api.Rollouts.RolloutDefaults.MaxSurge, replicas, roundUp: true);
        var unavailable = Math.Min(replicas, Resolve(maxUnavailable ?? Api.Rollouts.RolloutDefaults.MaxUnavailable, replicas, roundUp: false));
        if (surge == 0 && unavailable == 0)
        {
            unavailable = Math.Min(1, replicas);
        }

        return (surge, unavailable);
    }

    private static int Resolve(IntOrString value, int replicas, bool roundUp)
    {
        if (value.Number is { } number)
        {
            return Math.Max(0, number);
        }

        var text = value.Text?.Trim() ?? "";
        var percent = text.EndsWith('%');
        if (!int.TryParse(percent ? text[..^1] : text, NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return 0;
        }

        if (!percent)
        {
            return amount;
        }

        var scaled = (long)replicas * amount;
        return (int)(roundUp ? (scaled + 99) / 100 : scaled / 100);
    }

    private static int Countable(ReplicaCount set, bool ignoreAvailability) =>
        set.Spec < set.Available || ignoreAvailability ? set.Spec : set.Available;
}
