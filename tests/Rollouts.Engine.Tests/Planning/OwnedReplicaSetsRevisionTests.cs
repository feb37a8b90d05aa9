using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Tests.Planning;

/// <summary>How many revisions one ReplicaSet stands before another, by creation time (what spec.rollbackWindow counts).</summary>
public sealed class OwnedReplicaSetsRevisionTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>ReplicaSets "a".."e" made at seconds 0, 10, 20, 30, 40; "f" at 40 too; "g" without a creation time.</summary>
    private static readonly OwnedReplicaSets Sets = new(
    [
        Made("a", 0), Made("b", 10), Made("c", 20), Made("d", 30), Made("e", 40), Made("f", 40), Made("g", null),
    ]);

    [Theory]
    [InlineData("d", "e", 1)]
    [InlineData("c", "e", 2)]
    [InlineData("a", "e", 4)]
    [InlineData("a", "b", 1)]
    [InlineData("e", "d", null)]    // newer: no rollback
    [InlineData("e", "e", null)]
    [InlineData("f", "e", null)]    // made in the same second: cannot tell
    [InlineData("g", "e", null)]    // no creation time
    [InlineData("x", "e", null)]    // no such ReplicaSet
    [InlineData("d", "x", null)]
    public void Counts_the_revisions_between(string older, string newer, int? expected) =>
        Assert.Equal(expected, Sets.RevisionsBefore(older, newer));

    private static ReplicaSet Made(string hash, int? second) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = $"web-{hash}",
            Labels = new Dictionary<string, string> { [RolloutLabels.PodTemplateHash] = hash },
            CreationTimestamp = second is { } s ? T0.AddSeconds(s) : null,
        },
    };
}
