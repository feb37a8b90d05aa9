using System.Text.Json.Nodes;
using Rollouts.Testing;
using Xunit.Abstractions;

namespace Rollouts.Operator.Tests.Reliability;

/// <summary>
/// Malformed Rollouts and templates, all at once in front of one operator process: wrong types, missing and
/// out-of-range fields, huge objects, invalid expressions, unknown templates and step kinds, missing services and
/// ingresses, references across namespaces. Each is either refused by the CRD schema when applied (the server's
/// error names the field) or gets a condition in its status naming the field, with a Warning event; which of
/// the two is asserted case by case. The operator process runs throughout (same pid) and logs no crash.
/// </summary>
[Trait("Category", "Faults")]
public sealed class BadInputTests(ITestOutputHelper output)
{
    /// <summary>Where a bad input is caught.</summary>
    public enum Caught
    {
        /// <summary>The CRD schema refuses it at apply time; the server's error names the field.</summary>
        Schema,

        /// <summary>The operator reports it in the Rollout's status (a condition or the message) and with a Warning event.</summary>
        Status,

        /// <summary>
        /// The schema lets it through (the pod template is not checked field by field) but the operator cannot read
        /// it: the operator skips it with a warning naming it in its log, and goes on with every other Rollout.
        /// </summary>
        Operator,
    }

    /// <param name="Update">The problem shows only when an update runs its analysis: the image is changed once the Rollout is at rest.</param>
    /// <param name="Without">Objects not created for this case: "stable", "canary" (Services) or "ingress".</param>
    /// <param name="Template">An AnalysisTemplate created with the case (named after it), whose metrics are this JSON.</param>
    public sealed record BadCase(
        string What, string Path, Caught Caught, Action<JsonObject> Change, bool Update = false, string[]? Without = null, string? Template = null);

    private const string Canary = "spec.strategy.canary";
    private const string Steps = Canary + ".steps";

    public static IReadOnlyList<BadCase> Cases { get; } =
    [
        // Wrong types.
        new("replicas as a word", "spec.replicas", Caught.Schema, r => Set(r, "spec.replicas", "five")),
        new("setWeight as a word", $"{Steps}[0].setWeight", Caught.Schema, r => Set(r, $"{Steps}[0].setWeight", "half")),
        new("selector as a string", "spec.selector", Caught.Schema, r => Set(r, "spec.selector", "app=web")),
        new("containers as an object", "$.spec.template.spec.containers", Caught.Operator, r => Set(r, "spec.template.spec.containers", new JsonObject { ["name"] = "app" })),
        new("steps as an object", Steps, Caught.Schema, r => Set(r, Steps, new JsonObject { ["setWeight"] = 20 })),
        new("stableIngress as a number", $"{Canary}.trafficRouting.nginx.stableIngress", Caught.Schema, r => Set(r, $"{Canary}.trafficRouting.nginx.stableIngress", 5)),
        new("scaleDownDelaySeconds as a duration", $"{Canary}.scaleDownDelaySeconds", Caught.Schema, r => Set(r, $"{Canary}.scaleDownDelaySeconds", "1m")),
        new("paused as a word", "spec.paused", Caught.Schema, r => Set(r, "spec.paused", "yes")),
        new("pause duration as an object", $"{Steps}[1].pause.duration", Caught.Schema, r => Set(r, $"{Steps}[1].pause.duration", new JsonObject { ["s"] = 5 })),
        new("analysis templates as a string", $"{Steps}[2].analysis.templates", Caught.Schema, r => Set(r, $"{Steps}[2].analysis.templates", "pass")),

        // Missing fields.
        new("no selector", "spec.selector", Caught.Schema, r => Remove(r, "spec.selector")),
        new("no template", "spec.template", Caught.Schema, r => Remove(r, "spec.template")),
        new("no strategy", "spec.strategy", Caught.Status, r => Remove(r, "spec.strategy")),
        new("an empty strategy", $"{Canary}", Caught.Status, r => Set(r, "spec.strategy", new JsonObject())),
        new("no containers", "spec.template.spec.containers", Caught.Status, r => Remove(r, "spec.template.spec.containers")),
        new("a container without an image", "spec.template.spec.containers[0].image", Caught.Status, r => Remove(r, "spec.template.spec.containers[0].image")),
        new("a container without a name", "spec.template.spec.containers[0].name", Caught.Status, r => Remove(r, "spec.template.spec.containers[0].name")),
        new("nginx without stableIngress", $"{Canary}.trafficRouting.nginx.stableIngress", Caught.Status, r => Remove(r, $"{Canary}.trafficRouting.nginx.stableIngress")),
        new("a stable service without a canary service", $"{Canary}.canaryService", Caught.Status, r => Remove(r, $"{Canary}.canaryService")),
        new("an analysis step without templates", $"{Steps}[2].analysis.templates", Caught.Schema, r => Set(r, $"{Steps}[2].analysis.templates", new JsonArray())),
        new("an analysis template without a name", $"{Steps}[2].analysis.templates[0].templateName", Caught.Schema, r => Set(r, $"{Steps}[2].analysis.templates[0]", new JsonObject())),
        new("trafficRouting naming no router", $"{Canary}.trafficRouting.nginx", Caught.Status, r => Set(r, $"{Canary}.trafficRouting", new JsonObject())),
        new("template labels the selector does not match", "spec.template.metadata.labels", Caught.Status, r => Set(r, "spec.template.metadata.labels", new JsonObject { ["app"] = "other" })),
        new("an empty selector", "spec.selector", Caught.Status, r => Set(r, "spec.selector", new JsonObject())),
        new("an argument without a name", $"{Steps}[2].analysis.args[0].name", Caught.Schema, r => Set(r, $"{Steps}[2].analysis.args", new JsonArray(new JsonObject { ["value"] = "x" }))),

        // Out-of-range values.
        new("negative replicas", "spec.replicas", Caught.Schema, r => Set(r, "spec.replicas", -1)),
        new("setWeight above 100", $"{Steps}[0].setWeight", Caught.Schema, r => Set(r, $"{Steps}[0].setWeight", 150)),
        new("negative setWeight", $"{Steps}[0].setWeight", Caught.Schema, r => Set(r, $"{Steps}[0].setWeight", -5)),
        new("negative scaleDownDelaySeconds", $"{Canary}.scaleDownDelaySeconds", Caught.Schema, r => Set(r, $"{Canary}.scaleDownDelaySeconds", -1)),
        new("negative abortScaleDownDelaySeconds", $"{Canary}.abortScaleDownDelaySeconds", Caught.Schema, r => Set(r, $"{Canary}.abortScaleDownDelaySeconds", -3)),
        new("negative minReadySeconds", "spec.minReadySeconds", Caught.Schema, r => Set(r, "spec.minReadySeconds", -1)),
        new("negative revisionHistoryLimit", "spec.revisionHistoryLimit", Caught.Schema, r => Set(r, "spec.revisionHistoryLimit", -1)),
        new("negative progressDeadlineSeconds", "spec.progressDeadlineSeconds", Caught.Schema, r => Set(r, "spec.progressDeadlineSeconds", -1)),
        new("a pause of \"soon\"", $"{Steps}[1].pause.duration", Caught.Status, r => Set(r, $"{Steps}[1].pause.duration", "soon")),
        new("a negative pause", $"{Steps}[1].pause.duration", Caught.Status, r => Set(r, $"{Steps}[1].pause.duration", "-5s")),
        new("maxSurge as a word", $"{Canary}.maxSurge", Caught.Status, r => Set(r, $"{Canary}.maxSurge", "lots")),
        new("negative setCanaryScale replicas", $"{Steps}[0].setCanaryScale.replicas", Caught.Schema, r => Set(r, $"{Steps}[0]", new JsonObject { ["setCanaryScale"] = new JsonObject { ["replicas"] = -1 } })),
        new("a progress deadline within minReadySeconds", "spec.progressDeadlineSeconds", Caught.Status, r => { Set(r, "spec.progressDeadlineSeconds", 5); Set(r, "spec.minReadySeconds", 10); }),
        new("a selector operator that does not exist", "spec.selector.matchExpressions[0].operator", Caught.Schema, r => Set(r, "spec.selector.matchExpressions", new JsonArray(new JsonObject { ["key"] = "app", ["operator"] = "Like", ["values"] = new JsonArray("x") }))),
        new("a selector In without values", "spec.selector.matchExpressions[0].values", Caught.Status, r => Set(r, "spec.selector.matchExpressions", new JsonArray(new JsonObject { ["key"] = "app", ["operator"] = "In" }))),

        // Unknown step kinds and steps that are not one thing.
        new("an unknown step kind", $"{Steps}[1]", Caught.Status, r => Set(r, $"{Steps}[1]", new JsonObject { ["wait"] = new JsonObject { ["seconds"] = 5 } })),
        new("an empty step", $"{Steps}[0]", Caught.Status, r => Set(r, $"{Steps}[0]", new JsonObject())),
        new("a step of two kinds", $"{Steps}[0]", Caught.Status, r => Set(r, $"{Steps}[0]", new JsonObject { ["setWeight"] = 20, ["pause"] = new JsonObject() })),
        new("an experiment step", $"{Steps}[3]", Caught.Status, r => Set(r, $"{Steps}[3]", new JsonObject { ["experiment"] = new JsonObject() })),

        // Services, ingresses and templates that are missing, or named across namespaces.
        new("a stable service that does not exist", $"{Canary}.stableService", Caught.Status, _ => { }, Update: true, Without: ["stable"]),
        new("a canary service that does not exist", $"{Canary}.canaryService", Caught.Status, _ => { }, Update: true, Without: ["canary"]),
        new("a stable ingress that does not exist", $"{Canary}.trafficRouting.nginx", Caught.Status, _ => { }, Update: true, Without: ["ingress"]),
        new("a stable service in another namespace", $"{Canary}.stableService", Caught.Status, r => Set(r, $"{Canary}.stableService", "other/web-stable"), Update: true),
        new("a stable ingress in another namespace", $"{Canary}.trafficRouting.nginx", Caught.Status, r => Set(r, $"{Canary}.trafficRouting.nginx.stableIngress", "other/web"), Update: true),
        new("the same service as stable and canary", $"{Canary}.stableService", Caught.Status, r => Set(r, $"{Canary}.canaryService", r["metadata"]!["name"] + "-stable")),
        new("stableIngress and stableIngresses both", $"{Canary}.trafficRouting.nginx", Caught.Status, r => Set(r, $"{Canary}.trafficRouting.nginx.stableIngresses", new JsonArray("a", "b"))),
        new("an unknown analysis template", $"{Steps}[2].analysis.templates[0].templateName", Caught.Status, r => Set(r, $"{Steps}[2].analysis.templates[0].templateName", "nope"), Update: true),
        new("a template in another namespace", $"{Steps}[2].analysis.templates[0].templateName", Caught.Status, r => Set(r, $"{Steps}[2].analysis.templates[0].templateName", "other/pass"), Update: true),
        new("an unknown cluster template", $"{Steps}[2].analysis.templates[0].templateName", Caught.Status, r => Set(r, $"{Steps}[2].analysis.templates[0]", new JsonObject { ["templateName"] = "nope", ["clusterScope"] = true }), Update: true),

        // Invalid expressions and template arguments.
        new("a success condition cut short", "successCondition", Caught.Status, UseOwnTemplate, Update: true,
            Template: """[{"name":"m","interval":"1s","count":1,"successCondition":"result[0] >=","provider":{"prometheus":{"address":"http://127.0.0.1:9/","query":"up"}}}]"""),
        new("a failure condition that is not the language", "failureCondition", Caught.Status, UseOwnTemplate, Update: true,
            Template: """[{"name":"m","interval":"1s","count":1,"failureCondition":"import os; os.exit(1)","provider":{"prometheus":{"address":"http://127.0.0.1:9/","query":"up"}}}]"""),
        new("a condition naming an unknown function", "successCondition", Caught.Status, UseOwnTemplate, Update: true,
            Template: """[{"name":"m","interval":"1s","count":1,"successCondition":"explode(result) > 1","provider":{"prometheus":{"address":"http://127.0.0.1:9/","query":"up"}}}]"""),
        new("a metric with no provider", "provider", Caught.Schema, UseOwnTemplate, Update: true,
            Template: """[{"name":"m","interval":"1s","count":1,"successCondition":"result[0] > 1"}]"""),
        new("a template argument the Rollout does not give", "args", Caught.Status, UseOwnTemplate, Update: true,
            Template: """[{"name":"m","interval":"1s","count":1,"successCondition":"result[0] > 1","provider":{"prometheus":{"address":"http://127.0.0.1:9/","query":"up{job=\"{{args.job}}\"}"}}}]"""),

        // Huge objects.
        new("5,000 steps, one of them out of range", $"{Steps}[4999].setWeight", Caught.Schema, r =>
        {
            var steps = new JsonArray();
            for (var i = 0; i < 5000; i++)
            {
                steps.Add(new JsonObject { ["setWeight"] = i == 4999 ? 101 : 1 + (i % 99) });
            }

            Set(r, Steps, steps);
        }),
        new("a 2 MiB template annotation and a bad weight", $"{Steps}[0].setWeight", Caught.Schema, r =>
        {
            Set(r, "spec.template.metadata.annotations", new JsonObject { ["big"] = new string('x', 2 * 1024 * 1024) });
            Set(r, $"{Steps}[0].setWeight", 101);
        }),
        new("10,000 containers without images", "spec.template.spec.containers[9999].image", Caught.Status, r =>
            Set(r, "spec.template.spec.containers", new JsonArray([.. Enumerable.Range(0, 10_000).Select(i => (JsonNode)new JsonObject { ["name"] = $"c{i}" })]))),
    ];

    [Fact]
    public async Task Every_malformed_rollout_or_template_gets_a_clear_error_at_its_field_and_the_operator_never_restarts()
    {
        Assert.True(Cases.Count >= 50, $"only {Cases.Count} cases");
        await using var world = await FleetWorld.StartAsync(FaultSuite.Seed);
        var process = await world.StartOperatorAsync();
        var refused = new Dictionary<int, string>();
        for (var i = 0; i < Cases.Count; i++)
        {
            var (code, message) = await CreateAsync(world, Name(i), Cases[i]);
            if (code >= 400)
            {
                refused[i] = $"{code}: {message}";
            }
        }

        var created = Enumerable.Range(0, Cases.Count).Where(i => !refused.ContainsKey(i)).ToList();
        bool Reported(int i) => Said(world, Name(i)).Contains(Cases[i].Path, StringComparison.Ordinal);

        // Cases whose problem may show only in an update: once at rest (unless already reported), change the image.
        foreach (var i in created.Where(i => Cases[i].Update))
        {
            try
            {
                await Eventually.WaitUntilAsync(() => Reported(i) || StatusOf(world, Name(i))?["phase"]?.GetValue<string>() == "Healthy",
                    $"{Name(i)} to be Healthy before its update", TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                // Neither: reported below with what its status says.
                continue;
            }

            if (Reported(i))
            {
                continue;
            }

            var (code, body) = await world.Api.PatchAsync($"/apis/rollouts.dev/v1alpha1/namespaces/default/rollouts/{Name(i)}",
                """[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"app:1"}]""", "application/json-patch+json");
            Assert.True(code == 200, body?.ToJsonString());
        }

        try
        {
            await Eventually.WaitUntilAsync(() => created.All(Reported), "every created case to be reported at its field", TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException)
        {
            // Reported below, case by case.
        }

        var events = world.State.Events();
        var table = new List<string>();
        var wrong = new List<string>();
        for (var i = 0; i < Cases.Count; i++)
        {
            var bad = Cases[i];
            var skipped = process.Log.Split('\n').FirstOrDefault(l => l.Contains($"cannot be read: default/{Name(i)}:", StringComparison.Ordinal));
            var caught = refused.ContainsKey(i) ? Caught.Schema : skipped is not null ? Caught.Operator : Caught.Status;
            var said = refused.TryGetValue(i, out var error) ? error : skipped ?? Said(world, Name(i));
            var warned = events.Any(e => e.InvolvedObject?.Name == Name(i) && e.Type == "Warning");
            table.Add($"{Name(i)} {bad.What}: {caught}{(warned ? " + Warning event" : "")}: {Shorten(said)}");
            if (caught != bad.Caught || !said.Contains(bad.Path, StringComparison.Ordinal) || (caught == Caught.Status && !warned) || (caught == Caught.Operator && Said(world, Name(i)).Length > 0))
            {
                wrong.Add($"{Name(i)} {bad.What}: expected {bad.Caught} naming {bad.Path}{(bad.Caught == Caught.Status ? " with a Warning event" : "")}, " +
                          $"got {caught}{(warned ? " with" : " without")} a Warning event: {Shorten(said)}");
            }
        }

        output.WriteLine(string.Join("\n", table));
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {Cases.Count} cases not reported as expected:\n{string.Join("\n", wrong)}");
        Assert.False(process.HasExited, $"the operator exited:\n{world.OperatorOutput()}");
        Assert.Single(world.Operators);
        Assert.DoesNotContain(process.Log.Split('\n'), l => l.Contains("Unhandled exception", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal));
        await world.Invariants.ThenNoneBrokenAsync(world.Server);
    }

    private static string Name(int i) => $"b{i:00}";

    private static void UseOwnTemplate(JsonObject rollout) =>
        Set(rollout, $"{Steps}[2].analysis.templates[0].templateName", rollout["metadata"]!["name"]!.GetValue<string>());

    /// <summary>
    /// Everything the Rollout's status says: its message and every condition's type, reason and message, read as
    /// JSON (some of these Rollouts have fields the typed model cannot read).
    /// </summary>
    private static string Said(FleetWorld world, string name) =>
        StatusOf(world, name) is not { } status
            ? ""
            : string.Join(" | ", new[] { status["message"]?.ToString() ?? "" }.Concat(
                status["conditions"]?.AsArray().Select(c => $"{c?["type"]}/{c?["reason"]}: {c?["message"]}") ?? []));

    private static JsonObject? StatusOf(FleetWorld world, string name) =>
        world.Server.Store.Get("rollouts.rollouts.dev", new Rollouts.Sandbox.ApiServer.Storage.ObjectKey("default", name)) is { } stored
            ? JsonNode.Parse(stored.Json)?["status"] as JsonObject
            : null;

    private static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + "…";

    private static async Task<(int Code, string Message)> CreateAsync(FleetWorld world, string name, BadCase bad)
    {
        var without = bad.Without ?? [];
        const string Core = "/api/v1/namespaces/default/services";
        if (!without.Contains("stable"))
        {
            await Ensure(world.Api.PostAsync(Core, Service($"{name}-stable", name)));
        }

        if (!without.Contains("canary"))
        {
            await Ensure(world.Api.PostAsync(Core, Service($"{name}-canary", name)));
        }

        if (!without.Contains("ingress"))
        {
            await Ensure(world.Api.PostAsync("/apis/networking.k8s.io/v1/namespaces/default/ingresses", JsonNode.Parse(
                $$$"""{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"{{{name}}}"},"spec":{"ingressClassName":"nginx","rules":[{"host":"{{{name}}}.example.com","http":{"paths":[{"path":"/","pathType":"Prefix","backend":{"service":{"name":"{{{name}}}-stable","port":{"number":80} } } } ] } } ] } }""")!));
        }

        if (bad.Template is { } metrics)
        {
            var template = new JsonObject
            {
                ["apiVersion"] = "rollouts.dev/v1alpha1",
                ["kind"] = "AnalysisTemplate",
                ["metadata"] = new JsonObject { ["name"] = name },
                ["spec"] = new JsonObject { ["metrics"] = JsonNode.Parse(metrics) },
            };
            var (templateCode, templateBody) = await world.Api.PostAsync("/apis/rollouts.dev/v1alpha1/namespaces/default/analysistemplates", template);
            if (templateCode >= 400)
            {
                return (templateCode, templateBody?["message"]?.GetValue<string>() ?? "");
            }
        }

        var rollout = JsonNode.Parse(FleetWorld.RolloutJson(name))!.AsObject();
        bad.Change(rollout);
        var (code, body) = await world.Api.PostAsync("/apis/rollouts.dev/v1alpha1/namespaces/default/rollouts", rollout);
        return (code, code >= 400 ? body?["message"]?.GetValue<string>() ?? "" : "");
    }

    private static async Task Ensure(Task<(int Code, JsonNode? Body)> request)
    {
        var (code, body) = await request;
        Assert.True(code == 201, body?.ToJsonString());
    }

    private static JsonNode Service(string name, string app) => JsonNode.Parse(
        $$$"""{"apiVersion":"v1","kind":"Service","metadata":{"name":"{{{name}}}"},"spec":{"selector":{"app":"{{{app}}}"},"ports":[{"name":"http","port":80,"targetPort":8080}]}}""")!;

    /// <summary>Sets the field at <paramref name="path"/> (dots and [index]), making objects on the way.</summary>
    private static void Set(JsonObject root, string path, JsonNode? value)
    {
        var (parent, last) = Walk(root, path);
        if (last is int index)
        {
            parent.AsArray()[index] = value;
        }
        else
        {
            parent.AsObject()[(string)last] = value;
        }
    }

    private static void Remove(JsonObject root, string path)
    {
        var (parent, last) = Walk(root, path);
        if (last is int index)
        {
            parent.AsArray().RemoveAt(index);
        }
        else
        {
            parent.AsObject().Remove((string)last);
        }
    }

    private static (JsonNode Parent, object Last) Walk(JsonObject root, string path)
    {
        var parts = new List<object>();
        foreach (var segment in path.Split('.'))
        {
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            parts.Add(bracket < 0 ? segment : segment[..bracket]);
            if (bracket >= 0)
            {
                parts.Add(int.Parse(segment[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        JsonNode node = root;
        foreach (var part in parts.Take(parts.Count - 1))
        {
            node = part is int i ? node.AsArray()[i]! : node.AsObject()[(string)part] ??= new JsonObject();
        }

        return (node, parts[^1]);
    }
}
