using Rollouts.Sandbox.ApiServer.Errors;
using Rollouts.Sandbox.ApiServer.Schema;
using static Rollouts.Sandbox.Tests.ApiServer.Schema.SchemaKit;

namespace Rollouts.Sandbox.Tests.ApiServer.Schema;

/// <summary>
/// A Rollout-style CRD end to end, in the order the server handles a create: prune what the schema does
/// not declare, apply defaults, validate, and answer 422 with every cause.
/// </summary>
public sealed class RolloutSchemaTests
{
    private const string RolloutSchema = """
        {
          "type": "object",
          "properties": {
            "apiVersion": {"type": "string"},
            "kind": {"type": "string"},
            "metadata": {"type": "object"},
            "spec": {
              "type": "object",
              "required": ["selector", "template", "strategy"],
              "properties": {
                "replicas": {"type": "integer", "format": "int32", "minimum": 0, "default": 1},
                "selector": {"type": "object", "properties": {
                  "matchLabels": {"type": "object", "additionalProperties": {"type": "string"}}}},
                "template": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
                "strategy": {"type": "object", "properties": {
                  "canary": {"type": "object", "properties": {
                    "stableService": {"type": "string", "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"},
                    "canaryService": {"type": "string"},
                    "maxSurge": {"x-kubernetes-int-or-string": true, "default": "25%"},
                    "trafficRouting": {"type": "object", "properties": {
                      "nginx": {"type": "object", "required": ["stableIngress"], "properties": {"stableIngress": {"type": "string"}}}}},
                    "steps": {"type": "array", "items": {"type": "object", "properties": {
                      "setWeight": {"type": "integer", "format": "int32", "minimum": 0, "maximum": 100},
                      "pause": {"type": "object", "properties": {"duration": {"x-kubernetes-int-or-string": true}}},
                      "analysis": {"type": "object", "properties": {"templates": {"type": "array", "minItems": 1, "items": {
                        "type": "object", "required": ["templateName"], "properties": {"templateName": {"type": "string", "minLength": 1}}}}}}
                    }}}
                  }}
                }}
              }
            },
            "status": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}
          }
        }
        """;

    private static readonly StructuralSchema Schema = StructuralSchema.Compile(Element(RolloutSchema), CrdPath, "rollouts.rollouts.dev");

    [Fact]
    public void A_rollout_as_users_write_it_is_stored_with_its_defaults()
    {
        var rollout = Json("""
            {"apiVersion": "rollouts.dev/v1alpha1", "kind": "Rollout", "metadata": {"name": "web"},
             "spec": {
               "selector": {"matchLabels": {"app": "web"}},
               "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "web", "image": "web:1.1"}]}},
               "strategy": {"canary": {
                 "stableService": "web-stable", "canaryService": "web-canary",
                 "trafficRouting": {"nginx": {"stableIngress": "web"}},
                 "steps": [{"setWeight": 20}, {"pause": {"duration": "5m"}}, {"analysis": {"templates": [{"templateName": "success-rate"}]}}, {"setWeight": 50}, {"pause": {}}]}}}}
            """);

        var pruned = Schema.Prune(rollout);
        Schema.ApplyDefaults(rollout);
        var causes = Schema.Validate(rollout);

        Assert.Empty(pruned);
        Assert.Empty(causes);
        Assert.Equal(1, (int)rollout["spec"]!["replicas"]!);
        Assert.Equal("25%", (string)rollout["spec"]!["strategy"]!["canary"]!["maxSurge"]!);
    }

    [Fact]
    public void A_rollout_with_mistakes_is_refused_with_every_cause_at_its_path()
    {
        var rollout = Json("""
            {"apiVersion": "rollouts.dev/v1alpha1", "kind": "Rollout", "metadata": {"name": "web"},
             "spec": {
               "replicas": -1,
               "selector": {"matchLabels": {"app": "web"}},
               "strategy": {"canary": {
                 "stableService": "Web_Stable",
                 "trafficRouting": {"nginx": {}},
                 "steps": [{"setWeight": 120}, {"pause": {"duration": true}}, {"analysis": {"templates": [{}]}}, {"setWieght": 50}]}}}}
            """);

        var pruned = Schema.Prune(rollout);
        Schema.ApplyDefaults(rollout);
        var error = ApiError.Invalid("Rollout", "web", "rollouts.dev", Schema.Validate(rollout));

        Assert.Equal(["spec.strategy.canary.steps[3].setWieght"], pruned);
        Assert.Equal(422, error.Code);
        Assert.Equal(
            [
                "spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0",
                "spec.strategy.canary.stableService: Invalid value: \"Web_Stable\": spec.strategy.canary.stableService in body should match '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'",
                "spec.strategy.canary.trafficRouting.nginx.stableIngress: Required value",
                "spec.strategy.canary.steps[0].setWeight: Invalid value: 120: spec.strategy.canary.steps[0].setWeight in body should be less than or equal to 100",
                "spec.strategy.canary.steps[1].pause.duration: Invalid value: \"boolean\": spec.strategy.canary.steps[1].pause.duration in body must be of type integer,string: \"boolean\"",
                "spec.strategy.canary.steps[2].analysis.templates[0].templateName: Required value",
                "spec.template: Required value",
            ],
            error.Causes.Select(c => $"{c.Field}: {c.Message}"));
        Assert.StartsWith("Rollout.rollouts.dev \"web\" is invalid: [spec.replicas: Invalid value: -1: ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(", spec.template: Required value]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_problem_is_reported_without_brackets()
    {
        var rollout = Json("""
            {"apiVersion": "rollouts.dev/v1alpha1", "kind": "Rollout", "metadata": {"name": "web"},
             "spec": {"replicas": "three", "selector": {}, "template": {}, "strategy": {}}}
            """);

        var error = ApiError.Invalid("Rollout", "web", "rollouts.dev", Schema.Validate(rollout));

        Assert.Equal(
            "Rollout.rollouts.dev \"web\" is invalid: spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\"",
            error.Message);
        var cause = Assert.Single(error.Causes);
        Assert.Equal(("FieldValueTypeInvalid", "spec.replicas"), (cause.Reason, cause.Field));
    }

    [Fact]
    public void A_message_repeated_by_several_causes_is_listed_once()
    {
        StatusCause[] causes =
        [
            new("FieldValueInvalid", "Invalid value: \"\": \"spec\" must validate at least one schema (anyOf)", "<nil>"),
            new("FieldValueInvalid", "Invalid value: \"\": \"spec\" must validate at least one schema (anyOf)", "<nil>"),
            new("FieldValueRequired", "Required value", "spec.a"),
        ];

        var error = ApiError.Invalid("Rollout", "web", "rollouts.dev", causes);

        Assert.Equal(
            "Rollout.rollouts.dev \"web\" is invalid: [<nil>: Invalid value: \"\": \"spec\" must validate at least one schema (anyOf), spec.a: Required value]",
            error.Message);
        Assert.Equal(3, error.Causes.Length);
    }

    [Fact]
    public void Status_is_kept_as_written()
    {
        var rollout = Json("""{"apiVersion": "rollouts.dev/v1alpha1", "kind": "Rollout", "metadata": {"name": "web"}, "status": {"currentStepIndex": 2, "conditions": [{"type": "Progressing"}]}}""");

        Assert.Empty(Schema.Prune(rollout));
        AssertJsonEqual("""{"currentStepIndex": 2, "conditions": [{"type": "Progressing"}]}""", rollout["status"]!);
    }
}
