using System.Text;
using Rollouts.Kubernetes.Client.Config;

namespace Rollouts.Kubernetes.Tests.Client.Config;

/// <summary>The kubeconfig reader: the block YAML kubectl writes is read without the full parser, and reads the same.</summary>
public sealed class KubeConfigYamlTests
{
    public static TheoryData<string> BlockYaml => new()
    {
        """
        apiVersion: v1
        clusters:
        - cluster:
            certificate-authority-data: LS0tLS1CRUdJTg==
            server: https://127.0.0.1:6443
          name: kind
        contexts:
        - context:
            cluster: kind
            namespace: shop
            user: kind
          name: kind
        current-context: kind
        kind: Config
        preferences: {}
        users:
        - name: kind
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1
              args:
              - get-token
              - --cluster=kind
              command: aws
              env: null
              provideClusterInfo: false
        """,
        """
        # written by hand
        ---
        current-context: "dev"   # the default
        clusters:
          - name: 'dev''s'
            cluster:
              server: "https://k8s.test:443/a b"
              insecure-skip-tls-verify: true
        users:
          - name: u
            user:
              token: "a\tb\u0041"
              tokenFile: ~
        contexts: []
        """,
        "",
        "users:\n- name: u\n  user:\n    token: abc\r\n    client-key: key.pem\n",
    };

    public static TheoryData<string> OtherYaml => new()
    {
        """{"apiVersion": "v1", "clusters": [{"name": "a", "cluster": {"server": "https://x"}}]}""",
        "users:\n- name: u\n  user: {token: abc}\n",
        "users:\n- name: u\n  user:\n    token: |\n      abc\n",
        "base: &b\n  server: x\nclusters:\n- name: a\n  cluster: *b\n",
        "current-context: a\n  b\n",
        "current-context: >\n  folded\n",
        "kind: Config\n...\n",
    };

    [Theory]
    [MemberData(nameof(BlockYaml))]
    public void Block_yaml_is_read_without_the_full_parser_and_as_the_full_parser_reads_it(string yaml)
    {
        Assert.True(KubeConfigYaml.BlockReader.TryRead(yaml, out var value));
        Assert.Equal(Show(KubeConfigYaml.ParseFull(yaml)), Show(value));
    }

    [Theory]
    [MemberData(nameof(OtherYaml))]
    public void Other_yaml_goes_to_the_full_parser(string yaml)
    {
        Assert.False(KubeConfigYaml.BlockReader.TryRead(yaml, out _));
        Assert.Equal(Show(KubeConfigYaml.ParseFull(yaml)), Show(KubeConfigYaml.Parse(yaml)));
    }

    [Fact]
    public void Yaml_that_is_not_valid_is_refused_by_the_full_parser_which_says_where() =>
        Assert.ThrowsAny<YamlDotNet.Core.YamlException>(() => KubeConfigYaml.Parse("current-context: a: b\n"));

    [Fact]
    public void Quoted_scalars_keep_what_is_quoted()
    {
        var root = (Dictionary<string, object?>)KubeConfigYaml.Parse("a: 'it''s # not a comment'\nb: \"x\\\"y\"\nc: plain # comment\nd:\n")!;

        Assert.Equal("it's # not a comment", root["a"]);
        Assert.Equal("x\"y", root["b"]);
        Assert.Equal("plain", root["c"]);
        Assert.Null(root["d"]);
    }

    private static string Show(object? value)
    {
        var text = new StringBuilder();
        Write(value, text);
        return text.ToString();
    }

    private static void Write(object? value, StringBuilder text)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                break;
            case string s:
                text.Append('"').Append(s).Append('"');
                break;
            case Dictionary<string, object?> map:
                text.Append('{');
                foreach (var (key, item) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    text.Append(key).Append(':');
                    Write(item, text);
                    text.Append(',');
                }

                text.Append('}');
                break;
            case List<object?> list:
                text.Append('[');
                foreach (var item in list)
                {
                    Write(item, text);
                    text.Append(',');
                }

                text.Append(']');
                break;
            default:
                text.Append(value.GetType().Name);
                break;
        }
    }
}
