using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Errors;
using Rollouts.Sandbox.ApiServer.Patching;

namespace Rollouts.Sandbox.Tests.ApiServer.Patching;

public class JsonPatchTests
{
    /// <summary>RFC 6902, Appendix A, the examples that apply: document, patch, result.</summary>
    [Theory]
    [InlineData("A.1 add an object member", """{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux"}]""", """{"baz":"qux","foo":"bar"}""")]
    [InlineData("A.2 add an array element", """{"foo":["bar","baz"]}""", """[{"op":"add","path":"/foo/1","value":"qux"}]""", """{"foo":["bar","qux","baz"]}""")]
    [InlineData("A.3 remove an object member", """{"baz":"qux","foo":"bar"}""", """[{"op":"remove","path":"/baz"}]""", """{"foo":"bar"}""")]
    [InlineData("A.4 remove an array element", """{"foo":["bar","qux","baz"]}""", """[{"op":"remove","path":"/foo/1"}]""", """{"foo":["bar","baz"]}""")]
    [InlineData("A.5 replace a value", """{"baz":"qux","foo":"bar"}""", """[{"op":"replace","path":"/baz","value":"boo"}]""", """{"baz":"boo","foo":"bar"}""")]
    [InlineData("A.6 move a value", """{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}""", """[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]""", """{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}""")]
    [InlineData("A.7 move an array element", """{"foo":["all","grass","cows","eat"]}""", """[{"op":"move","from":"/foo/1","path":"/foo/3"}]""", """{"foo":["all","cows","eat","grass"]}""")]
    [InlineData("A.8 test a value: success", """{"baz":"qux","foo":["a",2,"c"]}""", """[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]""", """{"baz":"qux","foo":["a",2,"c"]}""")]
    [InlineData("A.10 add a nested member object", """{"foo":"bar"}""", """[{"op":"add","path":"/child","value":{"grandchild":{}}}]""", """{"foo":"bar","child":{"grandchild":{}}}""")]
    [InlineData("A.11 ignore unrecognized elements", """{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux","xyz":123}]""", """{"foo":"bar","baz":"qux"}""")]
    [InlineData("A.14 ~ escape ordering", """{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":10}]""", """{"/":9,"~1":10}""")]
    [InlineData("A.16 add an array value", """{"foo":["bar"]}""", """[{"op":"add","path":"/foo/-","value":["abc","def"]}]""", """{"foo":["bar",["abc","def"]]}""")]
    [InlineData("copy a value", """{"a":{"b":1}}""", """[{"op":"copy","from":"/a","path":"/c"}]""", """{"a":{"b":1},"c":{"b":1}}""")]
    [InlineData("~1 names a key holding a slash", """{"metadata":{"labels":{"app.kubernetes.io/name":"x"}}}""", """[{"op":"replace","path":"/metadata/labels/app.kubernetes.io~1name","value":"y"}]""", """{"metadata":{"labels":{"app.kubernetes.io/name":"y"}}}""")]
    [InlineData("test compares numbers by value", """{"a":1}""", """[{"op":"test","path":"/a","value":1.0}]""", """{"a":1}""")]
    [InlineData("an empty path replaces the document", """{"a":1}""", """[{"op":"replace","path":"","value":{"b":2}}]""", """{"b":2}""")]
    [InlineData("operations apply in order", """{"a":[]}""", """[{"op":"add","path":"/a/-","value":1},{"op":"add","path":"/a/0","value":0},{"op":"remove","path":"/a/1"}]""", """{"a":[0]}""")]
    public void Applies_the_RFC_6902_examples(string example, string document, string patch, string expected)
    {
        Assert.NotEmpty(example);
        JsonAssert.Equal(expected, JsonPatch.Apply(JsonNode.Parse(document), JsonNode.Parse(patch)));
    }

    /// <summary>Operations that do not apply: 422 Invalid, the message naming the operation and its path.</summary>
    [Theory]
    [InlineData("A.9 a failed test", """{"baz":"qux"}""", """[{"op":"test","path":"/baz","value":"bar"}]""", "test operation at \"/baz\"")]
    [InlineData("A.12 add to a nonexistent target", """{"foo":"bar"}""", """[{"op":"add","path":"/baz/bat","value":"qux"}]""", "add operation at \"/baz/bat\"")]
    [InlineData("A.15 a string is not a number", """{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":"10"}]""", "test operation at \"/~01\"")]
    [InlineData("test of a missing path", """{"a":1}""", """[{"op":"test","path":"/b","value":1}]""", "test operation at \"/b\"")]
    [InlineData("remove of a missing member", """{"a":1}""", """[{"op":"remove","path":"/b"}]""", "remove operation at \"/b\"")]
    [InlineData("replace of a missing member", """{"a":1}""", """[{"op":"replace","path":"/b","value":2}]""", "replace operation at \"/b\"")]
    [InlineData("an index past the end", """{"a":[1]}""", """[{"op":"add","path":"/a/2","value":2}]""", "index 2 is out of bounds")]
    [InlineData("an index with a leading zero", """{"a":[1,2]}""", """[{"op":"replace","path":"/a/01","value":3}]""", "replace operation at \"/a/01\"")]
    [InlineData("\"-\" outside add", """{"a":[1]}""", """[{"op":"remove","path":"/a/-"}]""", "remove operation at \"/a/-\"")]
    [InlineData("a path that is not a pointer", """{"a":1}""", """[{"op":"add","path":"a","value":2}]""", "is not a JSON pointer")]
    [InlineData("a bad ~ escape", """{"a":1}""", """[{"op":"add","path":"/a~2","value":2}]""", "is not a JSON pointer")]
    [InlineData("move from a missing path", """{"a":1}""", """[{"op":"move","from":"/b","path":"/c"}]""", "move operation at \"/c\"")]
    [InlineData("move into its own child", """{"a":{"b":1}}""", """[{"op":"move","from":"/a","path":"/a/b/c"}]""", "into one of its own children")]
    [InlineData("add under a scalar", """{"a":1}""", """[{"op":"add","path":"/a/b","value":2}]""", "add operation at \"/a/b\"")]
    [InlineData("a later failure", """{"a":1}""", """[{"op":"replace","path":"/a","value":2},{"op":"test","path":"/a","value":1}]""", "operation 1")]
    public void Refuses_operations_that_do_not_apply_with_422(string example, string document, string patch, string expected)
    {
        var error = Assert.Throws<ApiError>(() => JsonPatch.Apply(JsonNode.Parse(document), JsonNode.Parse(patch)));

        Assert.NotEmpty(example);
        Assert.Equal(422, error.Code);
        Assert.Equal("Invalid", error.Reason);
        Assert.StartsWith("the server rejected our request due to an error in our request: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Documents that are not a list of well-formed operations: 400 BadRequest.</summary>
    [Theory]
    [InlineData("""{"op":"add","path":"/a","value":1}""", "must be a JSON array")]
    [InlineData("""["add"]""", "operation 0 is not a JSON object")]
    [InlineData("""[{"path":"/a","value":1}]""", "has no string \"op\"")]
    [InlineData("""[{"op":"frobnicate","path":"/a"}]""", "unknown op \"frobnicate\"")]
    [InlineData("""[{"op":"add","value":1}]""", "has no string \"path\"")]
    [InlineData("""[{"op":"add","path":"/a"}]""", "has no \"value\"")]
    [InlineData("""[{"op":"test","path":"/a"}]""", "has no \"value\"")]
    [InlineData("""[{"op":"move","path":"/a"}]""", "has no string \"from\"")]
    [InlineData("""[{"op":"copy","path":"/a","from":7}]""", "has no string \"from\"")]
    public void Refuses_malformed_patch_documents_with_400(string patch, string expected)
    {
        var error = Assert.Throws<ApiError>(() => JsonPatch.Apply(JsonNode.Parse("""{"a":1}"""), JsonNode.Parse(patch)));

        Assert.Equal(400, error.Code);
        Assert.Equal("BadRequest", error.Reason);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_patch_leaves_the_target_unchanged()
    {
        var target = JsonNode.Parse("""{"a":1,"list":[1,2]}""");

        Assert.Throws<ApiError>(() => JsonPatch.Apply(target, JsonNode.Parse(
            """[{"op":"remove","path":"/list/0"},{"op":"replace","path":"/a","value":2},{"op":"test","path":"/a","value":1}]""")));

        JsonAssert.Equal("""{"a":1,"list":[1,2]}""", target);
    }

    [Fact]
    public void An_explicit_null_value_is_a_value()
    {
        JsonAssert.Equal("""{"a":null}""", JsonPatch.Apply(JsonNode.Parse("{}"), JsonNode.Parse("""[{"op":"add","path":"/a","value":null}]""")));
    }
}
