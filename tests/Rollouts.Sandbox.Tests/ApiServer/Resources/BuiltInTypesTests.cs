using Rollouts.Sandbox.ApiServer.Resources;

namespace Rollouts.Sandbox.Tests.ApiServer.Resources;

public class BuiltInTypesTests
{
    [Theory]
    [InlineData("", "pods", "pod", "Pod", true, "po", "all")]
    [InlineData("", "services", "service", "Service", true, "svc", "all")]
    [InlineData("", "configmaps", "configmap", "ConfigMap", true, "cm", "")]
    [InlineData("", "namespaces", "namespace", "Namespace", false, "ns", "")]
    [InlineData("", "serviceaccounts", "serviceaccount", "ServiceAccount", true, "sa", "")]
    [InlineData("", "events", "event", "Event", true, "ev", "")]
    [InlineData("apps", "deployments", "deployment", "Deployment", true, "deploy", "all")]
    [InlineData("apps", "replicasets", "replicaset", "ReplicaSet", true, "rs", "all")]
    [InlineData("networking.k8s.io", "ingresses", "ingress", "Ingress", true, "ing", "")]
    [InlineData("networking.k8s.io", "ingressclasses", "ingressclass", "IngressClass", false, "", "")]
    [InlineData("events.k8s.io", "events", "event", "Event", true, "ev", "")]
    [InlineData("rbac.authorization.k8s.io", "clusterroles", "clusterrole", "ClusterRole", false, "", "")]
    [InlineData("rbac.authorization.k8s.io", "clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", false, "", "")]
    [InlineData("rbac.authorization.k8s.io", "roles", "role", "Role", true, "", "")]
    [InlineData("rbac.authorization.k8s.io", "rolebindings", "rolebinding", "RoleBinding", true, "", "")]
    [InlineData("coordination.k8s.io", "leases", "lease", "Lease", true, "", "")]
    [InlineData("apiextensions.k8s.io", "customresourcedefinitions", "customresourcedefinition", "CustomResourceDefinition", false, "crd,crds", "api-extensions")]
    [InlineData("authentication.k8s.io", "selfsubjectreviews", "selfsubjectreview", "SelfSubjectReview", false, "", "")]
    public void Built_in_kinds_carry_the_names_kubectl_resolves(
        string group, string plural, string singular, string kind, bool namespaced, string shortNames, string categories)
    {
        var type = ResourceRegistry.BuiltIn.Find(group, "v1", plural);

        Assert.NotNull(type);
        Assert.Equal(singular, type.Singular);
        Assert.Equal(kind, type.Kind);
        Assert.Equal(namespaced, type.Namespaced);
        Assert.Equal(shortNames, string.Join(",", type.ShortNames));
        Assert.Equal(categories, string.Join(",", type.Categories));
        Assert.False(type.IsCustom);
    }

    [Fact]
    public void Workloads_have_status_scale_and_generation()
    {
        foreach (var type in new[] { BuiltInTypes.Deployments, BuiltInTypes.ReplicaSets })
        {
            Assert.True(type.HasStatus);
            Assert.True(type.HasGeneration);
            Assert.Equal(new ScaleSubresource(".spec.replicas", ".status.replicas", ".spec.selector"), type.Scale);
        }
        Assert.True(BuiltInTypes.Ingresses.HasStatus);
        Assert.True(BuiltInTypes.Ingresses.HasGeneration);
        Assert.Null(BuiltInTypes.Pods.Scale);
        Assert.False(BuiltInTypes.ConfigMaps.HasStatus);
    }

    [Fact]
    public void Self_subject_reviews_can_only_be_created()
    {
        Assert.Equal<string>(["create"], BuiltInTypes.SelfSubjectReviews.Verbs);
    }
}
