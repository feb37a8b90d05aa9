using System.Collections.Immutable;

namespace Rollouts.Sandbox.ApiServer.Resources;

/// <summary>
/// The built-in kinds the sandbox serves, with the names, short names, categories, verbs and
/// subresources a real API server advertises for them, so kubectl resolves `po`, `deploy`, `all`...
/// as it would against a cluster.
/// </summary>
public static class BuiltInTypes
{
    private static readonly ImmutableArray<string> NoDeleteCollection =
        ["create", "delete", "get", "list", "patch", "update", "watch"];

    /// <summary>The scale subresource of Deployments and ReplicaSets. Their selector is a LabelSelector
    /// object at .spec.selector (not a string as a CRD's labelSelectorPath points to).</summary>
    public static readonly ScaleSubresource WorkloadScale = new(".spec.replicas", ".status.replicas", ".spec.selector");

    public static readonly ResourceType Namespaces = new()
    {
        Group = "", Version = "v1", Plural = "namespaces", Singular = "namespace", Kind = "Namespace",
        Namespaced = false, ShortNames = ["ns"], Verbs = NoDeleteCollection, HasStatus = true,
    };

    public static readonly ResourceType Pods = new()
    {
        Group = "", Version = "v1", Plural = "pods", Singular = "pod", Kind = "Pod",
        Namespaced = true, ShortNames = ["po"], Categories = ["all"], HasStatus = true,
    };

    public static readonly ResourceType Services = new()
    {
        Group = "", Version = "v1", Plural = "services", Singular = "service", Kind = "Service",
        Namespaced = true, ShortNames = ["svc"], Categories = ["all"], HasStatus = true,
    };

    public static readonly ResourceType ConfigMaps = new()
    {
        Group = "", Version = "v1", Plural = "configmaps", Singular = "configmap", Kind = "ConfigMap",
        Namespaced = true, ShortNames = ["cm"],
    };

    public static readonly ResourceType Secrets = new()
    {
        Group = "", Version = "v1", Plural = "secrets", Singular = "secret", Kind = "Secret", Namespaced = true,
    };

    public static readonly ResourceType CoreEvents = new()
    {
        Group = "", Version = "v1", Plural = "events", Singular = "event", Kind = "Event",
        Namespaced = true, ShortNames = ["ev"],
    };

    public static readonly ResourceType ServiceAccounts = new()
    {
        Group = "", Version = "v1", Plural = "serviceaccounts", Singular = "serviceaccount", Kind = "ServiceAccount",
        Namespaced = true, ShortNames = ["sa"],
    };

    public static readonly ResourceType Endpoints = new()
    {
        Group = "", Version = "v1", Plural = "endpoints", Singular = "endpoints", Kind = "Endpoints",
        Namespaced = true, ShortNames = ["ep"],
    };

    public static readonly ResourceType Deployments = new()
    {
        Group = "apps", Version = "v1", Plural = "deployments", Singular = "deployment", Kind = "Deployment",
        Namespaced = true, ShortNames = ["deploy"], Categories = ["all"],
        HasStatus = true, Scale = WorkloadScale, HasGeneration = true,
    };

    public static readonly ResourceType ReplicaSets = new()
    {
        Group = "apps", Version = "v1", Plural = "replicasets", Singular = "replicaset", Kind = "ReplicaSet",
        Namespaced = true, ShortNames = ["rs"], Categories = ["all"],
        HasStatus = true, Scale = WorkloadScale, HasGeneration = true,
    };

    public static readonly ResourceType Events = new()
    {
        Group = "events.k8s.io", Version = "v1", Plural = "events", Singular = "event", Kind = "Event",
        Namespaced = true, ShortNames = ["ev"],
    };

    public static readonly ResourceType SelfSubjectReviews = new()
    {
        Group = "authentication.k8s.io", Version = "v1", Plural = "selfsubjectreviews", Singular = "selfsubjectreview",
        Kind = "SelfSubjectReview", Namespaced = false, Verbs = ["create"],
    };

    public static readonly ResourceType Ingresses = new()
    {
        Group = "networking.k8s.io", Version = "v1", Plural = "ingresses", Singular = "ingress", Kind = "Ingress",
        Namespaced = true, ShortNames = ["ing"], HasStatus = true, HasGeneration = true,
    };

    public static readonly ResourceType IngressClasses = new()
    {
        Group = "networking.k8s.io", Version = "v1", Plural = "ingressclasses", Singular = "ingressclass",
        Kind = "IngressClass", Namespaced = false, HasGeneration = true,
    };

    public static readonly ResourceType CustomResourceDefinitions = new()
    {
        Group = "apiextensions.k8s.io", Version = "v1", Plural = "customresourcedefinitions",
        Singular = "customresourcedefinition", Kind = "CustomResourceDefinition", Namespaced = false,
        ShortNames = ["crd", "crds"], Categories = ["api-extensions"], HasStatus = true, HasGeneration = true,
    };

    public static readonly ResourceType Leases = new()
    {
        Group = "coordination.k8s.io", Version = "v1", Plural = "leases", Singular = "lease", Kind = "Lease",
        Namespaced = true,
    };

    // RBAC objects are stored and served so manifests that carry them apply; the sandbox does not enforce them.
    public static readonly ResourceType ClusterRoles = new()
    {
        Group = "rbac.authorization.k8s.io", Version = "v1", Plural = "clusterroles", Singular = "clusterrole",
        Kind = "ClusterRole", Namespaced = false,
    };

    public static readonly ResourceType ClusterRoleBindings = new()
    {
        Group = "rbac.authorization.k8s.io", Version = "v1", Plural = "clusterrolebindings", Singular = "clusterrolebinding",
        Kind = "ClusterRoleBinding", Namespaced = false,
    };

    public static readonly ResourceType Roles = new()
    {
        Group = "rbac.authorization.k8s.io", Version = "v1", Plural = "roles", Singular = "role", Kind = "Role", Namespaced = true,
    };

    public static readonly ResourceType RoleBindings = new()
    {
        Group = "rbac.authorization.k8s.io", Version = "v1", Plural = "rolebindings", Singular = "rolebinding",
        Kind = "RoleBinding", Namespaced = true,
    };

    /// <summary>Every built-in type, groups in the order a real server lists them.</summary>
    public static readonly ImmutableArray<ResourceType> All =
    [
        Namespaces, Pods, Services, ConfigMaps, Secrets, CoreEvents, ServiceAccounts, Endpoints,
        Deployments, ReplicaSets,
        Events,
        SelfSubjectReviews,
        Ingresses, IngressClasses,
        ClusterRoles, ClusterRoleBindings, Roles, RoleBindings,
        CustomResourceDefinitions,
        Leases,
    ];
}
