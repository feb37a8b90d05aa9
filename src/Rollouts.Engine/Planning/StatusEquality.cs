using System.Text.Json;
using Rollouts.Api;
using Rollouts.Api.Rollouts;
using Rollouts.Engine.Hashing;

namespace Rollouts.Engine.Planning;

/// <summary>
/// Field-by-field equality of two statuses, lists and unknown fields included (records compare lists by
/// reference, which would make every new status look changed).
/// </summary>
public static class StatusEquality
{
    public static bool AreEqual(RolloutStatus? left, RolloutStatus? right) =>
        Canonical(left) == Canonical(right);

    private static string Canonical(RolloutStatus? status) =>
        CanonicalJson.Write(JsonSerializer.SerializeToElement(status ?? new RolloutStatus(), RolloutsJsonContext.Default.RolloutStatus));
}
