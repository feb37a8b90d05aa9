using Rollouts.Sandbox.ApiServer.Resources;

namespace Rollouts.Sandbox.ApiServer;

/// <summary>The resource types served right now: built-ins plus those of stored CRDs, replaced whole on change.</summary>
public sealed class ResourceCatalog
{
    private readonly Lock _gate = new();
    private ResourceRegistry _registry = ResourceRegistry.BuiltIn;

    public ResourceRegistry Registry => Volatile.Read(ref _registry);

    public void Update(Func<ResourceRegistry, ResourceRegistry> change)
    {
        lock (_gate)
        {
            Volatile.Write(ref _registry, change(_registry));
        }
    }
}
