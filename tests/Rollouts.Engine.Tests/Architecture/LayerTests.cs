using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Rollouts.Engine.Tests.Architecture;

/// <summary>
/// Keeps the layers as docs/architecture.md draws them: each assembly references only the layers below it,
/// and the Engine (the pure planner) never touches the Kubernetes client or controller runtime, which live
/// in the same assembly as the models it may use.
/// </summary>
public sealed class LayerTests
{
    private static readonly string[] Layers = ["Rollouts.Kubernetes", "Rollouts.Api", "Rollouts.Engine"];

    [Theory]
    [InlineData("Rollouts.Kubernetes", new string[0])]
    [InlineData("Rollouts.Api", new[] { "Rollouts.Kubernetes" })]
    [InlineData("Rollouts.Engine", new[] { "Rollouts.Kubernetes", "Rollouts.Api" })]
    public void Each_layer_references_only_the_layers_below_it(string assembly, string[] allowed)
    {
        var referenced = Assembly.Load(assembly).GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("Rollouts.", StringComparison.Ordinal))
            .ToList();

        Assert.All(referenced, name => Assert.Contains(name, allowed));
        Assert.All(referenced, name => Assert.Contains(name, Layers));
    }

    [Fact]
    public void The_engine_uses_no_type_of_the_kubernetes_client_or_runtime()
    {
        var path = typeof(Rollouts.Engine.EngineAssembly).Assembly.Location;
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();

        var forbidden = metadata.TypeReferences
            .Select(handle => metadata.GetTypeReference(handle))
            .Select(reference => metadata.GetString(reference.Namespace))
            .Where(ns => ns.StartsWith("Rollouts.Kubernetes.Client", StringComparison.Ordinal)
                         || ns.StartsWith("Rollouts.Kubernetes.Runtime", StringComparison.Ordinal))
            .Distinct()
            .ToList();

        Assert.Empty(forbidden);
    }
}
