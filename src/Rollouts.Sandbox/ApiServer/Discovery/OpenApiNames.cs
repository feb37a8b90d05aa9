using System.Globalization;
using Rollouts.Sandbox.ApiServer.Resources;

namespace Rollouts.Sandbox.ApiServer.Discovery;

/// <summary>How the real server names OpenAPI schemas, operations and paths.</summary>
internal static class OpenApiNames
{
    public const string ObjectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    public const string ListMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta";
    public const string Patch = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";
    public const string Status = "io.k8s.apimachinery.pkg.apis.meta.v1.Status";

    /// <summary>"api/v1" or "apis/apps/v1": the key of a group-version in the /openapi/v3 root.</summary>
    public static string GroupVersionPath(string group, string version) =>
        group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";

    /// <summary>io.k8s.api.apps.v1.Deployment for built-ins; the reversed group for custom resources (dev.rollouts.v1alpha1.Rollout).</summary>
    public static string Schema(ResourceType type, string kind)
    {
        if (type.IsCustom)
        {
            return $"{string.Join('.', type.Group.Split('.').Reverse())}.{type.Version}.{kind}";
        }
        if (type.Group == CustomResourceDefinitionTypes.Group)
        {
            return $"io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.{type.Version}.{kind}";
        }
        var group = type.Group.Length == 0 ? "core" : type.Group.Replace(".k8s.io", "", StringComparison.Ordinal);
        return $"io.k8s.api.{group}.{type.Version}.{kind}";
    }

    /// <summary>"patchAppsV1NamespacedDeployment", "listCoreV1Pod"...</summary>
    public static string Operation(string verb, ResourceType type, bool namespaced, string suffix = "")
    {
        var group = type.Group.Length == 0
            ? "Core"
            : string.Concat(type.Group.Replace(".k8s.io", "", StringComparison.Ordinal)
                .Split('.', '-')
                .Select(Capitalize));
        return $"{verb}{group}{Capitalize(type.Version)}{(namespaced ? "Namespaced" : "")}{type.Kind}{suffix}";
    }

    /// <summary>"apps_v1": the tag operations of a group-version share.</summary>
    public static string Tag(ResourceType type) =>
        type.Group.Length == 0
            ? $"core_{type.Version}"
            : $"{type.Group.Replace(".k8s.io", "", StringComparison.Ordinal).Replace('.', '_').Replace('-', '_')}_{type.Version}";

    /// <summary>The collection URL path with {namespace} as a template when namespaced.</summary>
    public static string CollectionPath(ResourceType type)
    {
        var root = type.Group.Length == 0 ? $"/api/{type.Version}" : $"/apis/{type.Group}/{type.Version}";
        return type.Namespaced ? $"{root}/namespaces/{{namespace}}/{type.Plural}" : $"{root}/{type.Plural}";
    }

    private static string Capitalize(string word) =>
        word.Length == 0 ? word : char.ToUpper(word[0], CultureInfo.InvariantCulture) + word[1..];
}
