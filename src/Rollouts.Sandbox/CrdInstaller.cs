using Rollouts.Api.Crds;
using Rollouts.Sandbox.ApiServer.Operations;

namespace Rollouts.Sandbox;

/// <summary>
/// Installs the project's CustomResourceDefinitions on an in-memory server, as <c>kubectl apply -f crds/</c>
/// would. They are built from the same types as the files in <c>crds/</c> (a test keeps those in step), so
/// <c>up</c> needs no file from the repository. The Gateway API's HTTPRoute comes too (<see cref="Gateway.HttpRouteCrd"/>),
/// so that Gateway API routing can be tried in the sandbox.
/// </summary>
public static class CrdInstaller
{
    private const string FieldManager = "rollouts-sandbox";

    /// <summary>Creates each CRD the server does not have yet; returns the names of those it created.</summary>
    public static IReadOnlyList<string> Install(ApiServer.ApiServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var type = server.Catalog.Registry.Find("apiextensions.k8s.io", "v1", "customresourcedefinitions")
            ?? throw new InvalidOperationException("The server does not serve apiextensions.k8s.io/v1 customresourcedefinitions.");
        var created = new List<string>();
        var definitions = CrdFiles.All.Select(f => (f.FileName, Definition: f.Definition.DeepClone().AsObject()))
            .Append((Gateway.HttpRouteCrd.FileName, Gateway.HttpRouteCrd.Definition()));
        foreach (var (fileName, definition) in definitions)
        {
            var name = definition["metadata"]?["name"]?.GetValue<string>()
                ?? throw new InvalidOperationException($"The CRD of {fileName} has no metadata.name.");
            if (server.Store.Get(type.StorageKey, new ApiServer.Storage.ObjectKey("", name)) is not null)
            {
                continue;
            }

            server.Operations.Create(type, null, definition, WriteOptions.Default with { FieldManager = FieldManager });
            created.Add(name);
        }

        return created;
    }
}
