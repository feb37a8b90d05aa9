using System.Collections.Immutable;
using Rollouts.Sandbox.ApiServer.Storage;
using Rollouts.Sandbox.Simulation;

namespace Rollouts.Sandbox.Tests.Simulation;

public sealed class PodDeletionOrderTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, string, string> Preferences => new()
    {
        // reason, pod removed first, pod kept (see Pod for what each name means)
        { "not on a node before on a node", "unassigned", "running-ready-old" },
        { "pending before running", "pending", "running-not-ready" },
        { "not ready before ready", "running-not-ready", "running-ready-old" },
        { "ready most recently before ready longer", "running-ready-new", "running-ready-old" },
        { "more restarts before fewer", "restarted", "running-ready-old" },
        { "created later before created earlier", "created-later", "running-ready-old" },
    };

    [Theory]
    [MemberData(nameof(Preferences))]
    public void Scale_down_prefers_to_remove(string reason, string first, string kept)
    {
        var order = PodDeletionOrder.Order([Pod(kept), Pod(first)], ReadySince).Select(p => p.Key.Name).ToList();

        Assert.True(order[0] == first, $"{reason}: expected {first} to go before {kept}, got [{string.Join(", ", order)}]");
    }

    [Fact]
    public void Equal_pods_are_ordered_by_name_whatever_the_list_order()
    {
        var a = Pod("running-ready-old") with { Key = new ObjectKey("default", "web-aaaaa") };
        var b = Pod("running-ready-old") with { Key = new ObjectKey("default", "web-bbbbb") };

        Assert.Equal(
            PodDeletionOrder.Order([a, b], ReadySince).Select(p => p.Key.Name),
            PodDeletionOrder.Order([b, a], ReadySince).Select(p => p.Key.Name));
    }

    private static DateTimeOffset? ReadySince(PodFacts pod) => pod.ReadySince;

    /// <summary>A running, ready pod created and ready long ago, changed in the one way its name says.</summary>
    private static PodFacts Pod(string name)
    {
        var pod = new PodFacts
        {
            Key = new ObjectKey("default", name),
            Uid = name,
            Labels = ImmutableDictionary<string, string>.Empty,
            Assigned = true,
            Phase = "Running",
            Ready = true,
            ReadySince = T0.AddMinutes(-30),
            Created = T0.AddHours(-1),
        };
        return name switch
        {
            "unassigned" => pod with { Assigned = false },
            "pending" => pod with { Phase = "Pending", Ready = false, ReadySince = null },
            "running-not-ready" => pod with { Ready = false, ReadySince = null },
            "running-ready-new" => pod with { ReadySince = T0.AddMinutes(-1) },
            "restarted" => pod with { Restarts = 3 },
            "created-later" => pod with { Created = T0.AddMinutes(-50) },
            _ => pod,
        };
    }
}
