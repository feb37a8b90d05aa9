using Rollouts.Api.Rollouts;
using Rollouts.Kubernetes.Models;
using Rollouts.Kubernetes.Runtime.Informers;
using Rollouts.Operator.Tests.Support;

namespace Rollouts.Operator.Tests.Controllers.Rollouts;

/// <summary>
/// The operator caches trimmed copies (no managedFields, no last-applied annotation where it is never needed): what
/// it writes must never take from the server what the copy lacks.
/// </summary>
public sealed class CachedCopiesTests : IAsyncLifetime
{
    private RolloutWorld _world = null!;

    public async Task InitializeAsync() => _world = await RolloutWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private static string Sample() =>
        File.ReadAllText(RepositoryFiles.Sample("canary-gateway.yaml")).Replace("sandbox.rollouts.dev/gateway-accept-delay: 2s", "sandbox.rollouts.dev/gateway-accept-delay: 0s", StringComparison.Ordinal);

    private static IReadOnlyList<string> Managers(ObjectMeta metadata) =>
        metadata.UnknownFields?.TryGetValue(CachedMetadata.ManagedFieldsKey, out var entries) == true
            ? [.. entries.EnumerateArray().Select(e => e.GetProperty("manager").GetString() ?? "")]
            : [];

    [Fact]
    public async Task Writes_of_a_user_applied_Rollout_and_HTTPRoute_keep_their_last_applied_annotation_and_field_managers()
    {
        await _world.ApplyAsync(Sample());
        await _world.WaitForAsync(s => s.Phase == RolloutPhase.Healthy && s.StableRS is not null, "the Rollout to be Healthy on web:1.0");
        var route = _world.State.HttpRoute("web")!;
        var applied = route.Metadata.Annotations?[CachedMetadata.LastAppliedAnnotation];
        Assert.NotNull(applied);
        var managers = Managers(route.Metadata);
        Assert.NotEmpty(managers);

        await _world.SetImageAsync("web:1.1");
        await _world.WaitUntilAsync(
            () => _world.State.HttpRoute("web")!.Spec!.Rules![0].BackendRefs!.Any(b => b.Name == "web-canary" && b.Weight > 0),
            "the operator to replace the HTTPRoute with canary weight");

        var written = _world.State.HttpRoute("web")!;
        Assert.Equal(applied, written.Metadata.Annotations?[CachedMetadata.LastAppliedAnnotation]);
        Assert.Subset(Managers(written.Metadata).ToHashSet(), managers.ToHashSet());
        Assert.Contains("rollouts", string.Join(",", Managers(written.Metadata)), StringComparison.Ordinal);

        var rollout = _world.Rollout;
        Assert.NotNull(rollout.Metadata.Annotations?[CachedMetadata.LastAppliedAnnotation]);
        Assert.NotEmpty(Managers(rollout.Metadata));
        Assert.NotEqual(RolloutPhase.Healthy, rollout.Status?.Phase);
    }
}
