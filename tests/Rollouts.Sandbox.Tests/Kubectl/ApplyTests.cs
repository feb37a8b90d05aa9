using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Patching;
using Rollouts.Sandbox.Tests.ApiServer.Patching;

namespace Rollouts.Sandbox.Tests.Kubectl;

/// <summary><c>kubectl apply -f</c> (client-side): create, configure from a changed file, and refusals.</summary>
public sealed class ApplyTests(KubectlFixture kubectl) : IClassFixture<KubectlFixture>
{
    private const string FirstVersion = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: apply-update
          labels: {app: web}
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: app
                image: nginx:1.25
                ports:
                - containerPort: 80
                env:
                - name: MODE
                  value: blue
                - name: DEBUG
                  value: "true"
        """;

    /// <summary>The same file with the image changed, DEBUG removed and the port changed.</summary>
    private const string SecondVersion = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: apply-update
          labels: {app: web}
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: app
                image: nginx:1.26
                ports:
                - containerPort: 8080
                env:
                - name: MODE
                  value: blue
        """;

    private const string Path = "/apis/apps/v1/namespaces/apply-update/deployments/web";

    private const string GadgetCrd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: gadgets.test.rollouts.dev
        spec:
          group: test.rollouts.dev
          names: {kind: Gadget, plural: gadgets, singular: gadget}
          scope: Namespaced
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      volume: {type: integer}
        """;

    [Fact]
    public async Task Apply_creates_then_configures_a_deployment_to_exactly_what_the_changed_file_says()
    {
        await kubectl.NamespaceAsync("apply-update");

        var created = await kubectl.RunWithInputAsync(FirstVersion, "apply", "-f", "-");
        var configured = await kubectl.RunWithInputAsync(SecondVersion, "apply", "-f", "-");
        var again = await kubectl.RunWithInputAsync(SecondVersion, "apply", "-f", "-");

        Assert.Equal((0, "deployment.apps/web created\n"), (created.ExitCode, created.Stdout));
        Assert.Equal((0, "deployment.apps/web configured\n"), (configured.ExitCode, configured.Stdout));
        Assert.Equal((0, "deployment.apps/web unchanged\n"), (again.ExitCode, again.Stdout));
        var stored = await kubectl.StoredAsync(Path);
        var container = Assert.Single(stored["spec"]!["template"]!["spec"]!["containers"]!.AsArray())!;
        JsonAssert.Equal("""
            {
              "env": [{"name": "MODE", "value": "blue"}],
              "image": "nginx:1.26",
              "imagePullPolicy": "IfNotPresent",
              "name": "app",
              "ports": [{"containerPort": 8080, "protocol": "TCP"}],
              "terminationMessagePath": "/dev/termination-log",
              "terminationMessagePolicy": "File"
            }
            """, container);
        Assert.Equal(2, stored["metadata"]!["generation"]!.GetValue<long>());
        Assert.Equal(2, stored["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(LastApplied(SecondVersion), stored["metadata"]!["annotations"]!["kubectl.kubernetes.io/last-applied-configuration"]!.GetValue<string>());
    }

    [Fact]
    public async Task Apply_of_an_unchanged_file_writes_nothing()
    {
        var ns = await kubectl.NamespaceAsync("apply-unchanged");
        var manifest = KubectlManifests.Documents(KubectlManifests.Service("web", ns), KubectlManifests.Ingress("web", ns));
        await kubectl.RunWithInputAsync(manifest, "apply", "-f", "-");
        var before = await kubectl.StoredAsync($"/api/v1/namespaces/{ns}/services/web");

        var again = await kubectl.RunWithInputAsync(manifest, "apply", "-f", "-");

        Assert.Equal("service/web unchanged\ningress.networking.k8s.io/web unchanged\n", again.Stdout);
        var after = await kubectl.StoredAsync($"/api/v1/namespaces/{ns}/services/web");
        Assert.Equal(before["metadata"]!["resourceVersion"]!.GetValue<string>(), after["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task Apply_changes_a_service_port_and_an_ingress_host()
    {
        var ns = await kubectl.NamespaceAsync("apply-network");
        await kubectl.RunWithInputAsync(
            KubectlManifests.Documents(KubectlManifests.Service("web", ns), KubectlManifests.Ingress("web", ns)), "apply", "-f", "-");

        var configured = await kubectl.RunWithInputAsync(
            KubectlManifests.Documents(KubectlManifests.Service("web", ns, port: 81, targetPort: 9090), KubectlManifests.Ingress("web", ns, host: "shop.example.com")),
            "apply", "-f", "-");

        Assert.Equal("service/web configured\ningress.networking.k8s.io/web configured\n", configured.Stdout);
        var service = await kubectl.StoredAsync($"/api/v1/namespaces/{ns}/services/web");
        JsonAssert.Equal("""[{"name": "http", "port": 81, "protocol": "TCP", "targetPort": 9090}]""", service["spec"]!["ports"]);
        var ingress = await kubectl.StoredAsync($"/apis/networking.k8s.io/v1/namespaces/{ns}/ingresses/web");
        Assert.Equal("shop.example.com", Assert.Single(ingress["spec"]!["rules"]!.AsArray())!["host"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_file_with_a_definition_and_its_resource_creates_the_resource_once_the_definition_is_established()
    {
        var ns = await kubectl.NamespaceAsync("apply-crd");
        var manifest = KubectlManifests.Documents(GadgetCrd, $"""
            apiVersion: test.rollouts.dev/v1
            kind: Gadget
            metadata:
              name: first
              namespace: {ns}
            spec:
              volume: 3
            """);

        // As against a real cluster: kubectl maps every document before applying any, so the first run creates
        // the definition and cannot map the resource.
        var first = await kubectl.RunWithInputAsync(manifest, "apply", "-f", "-");
        var established = await kubectl.RunAsync("wait", "--for=condition=Established", "crd/gadgets.test.rollouts.dev", "--timeout=10s");
        var second = await kubectl.RunWithInputAsync(manifest, "apply", "-f", "-");

        Assert.Equal(1, first.ExitCode);
        Assert.Equal("customresourcedefinition.apiextensions.k8s.io/gadgets.test.rollouts.dev created\n", first.Stdout);
        Assert.Equal(
            $"error: resource mapping not found for name: \"first\" namespace: \"{ns}\" from \"STDIN\": no matches for kind \"Gadget\" in version \"test.rollouts.dev/v1\"\nensure CRDs are installed first\n",
            first.Stderr);
        Assert.Equal(0, established.ExitCode);
        Assert.Equal((0, "customresourcedefinition.apiextensions.k8s.io/gadgets.test.rollouts.dev unchanged\ngadget.test.rollouts.dev/first created\n"),
            (second.ExitCode, second.Stdout));
        var gadget = await kubectl.StoredAsync($"/apis/test.rollouts.dev/v1/namespaces/{ns}/gadgets/first");
        JsonAssert.Equal("""{"volume": 3}""", gadget["spec"]);
    }

    [Theory]
    [InlineData("size: tiny\n  replicas: -1", """
        The Widget "bad" is invalid: 
        * spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0
        * spec.size: Unsupported value: "tiny": supported values: "small", "medium", "large"

        """)]
    [InlineData("replicas: 1", """
        The Widget "bad" is invalid: spec.size: Required value

        """)]
    public async Task Apply_of_an_invalid_custom_resource_prints_the_servers_field_errors_and_stores_nothing(string spec, string expected)
    {
        var ns = await kubectl.NamespaceAsync("apply-invalid");
        await kubectl.InstallWidgetsAsync();

        var result = await kubectl.RunWithInputAsync($"""
            apiVersion: test.rollouts.dev/v1
            kind: Widget
            metadata:
              name: bad
              namespace: {ns}
            spec:
              {spec}
            """, "apply", "-f", "-");

        Assert.Equal((1, ""), (result.ExitCode, result.Stdout));
        Assert.Equal(expected.ReplaceLineEndings("\n"), result.Stderr);
        Assert.True(await kubectl.IsGoneAsync($"/apis/test.rollouts.dev/v1/namespaces/{ns}/widgets/bad"));
    }

    [Fact]
    public async Task Apply_of_a_custom_resource_with_an_unknown_field_is_refused_by_strict_field_validation()
    {
        var ns = await kubectl.NamespaceAsync("apply-unknown");
        await kubectl.InstallWidgetsAsync();
        var manifest = $"""
            apiVersion: test.rollouts.dev/v1
            kind: Widget
            metadata:
              name: odd
              namespace: {ns}
            spec:
              size: small
              flavour: lemon
            """;

        var strict = await kubectl.RunWithInputAsync(manifest, "apply", "-f", "-");
        var lax = await kubectl.RunWithInputAsync(manifest, "apply", "-f", "-", "--validate=false");

        Assert.Equal(1, strict.ExitCode);
        Assert.Equal(
            "Error from server (BadRequest): error when creating \"STDIN\": Widget in version \"v1\" cannot be handled as a Widget: strict decoding error: unknown field \"spec.flavour\"\n",
            strict.Stderr);
        Assert.Equal((0, "widget.test.rollouts.dev/odd created\n"), (lax.ExitCode, lax.Stdout));
        var stored = await kubectl.StoredAsync($"/apis/test.rollouts.dev/v1/namespaces/{ns}/widgets/odd");
        JsonAssert.Equal("""{"size": "small"}""", stored["spec"]);
    }

    /// <summary>The annotation kubectl writes: the file as compact JSON with keys sorted and an empty annotations map.</summary>
    private static string LastApplied(string manifest)
    {
        var obj = (JsonObject)YamlToJson.Parse(manifest)!;
        obj["metadata"]!["annotations"] = new JsonObject();
        return Sorted(obj)!.ToJsonString() + "\n";
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, Sorted(kv.Value)))),
        JsonArray list => new JsonArray([.. list.Select(Sorted)]),
        _ => node?.DeepClone(),
    };
}
