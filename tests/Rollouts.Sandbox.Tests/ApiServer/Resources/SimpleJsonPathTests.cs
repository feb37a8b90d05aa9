using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Resources;

namespace Rollouts.Sandbox.Tests.ApiServer.Resources;

public class SimpleJsonPathTests
{
    private static readonly JsonObject Rollout = TestCrds.Parse("""
        {
          "metadata": {
            "name": "web",
            "labels": { "app": "web", "app.kubernetes.io/name": "shop" }
          },
          "spec": {
            "replicas": 3,
            "paused": false,
            "containers": [ { "name": "app", "image": "nginx:1" }, { "name": "proxy", "image": "envoy:2" } ],
            "hostnames": ["a.example.com", "b.example.com"]
          },
          "status": {
            "selector": null,
            "conditions": [
              { "type": "Available", "status": "True" },
              { "type": "Ready", "status": "False", "reason": "Waiting" }
            ]
          }
        }
        """);

    [Theory]
    [InlineData(".metadata.name", """["web"]""")]
    [InlineData(".spec.replicas", "[3]")]
    [InlineData(".spec.paused", "[false]")]
    [InlineData(".spec.containers[0].image", """["nginx:1"]""")]
    [InlineData(".spec.containers[1].name", """["proxy"]""")]
    [InlineData(".spec.containers[-1].name", """["proxy"]""")]
    [InlineData(".spec.containers[*].name", """["app","proxy"]""")]
    [InlineData(".spec.containers[ * ].image", """["nginx:1","envoy:2"]""")]
    [InlineData(".spec.hostnames", """[["a.example.com","b.example.com"]]""")]
    [InlineData(".metadata.labels.app", """["web"]""")]
    [InlineData(".metadata.labels['app.kubernetes.io/name']", """["shop"]""")]
    [InlineData(".metadata.labels[\"app.kubernetes.io/name\"]", """["shop"]""")]
    [InlineData(@".metadata.labels.app\.kubernetes\.io/name", """["shop"]""")]
    [InlineData(".metadata.labels.*", """["web","shop"]""")]
    [InlineData(".status.conditions[?(@.type==\"Ready\")].status", """["False"]""")]
    [InlineData(".status.conditions[?(@.type == 'Available')].status", """["True"]""")]
    [InlineData(".status.conditions[?(@.type!=\"Ready\")].type", """["Available"]""")]
    [InlineData(".status.conditions[?(@.reason)].type", """["Ready"]""")]
    [InlineData(".status.selector", "[null]")]
    [InlineData("{.spec.replicas}", "[3]")]
    [InlineData("$.spec.replicas", "[3]")]
    [InlineData(".spec.missing", "[]")]
    [InlineData(".spec.containers[5].name", "[]")]
    [InlineData(".spec.replicas.deeper", "[]")]
    [InlineData(".metadata.name[0]", "[]")]
    public void Evaluates_the_subset_printer_columns_use(string path, string expected)
    {
        var results = SimpleJsonPath.Parse(path).Evaluate(Rollout);

        var actual = new JsonArray([.. results.Select(r => r?.DeepClone())]).ToJsonString();
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("", "must start with '.'")]
    [InlineData("spec.replicas", "must start with '.'")]
    [InlineData(".spec..replicas", "expected a field name after '.' at position 7")]
    [InlineData(".spec.containers[", "unterminated '['")]
    [InlineData(".spec.containers[0", "expected ']'")]
    [InlineData(".spec.containers[x]", "expected an index, '*', a quoted key or a filter")]
    [InlineData(".metadata.labels['app", "unterminated quoted key")]
    [InlineData(".status.conditions[?(@.type<\"x\")]", "filters support only == and !=")]
    public void Refuses_what_it_cannot_evaluate_saying_where(string path, string message)
    {
        var error = Assert.Throws<FormatException>(() => SimpleJsonPath.Parse(path));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.False(SimpleJsonPath.TryParse(path, out _, out var reason));
        Assert.Equal(error.Message, reason);
    }
}
