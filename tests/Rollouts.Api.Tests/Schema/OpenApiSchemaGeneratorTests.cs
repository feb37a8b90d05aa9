using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Rollouts.Api.Rollouts;
using Rollouts.Api.Schema;

namespace Rollouts.Api.Tests.Schema;

public sealed class OpenApiSchemaGeneratorTests
{
    private static readonly JsonObject Root = OpenApiSchemaGenerator.Generate(Rollout.JsonTypeInfo);
    private static readonly JsonNode Spec = Root["properties"]!["spec"]!;
    private static readonly JsonNode Canary = Spec["properties"]!["strategy"]!["properties"]!["canary"]!;
    private static readonly JsonNode Step = Canary["properties"]!["steps"]!["items"]!;

    [Fact]
    public void Weights_and_counts_carry_their_bounds()
    {
        Assert.Equal("""{"type":"integer","format":"int32","minimum":0,"maximum":100}""", Without(Step["properties"]!["setWeight"]!, "description"));
        Assert.Equal(0, (long)Spec["properties"]!["replicas"]!["minimum"]!);
        Assert.Equal(100, (long)Step["properties"]!["setCanaryScale"]!["properties"]!["weight"]!["maximum"]!);
        Assert.Equal(0, (long)Step["properties"]!["setCanaryScale"]!["properties"]!["replicas"]!["minimum"]!);
        Assert.Equal(0, (long)Canary["properties"]!["scaleDownDelaySeconds"]!["minimum"]!);
    }

    [Fact]
    public void Numbers_or_strings_are_int_or_string()
    {
        Assert.Equal("""{"x-kubernetes-int-or-string":true}""", Without(Canary["properties"]!["maxSurge"]!, "description"));
        Assert.Equal("""{"x-kubernetes-int-or-string":true}""", Without(Step["properties"]!["pause"]!["properties"]!["duration"]!, "description"));
    }

    [Fact]
    public void The_pod_template_is_kept_whole()
    {
        Assert.Equal("""{"type":"object","x-kubernetes-preserve-unknown-fields":true}""", Without(Spec["properties"]!["template"]!, "description"));
    }

    [Fact]
    public void Required_fields_are_listed_on_their_object()
    {
        Assert.Equal(["spec"], Strings(Root["required"]));
        Assert.Equal(["selector", "template"], Strings(Spec["required"]));
        Assert.Equal(["templateName"], Strings(Step["properties"]!["analysis"]!["properties"]!["templates"]!["items"]!["required"]));
        Assert.Equal(1, (int)Step["properties"]!["analysis"]!["properties"]!["templates"]!["minItems"]!);
    }

    [Fact]
    public void The_phase_is_one_of_the_known_phases()
    {
        var phase = Root["properties"]!["status"]!["properties"]!["phase"]!;

        Assert.Equal([RolloutPhase.Progressing, RolloutPhase.Paused, RolloutPhase.Healthy, RolloutPhase.Degraded], Strings(phase["enum"]));
    }

    [Fact]
    public void Property_names_are_the_serializers()
    {
        var status = Root["properties"]!["status"]!["properties"]!.AsObject();

        Assert.True(status.ContainsKey("stableRS"));
        Assert.DoesNotContain("unknownFields", Root.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_spec_field_is_described_for_kubectl_explain()
    {
        var undescribed = Fields(Spec, "spec").Where(f => f.Schema["description"] is null).Select(f => f.Path);

        Assert.Empty(undescribed);
    }

    [Fact]
    public void A_type_without_a_schema_is_named()
    {
        var error = Assert.Throws<NotSupportedException>(() => OpenApiSchemaGenerator.Generate(TestTypes.Default.WithGuid));

        Assert.Equal("No schema for System.Guid; describe it in BuiltInSchemas.", error.Message);
    }

    [Fact]
    public void A_recursive_type_is_refused()
    {
        var error = Assert.Throws<NotSupportedException>(() => OpenApiSchemaGenerator.Generate(TestTypes.Default.Tree));

        Assert.Contains("contains itself", error.Message, StringComparison.Ordinal);
    }

    private static string Without(JsonNode schema, string key)
    {
        var copy = schema.DeepClone().AsObject();
        copy.Remove(key);
        return copy.ToJsonString();
    }

    private static string[] Strings(JsonNode? array) => [.. array!.AsArray().Select(v => (string)v!)];

    private static IEnumerable<(string Path, JsonNode Schema)> Fields(JsonNode schema, string path)
    {
        if (schema["items"] is { } items)
        {
            foreach (var field in Fields(items, path + "[]"))
            {
                yield return field;
            }
        }

        foreach (var (name, child) in schema["properties"]?.AsObject() ?? [])
        {
            var childPath = $"{path}.{name}";
            yield return (childPath, child!);
            foreach (var field in Fields(child!, childPath))
            {
                yield return field;
            }
        }
    }
}

public sealed record WithGuid
{
    public Guid Id { get; init; }
}

public sealed record Tree
{
    public Tree? Child { get; init; }
}

[JsonSerializable(typeof(WithGuid))]
[JsonSerializable(typeof(Tree))]
internal sealed partial class TestTypes : JsonSerializerContext;
