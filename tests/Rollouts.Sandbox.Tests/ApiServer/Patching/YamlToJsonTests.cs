using Rollouts.Sandbox.ApiServer.Errors;
using Rollouts.Sandbox.ApiServer.Patching;

namespace Rollouts.Sandbox.Tests.ApiServer.Patching;

public class YamlToJsonTests
{
    /// <summary>Scalars typed by the YAML 1.2 core schema: YAML, the JSON it reads as.</summary>
    [Theory]
    [InlineData("a: true", """{"a":true}""")]
    [InlineData("a: False", """{"a":false}""")]
    [InlineData("a: yes", """{"a":"yes"}""")]
    [InlineData("a: on", """{"a":"on"}""")]
    [InlineData("a: 42", """{"a":42}""")]
    [InlineData("a: -7", """{"a":-7}""")]
    [InlineData("a: +7", """{"a":7}""")]
    [InlineData("a: 0x1F", """{"a":31}""")]
    [InlineData("a: 0o17", """{"a":15}""")]
    [InlineData("a: 1.5", """{"a":1.5}""")]
    [InlineData("a: 1e3", """{"a":1000}""")]
    [InlineData("a: .5", """{"a":0.5}""")]
    [InlineData("a: 12345678901234567890", """{"a":12345678901234567890}""")]
    [InlineData("a: null", """{"a":null}""")]
    [InlineData("a: ~", """{"a":null}""")]
    [InlineData("a:", """{"a":null}""")]
    [InlineData("a: 1.2.3", """{"a":"1.2.3"}""")]
    [InlineData("a: nginx:1.25", """{"a":"nginx:1.25"}""")]
    [InlineData("a: '42'", """{"a":"42"}""")]
    [InlineData("a: \"true\"", """{"a":"true"}""")]
    [InlineData("a: ''", """{"a":""}""")]
    [InlineData("a: !!str 42", """{"a":"42"}""")]
    [InlineData("a: !!int \"42\"", """{"a":42}""")]
    [InlineData("a: !!float 1", """{"a":1}""")]
    [InlineData("a: !!null ''", """{"a":null}""")]
    [InlineData("a: |\n  line one\n  line two\n", """{"a":"line one\nline two\n"}""")]
    [InlineData("a: >-\n  folded\n  text\n", """{"a":"folded text"}""")]
    public void Types_scalars_by_the_core_schema(string yaml, string expected)
    {
        JsonAssert.Equal(expected, YamlToJson.Parse(yaml));
    }

    [Fact]
    public void Reads_a_manifest_with_nested_maps_and_lists()
    {
        const string Yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              labels: {app: web, tier: "1"}
            spec:
              replicas: 3
              template:
                spec:
                  containers:
                  - name: web
                    image: example/web:2.0
                    ports:
                    - containerPort: 8080
                    args: [--verbose, "--port=8080"]
            """;

        JsonAssert.Equal("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web","tier":"1"}},
             "spec":{"replicas":3,"template":{"spec":{"containers":[{"name":"web","image":"example/web:2.0",
               "ports":[{"containerPort":8080}],"args":["--verbose","--port=8080"]}]}}}}
            """, YamlToJson.Parse(Yaml));
    }

    [Fact]
    public void Numbers_read_as_any_numeric_type_like_parsed_JSON()
    {
        var node = YamlToJson.Parse("replicas: 3\nratio: 0.25")!;

        Assert.Equal(3, node["replicas"]!.GetValue<int>());
        Assert.Equal(3L, node["replicas"]!.GetValue<long>());
        Assert.Equal(0.25, node["ratio"]!.GetValue<double>());
    }

    [Fact]
    public void Reads_JSON_as_YAML()
    {
        JsonAssert.Equal("""{"a":[1,"x",true,null,{"b":2.5}]}""", YamlToJson.Parse("""{"a":[1,"x",true,null,{"b":2.5}]}"""));
    }

    [Fact]
    public void Expands_anchors_aliases_and_merge_keys()
    {
        const string Yaml = """
            base: &base {image: x, pull: Always}
            one:
              <<: *base
              image: y
            two: *base
            """;

        JsonAssert.Equal("""{"base":{"image":"x","pull":"Always"},"one":{"image":"y","pull":"Always"},"two":{"image":"x","pull":"Always"}}""",
            YamlToJson.Parse(Yaml));
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("null")]
    public void Reads_an_empty_document_as_null(string yaml)
    {
        Assert.Null(YamlToJson.Parse(yaml));
    }

    [Fact]
    public void Reads_only_the_first_document()
    {
        JsonAssert.Equal("""{"a":1}""", YamlToJson.Parse("a: 1\n---\nb: 2\n"));
    }

    /// <summary>Text that is not YAML, or YAML that JSON cannot hold: 400 "error decoding YAML: ...".</summary>
    [Theory]
    [InlineData("a: [1, 2")]
    [InlineData("a: 1\n b: 2\n  c")]
    [InlineData("a: 1\na: 2")]
    [InlineData("a: .inf")]
    [InlineData("a: .NaN")]
    [InlineData("? [x]\n: 1")]
    [InlineData("a: !!int abc")]
    public void Refuses_what_JSON_cannot_hold_with_400(string yaml)
    {
        var error = Assert.Throws<ApiError>(() => YamlToJson.Parse(yaml));

        Assert.Equal(400, error.Code);
        Assert.StartsWith("error decoding YAML: ", error.Message, StringComparison.Ordinal);
    }
}
