using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Patching;
using Rollouts.Sandbox.Tests.ApiServer.Patching;

namespace Rollouts.Sandbox.Tests.Kubectl;

/// <summary><c>kubectl get</c>: the server's tables for each kind, the object formats, selectors and errors.</summary>
public sealed class GetTests(KubectlFixture kubectl) : IClassFixture<KubectlFixture>
{
    private const string A = "get-a";
    private const string B = "get-b";

    /// <summary>Columns as kubectl prints them; rows as "NAME|cell|cell", AGE left out (it moves with the clock).</summary>
    public static TheoryData<string, string[], string> DefaultTables => new()
    {
        { "deployments", ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"], "web|0/2|0|0" },
        { "replicasets", ["NAME", "DESIRED", "CURRENT", "READY", "AGE"], "web-rs|3|0|0" },
        { "services", ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"], "web|ClusterIP|{clusterIP}|<none>|80/TCP" },
        { "ingresses", ["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"], "web|nginx|web.example.com||80" },
        { "widgets", ["NAME", "SIZE", "REPLICAS", "PHASE", "AGE"], "gear|large|3|Running" },
    };

    public static TheoryData<string, string[], string> WideTables => new()
    {
        { "deployments", ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"], "web|0/2|0|0|app|nginx:1.25|app=web" },
        { "replicasets", ["NAME", "DESIRED", "CURRENT", "READY", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"], "web-rs|3|0|0|app|nginx:1.25|app=web-rs" },
        { "services", ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE", "SELECTOR"], "web|ClusterIP|{clusterIP}|<none>|80/TCP|app=web" },
        { "ingresses", ["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"], "web|nginx|web.example.com||80" },
        { "widgets", ["NAME", "SIZE", "REPLICAS", "PHASE", "COLOR", "AGE"], "gear|large|3|Running|green" },
    };

    [Theory]
    [MemberData(nameof(DefaultTables))]
    public async Task Get_prints_the_servers_columns_for_each_kind(string resource, string[] columns, string row)
    {
        await ObjectsAsync();

        var result = await kubectl.RunAsync("get", resource, "-n", A);

        Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
        await AssertTableAsync(KubectlTable.Parse(result.Stdout), columns, row);
    }

    [Theory]
    [MemberData(nameof(WideTables))]
    public async Task Get_wide_adds_the_servers_priority_columns(string resource, string[] columns, string row)
    {
        await ObjectsAsync();

        var result = await kubectl.RunAsync("get", resource, "-n", A, "-o", "wide");

        Assert.Equal(0, result.ExitCode);
        await AssertTableAsync(KubectlTable.Parse(result.Stdout), columns, row);
    }

    [Theory]
    [InlineData("deployment", "web", "/apis/apps/v1/namespaces/get-a/deployments/web")]
    [InlineData("service", "web", "/api/v1/namespaces/get-a/services/web")]
    [InlineData("widget", "gear", "/apis/test.rollouts.dev/v1/namespaces/get-a/widgets/gear")]
    public async Task Get_as_yaml_and_as_json_prints_the_stored_object(string kind, string name, string path)
    {
        await ObjectsAsync();

        var yaml = await kubectl.RunAsync("get", kind, name, "-n", A, "-o", "yaml");
        var json = await kubectl.RunAsync("get", kind, name, "-n", A, "-o", "json");

        var stored = await kubectl.StoredAsync(path);
        ((JsonObject)stored["metadata"]!).Remove("managedFields");
        Assert.True(JsonNode.DeepEquals(stored, YamlToJson.Parse(yaml.Stdout)), $"-o yaml printed\n{yaml.Stdout}");
        Assert.True(JsonNode.DeepEquals(stored, JsonNode.Parse(json.Stdout)), $"-o json printed\n{json.Stdout}");
    }

    [Fact]
    public async Task Get_of_a_collection_as_json_is_a_list_of_the_stored_objects()
    {
        await ObjectsAsync();

        var result = await kubectl.RunAsync("get", "widgets", "-A", "-o", "json");

        var list = JsonNode.Parse(result.Stdout)!;
        Assert.Equal("List", list["kind"]!.GetValue<string>());
        Assert.Equal(["get-a/gear", "get-b/bolt"],
            list["items"]!.AsArray().Select(item => $"{item!["metadata"]!["namespace"]}/{item["metadata"]!["name"]}"));
        var stored = await kubectl.StoredAsync($"/apis/test.rollouts.dev/v1/namespaces/{B}/widgets/bolt");
        ((JsonObject)stored["metadata"]!).Remove("managedFields");
        Assert.True(JsonNode.DeepEquals(stored, list["items"]![1]));
    }

    [Fact]
    public async Task Get_across_all_namespaces_adds_a_namespace_column()
    {
        await ObjectsAsync();

        var result = await kubectl.RunAsync("get", "deployments", "-A");

        var table = KubectlTable.Parse(result.Stdout);
        Assert.Equal(["NAMESPACE", "NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"], table.Columns);
        Assert.Equal(["get-a/web", "get-b/api"], table.Rows.Select(row => $"{row["NAMESPACE"]}/{row["NAME"]}"));
    }

    [Theory]
    [InlineData("tier=frontend", "get-a/web")]
    [InlineData("tier!=frontend", "get-b/api")]
    [InlineData("tier in (frontend,backend)", "get-a/web,get-b/api")]
    [InlineData("tier notin (frontend)", "get-b/api")]
    [InlineData("app=api,tier=backend", "get-b/api")]
    [InlineData("!tier", "")]
    public async Task Get_with_a_label_selector_lists_only_matching_objects(string selector, string expected)
    {
        await ObjectsAsync();

        var table = await kubectl.RunAsync("get", "deployments", "-A", "-l", selector);

        Assert.Equal(0, table.ExitCode);
        var names = KubectlTable.ParseAll(table.Stdout).SelectMany(t => t.Rows).Select(row => $"{row["NAMESPACE"]}/{row["NAME"]}");
        Assert.Equal(expected, string.Join(',', names));
        Assert.Equal(expected.Length == 0 ? "No resources found\n" : "", table.Stderr);
    }

    [Fact]
    public async Task Get_with_show_labels_adds_the_labels_column()
    {
        await ObjectsAsync();

        var result = await kubectl.RunAsync("get", "deployments", "-n", A, "--show-labels");

        var table = KubectlTable.Parse(result.Stdout);
        Assert.Equal(["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", "LABELS"], table.Columns);
        Assert.Equal("app=web,tier=frontend", table.Row("web")["LABELS"]);
    }

    [Fact]
    public async Task Get_of_several_kinds_prints_one_table_per_kind_with_qualified_names()
    {
        await ObjectsAsync();

        var result = await kubectl.RunAsync("get", "deployments,services,widgets", "-n", A);

        var tables = KubectlTable.ParseAll(result.Stdout);
        Assert.Equal(["deployment.apps/web", "service/web", "widget.test.rollouts.dev/gear"], tables.Select(t => Assert.Single(t.Rows)["NAME"]));
    }

    [Theory]
    [InlineData("deployment", "nope", "Error from server (NotFound): deployments.apps \"nope\" not found\n")]
    [InlineData("service", "nope", "Error from server (NotFound): services \"nope\" not found\n")]
    [InlineData("ingress", "nope", "Error from server (NotFound): ingresses.networking.k8s.io \"nope\" not found\n")]
    [InlineData("widget", "nope", "Error from server (NotFound): widgets.test.rollouts.dev \"nope\" not found\n")]
    public async Task Get_of_a_missing_object_prints_not_found(string kind, string name, string expected)
    {
        await ObjectsAsync();

        var result = await kubectl.RunAsync("get", kind, name, "-n", A);

        Assert.Equal((1, "", expected), (result.ExitCode, result.Stdout, result.Stderr));
    }

    [Fact]
    public async Task Get_of_an_empty_namespace_says_no_resources_found()
    {
        var ns = await kubectl.NamespaceAsync("get-empty");

        var result = await kubectl.RunAsync("get", "replicasets", "-n", ns);

        Assert.Equal((0, "", "No resources found in get-empty namespace.\n"), (result.ExitCode, result.Stdout, result.Stderr));
    }

    private async Task AssertTableAsync(KubectlTable table, string[] columns, string row)
    {
        var service = await kubectl.StoredAsync($"/api/v1/namespaces/{A}/services/web");
        var cells = row.Replace("{clusterIP}", service["spec"]!["clusterIP"]!.GetValue<string>(), StringComparison.Ordinal).Split('|');
        Assert.Equal(columns, table.Columns);
        var printed = Assert.Single(table.Rows);
        Assert.Equal(cells, columns.Where(c => c != "AGE").Select(c => printed[c]));
        Assert.Matches(@"^\d+[smh]", printed["AGE"]);
    }

    private Task ObjectsAsync() => kubectl.OnceAsync("objects", async () =>
    {
        await kubectl.NamespaceAsync(A);
        await kubectl.NamespaceAsync(B);
        await kubectl.InstallWidgetsAsync();
        var created = await kubectl.RunWithInputAsync(KubectlManifests.Documents(
            KubectlManifests.Deployment("web", A, tier: "frontend"),
            KubectlManifests.ReplicaSet("web-rs", A, replicas: 3),
            KubectlManifests.Service("web", A),
            KubectlManifests.Ingress("web", A),
            KubectlManifests.Widget("gear", A, size: "large", replicas: 3, color: "green"),
            KubectlManifests.Deployment("api", B, tier: "backend"),
            KubectlManifests.Widget("bolt", B)), "create", "-f", "-");
        created.EnsureSuccess();
        var (code, body) = await kubectl.Api.PatchAsync($"/apis/test.rollouts.dev/v1/namespaces/{A}/widgets/gear/status",
            """{"status": {"phase": "Running"}}""");
        Assert.True(code == 200, $"status patch: {code} {body}");
    });
}
