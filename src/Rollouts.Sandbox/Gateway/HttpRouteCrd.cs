using System.Reflection;
using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Patching;

namespace Rollouts.Sandbox.Gateway;

/// <summary>The HTTPRoute CustomResourceDefinition the sandbox installs, so that Gateway API routing can be tried without a cluster.</summary>
public static class HttpRouteCrd
{
    public const string FileName = "httproutes.gateway.networking.k8s.io.yaml";

    /// <summary>The CRD as YAML (the file src/Rollouts.Sandbox/Gateway/httproutes.gateway.networking.k8s.io.yaml).</summary>
    public static string Yaml()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(FileName)
            ?? throw new InvalidOperationException($"The sandbox was built without its {FileName}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static JsonObject Definition() => YamlToJson.Parse(Yaml())!.AsObject();
}
