using Rollouts.Api.Rollouts;
using Rollouts.Operator.Tests.Support;
using Rollouts.Sandbox.ApiServer.Faults;

namespace Rollouts.Operator.Tests.Controllers.Rollouts;

/// <summary>
/// What the operator costs the API server, as the server counts it: reads come from the informer caches (no
/// GET), a setWeight step writes the canary ingress and the Rollout status (the step before its weight) and nothing else, and a reconcile that
/// finds nothing to change writes nothing. Events, written in the background, are not counted here.
/// </summary>
public sealed class RequestBudgetTests : IAsyncLifetime
{
    private const string Rollouts = "/apis/rollouts.dev/v1alpha1/namespaces/default/rollouts/web";
    private RolloutWorld _world = null!;

    public async Task InitializeAsync()
    {
        _world = await RolloutWorld.StartAsync();

        // One replica: the canary has its one pod at 20 % and at 50 %, so the step from one to the other only moves traffic.
        await _world.GivenTheSampleIsHealthyAsync(new CanarySample { FirstPause = null, Replicas = 1 });
        await _world.SetImageAsync("web:1.1");
        await _world.WaitPausedAtAsync(step: 1, weight: 20);
        await WhenNothingChangesAsync();
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_setWeight_step_writes_the_canary_ingress_and_the_status_and_reads_nothing()
    {
        var before = Counts();
        var writes = _world.Operator.Writes.Count;

        await PromoteAsync();
        await _world.WaitPausedAtAsync(step: 3, weight: 50);
        await WhenNothingChangesAsync();

        var operatorWrites = _world.Operator.Writes.Log.Skip(writes).ToList();
        // The step is recorded first, then its weight is set (and recorded), then the next step (a pause) is recorded.
        Assert.Equal(["PUT rollouts/status", "PUT ingresses", "PUT rollouts/status", "PUT rollouts/status"], operatorWrites);
        var statuses = _world.Checks.Statuses;
        var weighted = statuses[^2];
        Assert.Equal((2, 50), (weighted.CurrentStepIndex, weighted.Canary?.Weights?.Canary?.Weight));
        Assert.Equal((3, RolloutPhase.Paused), (statuses[^1].CurrentStepIndex, statuses[^1].Phase));

        var spent = Spent(before);
        Assert.Equal(0, Sum(spent, "get"));
        Assert.Equal(1, Sum(spent, "update", "ingresses"));
        Assert.Equal(3, Sum(spent, "update", "rollouts/status"));
        Assert.Equal(1 + 3, Writes(spent) - Users(spent));
        _world.ThenNoInvariantWasBroken();
    }

    [Fact]
    public async Task A_reconcile_that_finds_nothing_to_change_writes_nothing()
    {
        var before = Counts();

        await WhenNothingChangesAsync();
        await WhenNothingChangesAsync();

        var spent = Spent(before);
        Assert.Equal(0, Sum(spent, "get"));
        Assert.Equal(Users(spent), Writes(spent));
    }

    /// <summary>
    /// Promote in one request, so that the user's requests are known and the operator sees one change: spec.paused
    /// is not set, so clearing the pause conditions is all a promote has to do.
    /// </summary>
    private async Task PromoteAsync() =>
        Assert.Equal(200, (await _world.Api.PatchAsync($"{Rollouts}/status", """{"status":{"pauseConditions":null}}""")).Code);

    /// <summary>
    /// Touches a label on the Rollout (a change, so a reconcile) and waits until that reconcile finished: the next
    /// touch's reconcile has planned, and a key is reconciled by one worker at a time.
    /// </summary>
    private async Task WhenNothingChangesAsync()
    {
        for (var touch = 0; touch < 2; touch++)
        {
            var plans = _world.Checks.Plans;
            var label = "{\"metadata\":{\"labels\":{\"touched\":\"" + Guid.NewGuid().ToString("N") + "\"}}}";
            Assert.Equal(200, (await _world.Api.PatchAsync(Rollouts, label)).Code);
            await _world.WaitUntilAsync(() => _world.Checks.Plans > plans, "a reconcile after the touch");
        }
    }

    private IReadOnlyDictionary<RequestKey, long> Counts() => _world.Api.Server.Requests.Snapshot();

    private Dictionary<RequestKey, long> Spent(IReadOnlyDictionary<RequestKey, long> before) =>
        Counts().Select(kv => (kv.Key, Count: kv.Value - before.GetValueOrDefault(kv.Key)))
            .Where(c => c.Count > 0 && c.Key.Resource != "events")
            .ToDictionary(c => c.Key, c => c.Count);

    private static long Sum(Dictionary<RequestKey, long> spent, string verb, string? resource = null) =>
        spent.Where(kv => kv.Key.Verb == verb && (resource is null || kv.Key.Resource == resource)).Sum(kv => kv.Value);

    private static long Writes(Dictionary<RequestKey, long> spent) =>
        spent.Where(kv => kv.Key.Verb is "create" or "update" or "patch" or "delete").Sum(kv => kv.Value);

    /// <summary>The test's own requests: the label touches and the promote's two patches.</summary>
    private static long Users(Dictionary<RequestKey, long> spent) => Sum(spent, "patch", "rollouts") + Sum(spent, "patch", "rollouts/status");
}
