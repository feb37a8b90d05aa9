using System.Text;
using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Errors;
using Rollouts.Sandbox.ApiServer.Patching;

namespace Rollouts.Sandbox.Tests.ApiServer.Patching;

public class PatchApplierTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private static JsonObject Live() => JsonAssert.Object("""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web"}},
         "spec":{"replicas":1,"template":{"spec":{"containers":[{"name":"web","image":"a"},{"name":"proxy","image":"p"}]}}}}
        """);

    /// <summary>Each format through the one entry point: format, body, the replicas and first container image after.</summary>
    [Theory]
    [InlineData(PatchKind.Merge, """{"spec":{"replicas":2}}""", 2, "a")]
    [InlineData(PatchKind.Json, """[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"b"}]""", 1, "b")]
    [InlineData(PatchKind.StrategicMerge, """{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"c"}]}}}}""", 1, "c")]
    [InlineData(PatchKind.Apply, "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 3}", 3, "a")]
    public void Runs_the_engine_the_format_names(PatchKind kind, string body, int replicas, string image)
    {
        var options = new PatchOptions { FieldManager = "test", ApiVersion = "apps/v1", Now = Now };
        var live = Live();

        var result = PatchApplier.Apply(kind, live, Encoding.UTF8.GetBytes(body), "Deployment", builtIn: true, options);

        Assert.Equal(replicas, result["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(image, result["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Equal(2, result["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Count);
        JsonAssert.Equal(Live().ToJsonString(), live);
    }

    [Fact]
    public void A_merge_patch_replaces_the_lists_a_strategic_merge_patch_would_merge()
    {
        var result = PatchApplier.Apply(PatchKind.Merge, Live(),
            """{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"c"}]}}}}""", "Deployment", builtIn: true);

        Assert.Single(result["spec"]!["template"]!["spec"]!["containers"]!.AsArray());
    }

    [Fact]
    public void Refuses_a_strategic_merge_patch_for_a_custom_resource_with_415()
    {
        var error = Assert.Throws<ApiError>(() =>
            PatchApplier.Apply(PatchKind.StrategicMerge, JsonAssert.Object("""{"spec":{}}"""), """{"spec":{"x":1}}""", "Rollout", builtIn: false));

        Assert.Equal(415, error.Code);
        Assert.Equal("UnsupportedMediaType", error.Reason);
        Assert.Equal("the body of the request was in an unknown format - accepted media types include: "
            + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml", error.Message);
    }

    [Fact]
    public void An_apply_creates_the_object_when_there_is_none()
    {
        var result = PatchApplier.Apply(PatchKind.Apply, null, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1"}}""",
            "ConfigMap", builtIn: true, new PatchOptions { FieldManager = "kubectl", Now = Now });

        Assert.Equal("1", result["data"]!["a"]!.GetValue<string>());
        Assert.Equal("kubectl", result["metadata"]!["managedFields"]![0]!["manager"]!.GetValue<string>());
    }

    /// <summary>Query options the real server refuses: 422 on PatchOptions naming the option.</summary>
    [Theory]
    [InlineData(PatchKind.Merge, "m", true, """PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch""")]
    [InlineData(PatchKind.Apply, null, null, """PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch""")]
    [InlineData(PatchKind.Apply, "", false, """PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch""")]
    [InlineData(PatchKind.Merge, "bad\tname", null, "fieldManager: Invalid value: \"bad\tname\": invalid character U+0009 (at position 3)")]
    public void Refuses_bad_options_with_422(PatchKind kind, string? manager, bool? force, string message)
    {
        var error = Assert.Throws<ApiError>(() => PatchApplier.Apply(kind, Live(), "{}", "Deployment", builtIn: true,
            new PatchOptions { FieldManager = manager, Force = force }));

        Assert.Equal(422, error.Code);
        Assert.Equal("Invalid", error.Reason);
        Assert.Equal("PatchOptions", error.Kind);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_field_manager_longer_than_128_bytes()
    {
        var error = Assert.Throws<ApiError>(() => PatchApplier.Apply(PatchKind.Merge, Live(), "{}", "Deployment", builtIn: true,
            new PatchOptions { FieldManager = new string('m', 129) }));

        Assert.Contains("fieldManager: Too long: may not be more than 128 bytes", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Bodies the server cannot read, or that would not leave an object: 400 BadRequest.</summary>
    [Theory]
    [InlineData(PatchKind.Merge, """{"spec":""", "not valid JSON")]
    [InlineData(PatchKind.Json, """[{"op":"add","path":"/baz","value":"qux","op":"remove"}]""", "not valid JSON")]
    [InlineData(PatchKind.StrategicMerge, "spec: {replicas: 2}", "not valid JSON")]
    [InlineData(PatchKind.Merge, """["a"]""", "not a JSON object")]
    [InlineData(PatchKind.Json, """[{"op":"replace","path":"","value":7}]""", "not a JSON object")]
    [InlineData(PatchKind.Apply, "spec: [", "error decoding YAML")]
    public void Refuses_unreadable_bodies_with_400(PatchKind kind, string body, string message)
    {
        var error = Assert.Throws<ApiError>(() => PatchApplier.Apply(kind, Live(), body, "Deployment", builtIn: true,
            new PatchOptions { FieldManager = "m" }));

        Assert.Equal(400, error.Code);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_body_that_is_not_UTF8_with_400()
    {
        var error = Assert.Throws<ApiError>(() =>
            PatchApplier.Apply(PatchKind.Merge, Live(), new byte[] { 0x7b, 0xff, 0x7d }, "Deployment", builtIn: true));

        Assert.Equal(400, error.Code);
    }
}
