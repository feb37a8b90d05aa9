using Rollouts.Api.Rollouts;
using Rollouts.Engine.Planning;
using Rollouts.Engine.Tests.Support;

namespace Rollouts.Engine.Tests.BlueGreen;

/// <summary>The blue-green promises of <see cref="PlanInvariants"/> catch a plan that breaks them.</summary>
public sealed class BlueGreenInvariantsTests
{
    [Theory]
    [InlineData("switch-to-unavailable", "switches to {v2}, which has 1 of 3 pods available")]
    [InlineData("active-scaled-down", "selected by the active service, is scaled down or deleted")]
    [InlineData("previous-scaled-before-delay", "is scaled to zero before its scale-down delay has passed")]
    public void A_blue_green_plan_that_breaks_a_promise_is_reported(string breach, string violation)
    {
        var world = RolloutWorld.CreateBlueGreen(3, s => s with { AutoPromotionEnabled = false });
        world.Run();
        world.SetImage("web:2");
        world.Run();
        if (breach == "switch-to-unavailable")
        {
            world.SetSize("web:2", 3, 1);
        }

        var observation = world.Observe();
        var good = world.Plan();
        var v1 = RolloutWorld.NameOf("web:1");
        PlanAction[] actions = breach switch
        {
            "switch-to-unavailable" => [new PatchServiceSelector("web-active", RolloutWorld.Hash("web:2"))],
            "active-scaled-down" => [new ScaleReplicaSet(v1, 1)],
            "previous-scaled-before-delay" => [new PatchServiceSelector("web-active", RolloutWorld.Hash("web:2")), new ScaleReplicaSet(v1, 0)],
            _ => throw new ArgumentException(breach, nameof(breach)),
        };
        var bad = good with { Actions = actions };

        Assert.Empty(PlanInvariants.Check(observation, good));
        Assert.Contains(PlanInvariants.Check(observation, bad), v => v.Contains(world.Expand(violation), StringComparison.Ordinal));
    }

    [Fact]
    public void Switching_back_to_the_stable_version_is_allowed_even_while_it_lacks_pods()
    {
        var world = RolloutWorld.CreateBlueGreen(3, s => s with
        {
            PostPromotionAnalysis = new RolloutAnalysis { Templates = [new AnalysisTemplateReference { TemplateName = "success-rate" }] },
        });
        world.Run();
        world.SetImage("web:2");
        world.Run(w => w.PromotionRunFor("web:2", pre: false) is not null);
        world.SetSize("web:1", 3, 2);

        world.Abort();
        var abort = world.Reconcile();

        Assert.Equal(world.Expand("select web-active {v1}"), abort.Actions[0].ToString());
    }
}
