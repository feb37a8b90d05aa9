namespace Rollouts.Sandbox.Tests.Kubectl;

/// <summary>
/// <c>kubectl get -w</c> as a running process: changes made through the API arrive as printed rows. Each watch
/// runs with <c>-v=6</c> so the test can wait for the line saying the watch request was answered before it
/// changes anything.
/// </summary>
public sealed class WatchTests(KubectlFixture kubectl) : IClassFixture<KubectlFixture>
{
    [Fact]
    public async Task Watching_deployments_prints_a_row_per_change_and_for_deletion()
    {
        var ns = await kubectl.NamespaceAsync("watch-deploy");
        await kubectl.RunWithInputAsync(KubectlManifests.Deployment("web", ns), "create", "-f", "-");
        await using var watch = await StartWatchAsync("get", "deployments", "-n", ns, "-w");

        Assert.Equal(["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"], Cells(await watch.NextLineAsync()));
        Assert.Equal(["web", "0/2", "0", "0"], Cells(await watch.NextLineAsync())[..4]);

        await Api("PATCH", $"/apis/apps/v1/namespaces/{ns}/deployments/web", """{"spec": {"replicas": 5}}""");
        Assert.Equal(["web", "0/5", "0", "0"], Cells(await watch.NextLineAsync())[..4]);

        await Api("PATCH", $"/apis/apps/v1/namespaces/{ns}/deployments/web/status", """{"status": {"replicas": 5, "readyReplicas": 3, "updatedReplicas": 4, "availableReplicas": 2}}""");
        Assert.Equal(["web", "3/5", "4", "2"], Cells(await watch.NextLineAsync())[..4]);

        await Api("DELETE", $"/apis/apps/v1/namespaces/{ns}/deployments/web");
        Assert.Equal(["web", "3/5", "4", "2"], Cells(await watch.NextLineAsync())[..4]);

        await kubectl.RunWithInputAsync(KubectlManifests.Deployment("api", ns, replicas: 1), "create", "-f", "-");
        Assert.Equal(["api", "0/1", "0", "0"], Cells(await watch.NextLineAsync())[..4]);
    }

    [Fact]
    public async Task Watching_one_custom_resource_prints_its_printer_columns_as_it_changes()
    {
        var ns = await kubectl.NamespaceAsync("watch-widget");
        await kubectl.InstallWidgetsAsync();
        await kubectl.RunWithInputAsync(KubectlManifests.Widget("gear", ns, size: "small", replicas: 1), "create", "-f", "-");
        await Api("PATCH", $"/apis/test.rollouts.dev/v1/namespaces/{ns}/widgets/gear/status", """{"status": {"phase": "Pending"}}""");
        await using var watch = await StartWatchAsync("get", "widget", "gear", "-n", ns, "-w");

        Assert.Equal(["NAME", "SIZE", "REPLICAS", "PHASE", "AGE"], Cells(await watch.NextLineAsync()));
        Assert.Equal(["gear", "small", "1", "Pending"], Cells(await watch.NextLineAsync())[..4]);

        await Api("PATCH", $"/apis/test.rollouts.dev/v1/namespaces/{ns}/widgets/gear/status", """{"status": {"phase": "Running"}}""");
        Assert.Equal(["gear", "small", "1", "Running"], Cells(await watch.NextLineAsync())[..4]);

        await Api("PATCH", $"/apis/test.rollouts.dev/v1/namespaces/{ns}/widgets/gear", """{"spec": {"size": "large", "replicas": 4}}""");
        Assert.Equal(["gear", "large", "4", "Running"], Cells(await watch.NextLineAsync())[..4]);
    }

    [Fact]
    public async Task Watching_with_a_selector_and_events_shows_objects_entering_and_leaving_the_selection()
    {
        var ns = await kubectl.NamespaceAsync("watch-selector");
        await kubectl.InstallWidgetsAsync();
        await kubectl.RunWithInputAsync(KubectlManifests.Widget("gear", ns, labels: "{team: a}"), "create", "-f", "-");
        await kubectl.RunWithInputAsync(KubectlManifests.Widget("bolt", ns, labels: "{team: b}"), "create", "-f", "-");
        await using var watch = await StartWatchAsync("get", "widgets", "-n", ns, "-l", "team=a", "-w", "--output-watch-events");

        Assert.Equal(["EVENT", "NAME", "SIZE", "REPLICAS", "PHASE", "AGE"], Cells(await watch.NextLineAsync()));
        Assert.Equal(["ADDED", "gear"], Cells(await watch.NextLineAsync())[..2]);

        var widgets = $"/apis/test.rollouts.dev/v1/namespaces/{ns}/widgets";
        await Api("PATCH", $"{widgets}/bolt", """{"metadata": {"labels": {"team": "a"}}}""");
        Assert.Equal(["ADDED", "bolt"], Cells(await watch.NextLineAsync())[..2]);

        await Api("PATCH", $"{widgets}/gear", """{"spec": {"replicas": 2}}""");
        Assert.Equal(["MODIFIED", "gear", "small", "2"], Cells(await watch.NextLineAsync())[..4]);

        await Api("PATCH", $"{widgets}/gear", """{"metadata": {"labels": {"team": "c"}}}""");
        Assert.Equal(["DELETED", "gear"], Cells(await watch.NextLineAsync())[..2]);

        await Api("DELETE", $"{widgets}/bolt");
        Assert.Equal(["DELETED", "bolt"], Cells(await watch.NextLineAsync())[..2]);
    }

    [Fact]
    public async Task Watching_all_namespaces_prints_the_namespace_of_each_change()
    {
        var first = await kubectl.NamespaceAsync("watch-all-1");
        var second = await kubectl.NamespaceAsync("watch-all-2");
        await kubectl.RunWithInputAsync(KubectlManifests.ReplicaSet("one", first), "create", "-f", "-");
        await using var watch = await StartWatchAsync("get", "replicasets", "-A", "-w");

        Assert.Equal(["NAMESPACE", "NAME", "DESIRED", "CURRENT", "READY", "AGE"], Cells(await watch.NextLineAsync()));
        Assert.Equal([first, "one", "1"], Cells(await watch.NextLineAsync())[..3]);

        await kubectl.RunWithInputAsync(KubectlManifests.ReplicaSet("two", second, replicas: 2), "create", "-f", "-");
        Assert.Equal([second, "two", "2"], Cells(await watch.NextLineAsync())[..3]);
    }

    /// <summary>Starts the watch and returns once kubectl's watch request has been answered.</summary>
    private async Task<KubectlWatch> StartWatchAsync(params string[] args)
    {
        var watch = KubectlWatch.Start(kubectl.Api.Kubectl, [.. args, "-v=6"]);
        await watch.ErrorLineMatchingAsync(line => line.Contains("watch=true", StringComparison.Ordinal) && line.Contains("200 OK", StringComparison.Ordinal));
        return watch;
    }

    private async Task Api(string method, string path, string? body = null)
    {
        var (code, response) = await kubectl.Api.SendAsync(new HttpMethod(method), path, body,
            method == "PATCH" ? "application/merge-patch+json" : "application/json");
        Assert.True(code is 200 or 201, $"{method} {path}: {code} {response}");
    }

    private static string[] Cells(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
