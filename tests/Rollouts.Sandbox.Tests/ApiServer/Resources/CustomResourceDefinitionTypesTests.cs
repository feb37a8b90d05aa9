using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Errors;
using Rollouts.Sandbox.ApiServer.Resources;

namespace Rollouts.Sandbox.Tests.ApiServer.Resources;

public class CustomResourceDefinitionTypesTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_served_version_becomes_a_custom_type_with_the_crd_names_and_subresources()
    {
        var type = Assert.Single(CustomResourceDefinitionTypes.FromCrd(TestCrds.Rollout()));

        Assert.Equal("rollouts.dev", type.Group);
        Assert.Equal("v1alpha1", type.Version);
        Assert.Equal("rollouts", type.Plural);
        Assert.Equal("rollout", type.Singular);
        Assert.Equal("Rollout", type.Kind);
        Assert.Equal("RolloutList", type.ListKind);
        Assert.True(type.Namespaced);
        Assert.Equal<string>(["ro"], type.ShortNames);
        Assert.Equal<string>(["all"], type.Categories);
        Assert.Equal(ResourceType.AllVerbs, type.Verbs);
        Assert.True(type.HasStatus);
        Assert.Equal(new ScaleSubresource(".spec.replicas", ".status.replicas", ".status.selector"), type.Scale);
        Assert.True(type.HasGeneration);
        Assert.True(type.IsCustom);
        Assert.True(type.IsStorageVersion);
        Assert.NotNull(type.Schema);
        Assert.Equal("object", type.Schema.Source.GetProperty("type").GetString());
    }

    [Fact]
    public void Printer_columns_keep_type_format_description_and_priority()
    {
        var type = Assert.Single(CustomResourceDefinitionTypes.FromCrd(TestCrds.Rollout()));

        Assert.Equal<PrinterColumn>(
            [
                new PrinterColumn("Desired", "integer", ".spec.replicas"),
                new PrinterColumn("Current", "integer", ".status.replicas"),
                new PrinterColumn("Phase", "string", ".status.phase", Description: "Where the rollout is."),
                new PrinterColumn("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status", Priority: 1),
                new PrinterColumn("Age", "date", ".metadata.creationTimestamp"),
            ],
            type.PrinterColumns);
    }

    [Fact]
    public void Only_served_versions_become_types_and_the_storage_flag_follows_the_crd()
    {
        var crd = TestCrds.Rollout();
        var versions = crd["spec"]!["versions"]!.AsArray();
        var v1 = versions[0]!.DeepClone().AsObject();
        v1["name"] = "v1";
        v1["storage"] = false;
        var old = versions[0]!.DeepClone().AsObject();
        old["name"] = "v1alpha0";
        old["storage"] = false;
        old["served"] = false;
        versions.Add(v1);
        versions.Add(old);

        var types = CustomResourceDefinitionTypes.FromCrd(crd);

        Assert.Equal(["v1alpha1", "v1"], types.Select(t => t.Version));
        Assert.Equal([true, false], types.Select(t => t.IsStorageVersion));
    }

    [Fact]
    public void Cluster_scope_singular_and_list_kind_are_taken_as_written()
    {
        var crd = TestCrds.Rollout();
        crd["spec"]!["scope"] = "Cluster";
        crd["spec"]!["names"]!["singular"] = "ro-singular";
        crd["spec"]!["names"]!["listKind"] = "RolloutCollection";

        var type = Assert.Single(CustomResourceDefinitionTypes.FromCrd(crd));

        Assert.False(type.Namespaced);
        Assert.Equal("ro-singular", type.Singular);
        Assert.Equal("RolloutCollection", type.ListKind);
    }

    [Fact]
    public void A_version_without_subresources_has_no_status_nor_scale()
    {
        var crd = TestCrds.Rollout();
        crd["spec"]!["versions"]![0]!.AsObject().Remove("subresources");

        var type = Assert.Single(CustomResourceDefinitionTypes.FromCrd(crd));

        Assert.False(type.HasStatus);
        Assert.Null(type.Scale);
    }

    public static TheoryData<string, string, string, string> InvalidCrds => new()
    {
        // description, JSON edit applied to the valid CRD, field of the cause, message of the cause
        { "no versions", """{"spec":{"versions":[]}}""", "spec.versions", "Required value: must have exactly one version marked as storage version" },
        { "no storage version", """{"spec":{"versions":[{"storage":false}]}}""", "spec.versions", "Invalid value: []: must have exactly one version marked as storage version" },
        { "missing plural", """{"spec":{"names":{"plural":null}}}""", "spec.names.plural", "Required value" },
        { "missing kind", """{"spec":{"names":{"kind":null}}}""", "spec.names.kind", "Required value" },
        { "upper-case plural", """{"metadata":{"name":"Rollouts.rollouts.dev"},"spec":{"names":{"plural":"Rollouts"}}}""", "spec.names.plural", "Invalid value: \"Rollouts\": must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (at most 63 characters)" },
        { "bad short name", """{"spec":{"names":{"shortNames":["r o"]}}}""", "spec.names.shortNames[0]", "Invalid value: \"r o\": must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (at most 63 characters)" },
        { "name not plural.group", """{"metadata":{"name":"rollout.rollouts.dev"}}""", "metadata.name", "Invalid value: \"rollout.rollouts.dev\": must be spec.names.plural+\".\"+spec.group" },
        { "group without a dot", """{"metadata":{"name":"rollouts.rollouts"},"spec":{"group":"rollouts"}}""", "spec.group", "Invalid value: \"rollouts\": should be a domain with at least one dot" },
        { "protected group without approval", """{"metadata":{"name":"rollouts.x.k8s.io"},"spec":{"group":"x.k8s.io"}}""", "metadata.annotations[api-approved.kubernetes.io]", "Required value: protected groups must have approval annotation \"api-approved.kubernetes.io\"" },
        { "unknown scope", """{"spec":{"scope":"Global"}}""", "spec.scope", "Unsupported value: \"Global\": supported values: \"Cluster\", \"Namespaced\"" },
        { "missing schema", """{"spec":{"versions":[{"schema":null}]}}""", "spec.versions[0].schema.openAPIV3Schema", "Required value: schemas are required" },
        { "schema not an object", """{"spec":{"versions":[{"schema":{"openAPIV3Schema":{"type":"string","properties":null}}}]}}""", "spec.versions[0].schema.openAPIV3Schema.type", "Invalid value: \"string\": must be object at the root" },
        { "missing version name", """{"spec":{"versions":[{"name":null}]}}""", "spec.versions[0].name", "Required value" },
        { "spec replicas path outside spec", """{"spec":{"versions":[{"subresources":{"scale":{"specReplicasPath":".status.replicas"}}}]}}""", "spec.versions[0].subresources.scale.specReplicasPath", "Invalid value: \".status.replicas\": should be a json path under .spec" },
        { "missing status replicas path", """{"spec":{"versions":[{"subresources":{"scale":{"statusReplicasPath":null}}}]}}""", "spec.versions[0].subresources.scale.statusReplicasPath", "Required value" },
        { "unknown column type", """{"spec":{"versions":[{"additionalPrinterColumns":[{"type":"text"}]}]}}""", "spec.versions[0].additionalPrinterColumns[0].type", "Unsupported value: \"text\": supported values: \"integer\", \"number\", \"string\", \"boolean\", \"date\"" },
        { "column without path", """{"spec":{"versions":[{"additionalPrinterColumns":[{"jsonPath":null}]}]}}""", "spec.versions[0].additionalPrinterColumns[0].jsonPath", "Required value" },
        { "column path not JSONPath", """{"spec":{"versions":[{"additionalPrinterColumns":[{"jsonPath":"spec.replicas"}]}]}}""", "spec.versions[0].additionalPrinterColumns[0].jsonPath", "Invalid value: \"spec.replicas\": JSONPath \"spec.replicas\" must start with '.'" },
    };

    [Theory]
    [MemberData(nameof(InvalidCrds))]
    public void An_invalid_crd_is_refused_with_422_and_the_field_path(string description, string edit, string field, string message)
    {
        var crd = TestCrds.Rollout();
        MergeInto(crd, TestCrds.Parse(edit));

        var error = Assert.Throws<ApiError>(() => CustomResourceDefinitionTypes.FromCrd(crd));

        Assert.Equal(422, error.Code);
        Assert.Equal("Invalid", error.Reason);
        Assert.Equal("CustomResourceDefinition", error.Kind);
        Assert.Equal("apiextensions.k8s.io", error.Group);
        var cause = Assert.Single(error.Causes, c => c.Field == field);
        Assert.True(message == cause.Message, $"{description}: got \"{cause.Message}\"");
        Assert.Contains($"{field}: {message}", error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"CustomResourceDefinition.apiextensions.k8s.io \"{crd["metadata"]!["name"]}\" is invalid: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_protected_group_with_the_approval_annotation_is_served()
    {
        var crd = TestCrds.Rollout();
        MergeInto(crd, TestCrds.Parse("""
            {"metadata":{"name":"rollouts.x.k8s.io","annotations":{"api-approved.kubernetes.io":"https://github.com/kubernetes-sigs/gateway-api/pull/3328"}},
             "spec":{"group":"x.k8s.io"}}
            """));

        Assert.Equal("x.k8s.io", Assert.Single(CustomResourceDefinitionTypes.FromCrd(crd)).Group);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var crd = TestCrds.Rollout();
        MergeInto(crd, TestCrds.Parse("""{"spec":{"scope":null,"names":{"kind":null}}}"""));

        var error = Assert.Throws<ApiError>(() => CustomResourceDefinitionTypes.FromCrd(crd));

        Assert.Equal(["spec.names.kind", "spec.scope"], error.Causes.Select(c => c.Field).Order());
        Assert.Contains("is invalid: [", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_storage_versions_are_refused()
    {
        var crd = TestCrds.Rollout();
        var second = crd["spec"]!["versions"]![0]!.DeepClone().AsObject();
        second["name"] = "v1";
        crd["spec"]!["versions"]!.AsArray().Add(second);

        var error = Assert.Throws<ApiError>(() => CustomResourceDefinitionTypes.FromCrd(crd));

        var cause = Assert.Single(error.Causes);
        Assert.Equal("spec.versions", cause.Field);
        Assert.Equal("Invalid value: [\"v1alpha1\",\"v1\"]: must have exactly one version marked as storage version", cause.Message);
    }

    [Fact]
    public void A_duplicate_version_name_is_refused()
    {
        var crd = TestCrds.Rollout();
        var second = crd["spec"]!["versions"]![0]!.DeepClone().AsObject();
        second["storage"] = false;
        crd["spec"]!["versions"]!.AsArray().Add(second);

        var error = Assert.Throws<ApiError>(() => CustomResourceDefinitionTypes.FromCrd(crd));

        var cause = Assert.Single(error.Causes);
        Assert.Equal("spec.versions[1].name", cause.Field);
        Assert.Equal("FieldValueDuplicate", cause.Reason);
    }

    [Fact]
    public void Status_accepts_the_names_establishes_the_crd_and_records_the_storage_version()
    {
        var status = CustomResourceDefinitionTypes.CrdStatus(TestCrds.Rollout(), Now);

        var expected = TestCrds.Parse("""
            {
              "conditions": [
                { "type": "NamesAccepted", "status": "True", "lastTransitionTime": "2025-03-01T12:00:00Z",
                  "reason": "NoConflicts", "message": "no conflicts found" },
                { "type": "Established", "status": "True", "lastTransitionTime": "2025-03-01T12:00:00Z",
                  "reason": "InitialNamesAccepted", "message": "the initial names have been accepted" }
              ],
              "acceptedNames": {
                "plural": "rollouts", "singular": "rollout", "shortNames": ["ro"], "kind": "Rollout",
                "listKind": "RolloutList", "categories": ["all"]
              },
              "storedVersions": ["v1alpha1"]
            }
            """);
        Assert.True(JsonNode.DeepEquals(expected, status), status.ToJsonString());
    }

    [Fact]
    public void Status_keeps_earlier_stored_versions_and_transition_times()
    {
        var crd = TestCrds.Rollout();
        crd["status"] = CustomResourceDefinitionTypes.CrdStatus(crd, Now);
        var versions = crd["spec"]!["versions"]!.AsArray();
        versions[0]!["storage"] = false;
        var v1 = versions[0]!.DeepClone().AsObject();
        v1["name"] = "v1";
        v1["storage"] = true;
        versions.Add(v1);

        var status = CustomResourceDefinitionTypes.CrdStatus(crd, Now.AddHours(1));

        Assert.Equal(["v1alpha1", "v1"], status["storedVersions"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.All(status["conditions"]!.AsArray(), c => Assert.Equal("2025-03-01T12:00:00Z", c!["lastTransitionTime"]!.GetValue<string>()));
    }

    [Fact]
    public void Defaults_fill_singular_list_kind_and_conversion()
    {
        var crd = TestCrds.Rollout();

        CustomResourceDefinitionTypes.ApplyDefaults(crd);

        Assert.Equal("rollout", crd["spec"]!["names"]!["singular"]!.GetValue<string>());
        Assert.Equal("RolloutList", crd["spec"]!["names"]!["listKind"]!.GetValue<string>());
        Assert.Equal("None", crd["spec"]!["conversion"]!["strategy"]!.GetValue<string>());
    }

    /// <summary>Merges <paramref name="edit"/> into <paramref name="target"/>: objects recursively, the elements of
    /// arrays by index, null removes a field.</summary>
    private static void MergeInto(JsonNode target, JsonNode edit)
    {
        switch (target, edit)
        {
            case (JsonObject obj, JsonObject patch):
                foreach (var (key, value) in patch.ToList())
                {
                    if (value is null)
                    {
                        obj.Remove(key);
                    }
                    else if (obj[key] is { } existing && existing.GetValueKind() == value.GetValueKind()
                        && value is JsonObject or JsonArray { Count: > 0 })
                    {
                        MergeInto(existing, value);
                    }
                    else
                    {
                        obj[key] = value.DeepClone();
                    }
                }
                break;
            case (JsonArray array, JsonArray patch):
                for (var i = 0; i < patch.Count; i++)
                {
                    if (patch[i] is JsonObject or JsonArray)
                    {
                        MergeInto(array[i]!, patch[i]!);
                    }
                    else
                    {
                        array[i] = patch[i]?.DeepClone();
                    }
                }
                break;
        }
    }
}
