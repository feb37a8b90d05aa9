using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Rollouts.Engine.Planning;

namespace Rollouts.Engine.Tests.Planning;

public class RolloutPlannerTests
{
    [Fact]
    public void The_engine_uses_the_Kubernetes_models_but_never_the_client_or_the_runtime()
    {
        using var stream = File.OpenRead(typeof(RolloutPlanner).Assembly.Location);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();

        var namespaces = reader.TypeReferences
            .Select(handle => reader.GetString(reader.GetTypeReference(handle).Namespace))
            .Where(ns => ns.StartsWith("Rollouts.Kubernetes", StringComparison.Ordinal))
            .Distinct()
            .ToList();

        Assert.Contains("Rollouts.Kubernetes.Models", namespaces);
        Assert.DoesNotContain(namespaces, ns => ns.StartsWith("Rollouts.Kubernetes.Client", StringComparison.Ordinal));
        Assert.DoesNotContain(namespaces, ns => ns.StartsWith("Rollouts.Kubernetes.Runtime", StringComparison.Ordinal));
    }

    [Fact]
    public void The_planner_is_a_function_of_its_observation()
    {
        var world = Support.RolloutWorld.Create("setWeight 20, pause 30s");
        world.Run();
        world.SetImage("web:2");
        var observation = world.Observe();

        var first = RolloutPlanner.Plan(observation);
        var second = RolloutPlanner.Plan(observation);

        Assert.Equal(first.Actions.Select(a => a.ToString()), second.Actions.Select(a => a.ToString()));
        Assert.True(StatusEquality.AreEqual(first.Status, second.Status));
        Assert.Equal(first.RequeueAfter, second.RequeueAfter);
    }
}
