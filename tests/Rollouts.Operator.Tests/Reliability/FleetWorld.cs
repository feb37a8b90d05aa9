using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using Rollouts.Api.Rollouts;
using Rollouts.Operator.Tests.Support;
using Rollouts.Sandbox.ApiServer;
using Rollouts.Sandbox.Processes;
using Rollouts.Testing;

namespace Rollouts.Operator.Tests.Reliability;

/// <summary>
/// The world of the fault suite: a sandbox API server with the workload simulator, the CRDs, a fake Prometheus
/// whose answer each analysis template chooses by its address (<c>/pass/</c>: 1, <c>/fail/</c>: 0, and the faulty
/// answers of <see cref="PrometheusAnswer"/>), any number of canary Rollouts (each with its two Services and an
/// NGINX Ingress), operators as processes of their own, and a <see cref="StoreInvariants"/> watcher on the store.
/// </summary>
internal sealed class FleetWorld : IAsyncDisposable
{
    /// <summary>How long the fake Prometheus takes to answer at <c>/slow/</c>: well past the templates' 1 s timeout.</summary>
    public static readonly TimeSpan SlowAnswer = TimeSpan.FromSeconds(5);

    private readonly List<OperatorProcess> _operators = [];
    private readonly int _closedPort;

    private FleetWorld(SandboxApi api, FakeHttpServer prometheus, int closedPort)
    {
        Api = api;
        Prometheus = prometheus;
        _closedPort = closedPort;
        State = new ServerState(api.Server);
        Invariants = new StoreInvariants(api.Server);
    }

    public SandboxApi Api { get; }

    public ApiServer Server => Api.Server;

    public FakeHttpServer Prometheus { get; }

    public ServerState State { get; }

    public StoreInvariants Invariants { get; }

    public IReadOnlyList<OperatorProcess> Operators => _operators;

    /// <summary>Template names: one AnalysisTemplate per answer of the fake Prometheus, and <c>down</c> (nothing listens).</summary>
    public static readonly string[] Answers = ["pass", "fail", "nan", "empty", "garbage", "error", "slow", "down"];

    public static async Task<FleetWorld> StartAsync(int seed)
    {
        var api = await SandboxApi.StartAsync(new ApiServerOptions { ReadyDelay = TimeSpan.FromMilliseconds(150), Seed = seed });
        FakeHttpServer? prometheus = null;
        try
        {
            prometheus = await FakeHttpServer.StartAsync(PrometheusAnswer);
            var world = new FleetWorld(api, prometheus, ClosedPort());
            (await api.Kubectl.RunAsync("apply", "-f", RepositoryFiles.Crds)).EnsureSuccess();
            await world.ApplyAsync(world.TemplatesYaml());
            return world;
        }
        catch
        {
            if (prometheus is not null)
            {
                await prometheus.DisposeAsync();
            }

            await api.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts an operator process with <paramref name="args"/> (<c>--leader-elect</c> among them to compete for the
    /// Lease; without it no leader election), warnings and errors logged, and returns at once, before it is ready.
    /// </summary>
    public async Task<OperatorProcess> StartOperatorAsync(params string[] args)
    {
        var process = await OperatorProcess.StartAsync(new OperatorProcessOptions
        {
            AssemblyPath = await OperatorAssembly.PathAsync(),
            KubeconfigPath = Api.KubeconfigPath,
            LeaderElect = args.Contains("--leader-elect"),
            Arguments = ["--log-level", "warning", .. args.Where(a => a is not ("--leader-elect" or "--leader-elect=false"))],

            // Two workers' threads are plenty for a test on a shared machine; the server GC would reserve a heap per core.
            Environment = new Dictionary<string, string> { ["DOTNET_gcServer"] = "0", ["DOTNET_TieredPGO"] = "0" },
            WaitReady = false,
            LogLines = 100_000,
        });
        _operators.Add(process);
        return process;
    }

    public async Task ApplyAsync(string yaml) => (await Api.Kubectl.RunWithInputAsync(yaml, "apply", "-f", "-")).EnsureSuccess();

    /// <summary>Rollouts named <c>{prefix}0</c> .. <c>{prefix}{count-1}</c> on image app:0, each with its Services and Ingress, in one apply.</summary>
    public Task ApplyRolloutsAsync(string prefix, int count, string template = "pass") =>
        ApplyAsync(string.Join("---\n", Enumerable.Range(0, count).Select(i => RolloutYaml($"{prefix}{i}", template))));

    /// <summary>
    /// A canary Rollout of 4 replicas: setWeight 25, a 1 s pause, an analysis step on <paramref name="template"/>,
    /// setWeight 50, a 1 s pause; scale-down delays of 1 s.
    /// </summary>
    public static string RolloutYaml(string name, string template) => $$$"""
        apiVersion: v1
        kind: Service
        metadata: {name: {{{name}}}-stable}
        spec:
          selector: {app: {{{name}}}}
          ports: [{name: http, port: 80, targetPort: 8080}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: {{{name}}}-canary}
        spec:
          selector: {app: {{{name}}}}
          ports: [{name: http, port: 80, targetPort: 8080}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: {{{name}}}}
        spec:
          ingressClassName: nginx
          rules:
          - host: {{{name}}}.example.com
            http:
              paths:
              - path: /
                pathType: Prefix
                backend:
                  service: {name: {{{name}}}-stable, port: {name: http}}
        ---
        apiVersion: rollouts.dev/v1alpha1
        kind: Rollout
        metadata: {name: {{{name}}}}
        spec:
          replicas: 4
          selector:
            matchLabels: {app: {{{name}}}}
          template:
            metadata:
              labels: {app: {{{name}}}}
            spec:
              containers:
              - name: app
                image: app:0
          strategy:
            canary:
              stableService: {{{name}}}-stable
              canaryService: {{{name}}}-canary
              scaleDownDelaySeconds: 1
              abortScaleDownDelaySeconds: 1
              trafficRouting:
                nginx: {stableIngress: {{{name}}}}
              steps:
              - setWeight: 25
              - pause: {duration: 1s}
              - analysis: {templates: [{templateName: {{{template}}}}]}
              - setWeight: 50
              - pause: {duration: 1s}

        """;

    /// <summary>The Rollout of <see cref="RolloutYaml"/> (analysis on <c>pass</c>) alone, as JSON for a direct POST.</summary>
    public static string RolloutJson(string name) => $$$"""
        {"apiVersion":"rollouts.dev/v1alpha1","kind":"Rollout","metadata":{"name":"{{{name}}}"},
         "spec":{"replicas":4,"selector":{"matchLabels":{"app":"{{{name}}}"}},
          "template":{"metadata":{"labels":{"app":"{{{name}}}"}},"spec":{"containers":[{"name":"app","image":"app:0"}]}},
          "strategy":{"canary":{"stableService":"{{{name}}}-stable","canaryService":"{{{name}}}-canary",
           "scaleDownDelaySeconds":1,"abortScaleDownDelaySeconds":1,
           "trafficRouting":{"nginx":{"stableIngress":"{{{name}}}"}},
           "steps":[{"setWeight":25},{"pause":{"duration":"1s"}},{"analysis":{"templates":[{"templateName":"pass"}]}},{"setWeight":50},{"pause":{"duration":"1s"}}]} } } }
        """;

    /// <summary>
    /// One AnalysisTemplate per answer: one measurement (a second one a second later for pass), success at 0.9 and
    /// above, a 1 s query timeout, the run ended by the first error.
    /// </summary>
    public string TemplatesYaml() => string.Join("---\n", Answers.Select(answer => $$"""
        apiVersion: rollouts.dev/v1alpha1
        kind: AnalysisTemplate
        metadata: {name: {{answer}}}
        spec:
          metrics:
          - name: success-rate
            interval: 1s
            count: {{(answer == "pass" ? 2 : 1)}}
            successCondition: result[0] >= 0.9
            failureCondition: result[0] < 0.9
            consecutiveErrorLimit: 0
            provider:
              prometheus:
                address: {{AddressOf(answer)}}
                timeout: 1s
                query: sum(rate(requests_total{app="web"}[1m]))

        """));

    private string AddressOf(string answer) =>
        answer == "down" ? $"http://127.0.0.1:{_closedPort}/" : new Uri(Prometheus.Url, answer + "/").ToString();

    /// <summary>Starts an update of <paramref name="name"/> to <paramref name="image"/> with its analysis step on <paramref name="template"/>; retried while the server fails it.</summary>
    public Task UpdateAsync(string name, string image, string template)
    {
        var patch = $$"""
            [{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"{{image}}"},
             {"op":"replace","path":"/spec/strategy/canary/steps/2/analysis/templates/0/templateName","value":"{{template}}"}]
            """;
        return Eventually.WaitUntilAsync(
            async () => (await Api.PatchAsync($"/apis/rollouts.dev/v1alpha1/namespaces/default/rollouts/{name}", patch, "application/json-patch+json")).Code == 200,
            $"the update of {name} to be accepted", TimeSpan.FromSeconds(60));
    }

    public Rollout? Rollout(string name) => State.Rollout(name);

    public int WeightOf(string name) => State.IngressWeight($"{name}-{name}-canary");

    /// <summary>The Rollout finished an update away from <paramref name="stableBefore"/>: promoted, Healthy, no canary traffic.</summary>
    public bool IsPromoted(string name, string? stableBefore) =>
        Rollout(name)?.Status is { Phase: RolloutPhase.Healthy } status && status.StableRS != stableBefore && status.StableRS == status.CurrentPodHash &&
        WeightOf(name) == 0;

    /// <summary>The Rollout aborted its update: the stable is still <paramref name="stableBefore"/>, Degraded, no canary traffic.</summary>
    public bool IsAborted(string name, string? stableBefore) =>
        Rollout(name)?.Status is { Abort: true, Phase: RolloutPhase.Degraded } status && status.StableRS == stableBefore &&
        status.CurrentPodHash != stableBefore && WeightOf(name) == 0;

    /// <summary>A line per Rollout: phase, step, weight and message, for failure messages.</summary>
    public string Describe(IEnumerable<string> names) => string.Join("\n", names.Select(name =>
        Rollout(name)?.Status is { } s
            ? $"{name}: phase {s.Phase}, step {s.CurrentStepIndex}, abort={s.Abort}, stable {s.StableRS}, current {s.CurrentPodHash}, weight {WeightOf(name)}, message \"{s.Message}\""
            : $"{name}: no status"));

    /// <summary>The last lines each operator printed.</summary>
    public string OperatorOutput(int lines = 40) => string.Join("\n---\n", _operators.Select(o => $"pid {o.Id}:\n" + string.Join("\n", o.Log.Split('\n').TakeLast(lines))));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _operators)
        {
            await process.KillAsync();
            await process.DisposeAsync();
        }

        await Invariants.DisposeAsync();
        await Prometheus.DisposeAsync();
        await Api.DisposeAsync();
    }

    /// <summary>The fake Prometheus: the answer named by the first segment of the path.</summary>
    private static async Task PrometheusAnswer(HttpContext context)
    {
        var answer = context.Request.Path.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        var now = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0).ToString(CultureInfo.InvariantCulture);
        string Vector(string value) => $$$"""{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[{{{now}}},"{{{value}}}"]}]}}""";
        var (code, type, body) = answer switch
        {
            "pass" => (200, "application/json", Vector("1")),
            "fail" => (200, "application/json", Vector("0.5")),
            "nan" => (200, "application/json", Vector("NaN")),
            "empty" => (200, "application/json", """{"status":"success","data":{"resultType":"vector","result":[]}}"""),
            "garbage" => (200, "application/json", "<html><body>502 Bad Gateway</body></html>{\"status\":"),
            "error" => (503, "text/plain", "service unavailable"),
            "slow" => (200, "application/json", Vector("1")),
            _ => (404, "text/plain", "no such answer"),
        };
        if (answer == "slow")
        {
            // A healthy answer, but only after the query's timeout: it must never count.
            await Task.Delay(SlowAnswer, context.RequestAborted);
        }

        context.Response.StatusCode = code;
        context.Response.ContentType = type;
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body), context.RequestAborted);
    }

    /// <summary>A local port nothing listens on (taken and released): connections to it are refused.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
