using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Rollouts.Sandbox;
using Rollouts.Sandbox.ApiServer;
using Rollouts.Sandbox.ApiServer.Operations;
using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Sandbox.ApiServer.Storage;

namespace Rollouts.Bench;

/// <summary>
/// The in-memory API server with its workload simulator (in this process), the project's CRDs, a namespace, and a
/// kubeconfig for the operator process. The benchmark's own writes go to the server in process (through
/// <see cref="ResourceOperations"/>), so the server's request counts hold only the operator's requests and the
/// benchmark's own timed PATCHes of ConfigMaps.
/// </summary>
internal sealed class BenchWorld : IAsyncDisposable
{
    public const string Namespace = "bench";
    private static readonly WriteOptions Bench = WriteOptions.Default with { FieldManager = "rollouts-bench" };

    private readonly string _directory;

    private BenchWorld(ApiServer server, string directory)
    {
        Server = server;
        _directory = directory;
        KubeconfigPath = server.WriteKubeconfig(Path.Combine(directory, "kubeconfig"));
        Http = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, c, _, _) => server.Certificates.Validates(c as System.Security.Cryptography.X509Certificates.X509Certificate2) },
        })
        { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Token);
        Services = Type("", "v1", "services");
        Ingresses = Type("networking.k8s.io", "v1", "ingresses");
        Rollouts = Type("rollouts.dev", "v1alpha1", "rollouts");
        ReplicaSets = Type("apps", "v1", "replicasets");
        ConfigMaps = Type("", "v1", "configmaps");
        AnalysisTemplates = Type("rollouts.dev", "v1alpha1", "analysistemplates");
    }

    public ApiServer Server { get; }
    public string KubeconfigPath { get; }
    public string Directory => _directory;
    public HttpClient Http { get; }
    public ResourceType Services { get; }
    public ResourceType Ingresses { get; }
    public ResourceType Rollouts { get; }
    public ResourceType ReplicaSets { get; }
    public ResourceType ConfigMaps { get; }
    public ResourceType AnalysisTemplates { get; }

    public static async Task<BenchWorld> StartAsync(ApiServerOptions? options = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("rollouts-bench-").FullName;
        var server = new ApiServer(options ?? new ApiServerOptions { Seed = 1, HistoryCapacity = 1_000_000 });
        await server.StartAsync().ConfigureAwait(false);
        CrdInstaller.Install(server);
        var world = new BenchWorld(server, directory);
        world.Create(world.Type("", "v1", "namespaces"), null, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new JsonObject { ["name"] = Namespace },
        });
        return world;
    }

    public ResourceType Type(string group, string version, string plural) =>
        Server.Catalog.Registry.Find(group, version, plural) ?? throw new InvalidOperationException($"the server does not serve {group}/{version} {plural}");

    public StoredObject Create(ResourceType type, string? ns, JsonObject body) => Server.Operations.Create(type, ns, body, Bench).Object;

    /// <summary>Creates the Services, Ingress and Rollout of <paramref name="name"/>.</summary>
    public void CreateRollout(string name, JsonObject rollout)
    {
        Create(Services, Namespace, BenchObjects.Service(name + "-stable", name));
        Create(Services, Namespace, BenchObjects.Service(name + "-canary", name));
        Create(Ingresses, Namespace, BenchObjects.Ingress(name, name + "-stable"));
        Create(Rollouts, Namespace, rollout);
    }

    /// <summary>Sets the image of the Rollout's first container (a template change, as <c>kubectl rollouts set image</c>).</summary>
    public void SetImage(string name, string image) =>
        Server.Operations.Patch(Rollouts, Namespace, name, current =>
        {
            var next = current!.DeepClone().AsObject();
            next["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = image;
            return next;
        }, Bench);

    /// <summary>Sets an environment variable of the Rollout's first container.</summary>
    public void SetTemplate(string name, string image, JsonArray env) =>
        Server.Operations.Patch(Rollouts, Namespace, name, current =>
        {
            var next = current!.DeepClone().AsObject();
            var container = next["spec"]!["template"]!["spec"]!["containers"]![0]!.AsObject();
            container["image"] = image;
            container["env"] = env;
            return next;
        }, Bench);

    /// <summary>Every Rollout of the namespace as stored now.</summary>
    public IEnumerable<JsonObject> ListRollouts() =>
        Server.Operations.List(Rollouts, Namespace, ListOptions.Default).Items.Select(o => o.ToJsonObject());

    /// <summary>Writes that the operator made, as the server counted them (the benchmark's own ConfigMap PATCHes excluded).</summary>
    public long OperatorWrites() =>
        Server.Requests.Snapshot().Where(kv => kv.Key.Verb is "create" or "update" or "patch" or "delete" or "deletecollection"
                                               && kv.Key.Resource != "configmaps").Sum(kv => kv.Value);

    /// <summary>GETs of single objects that the operator made.</summary>
    public long OperatorGets() =>
        Server.Requests.Snapshot().Where(kv => kv.Key.Verb == "get" && kv.Key.Resource != "configmaps").Sum(kv => kv.Value);

    /// <summary>The operator's requests by verb and resource, for the report.</summary>
    public string RequestBreakdown() => string.Join(", ", Server.Requests.Snapshot()
        .Where(kv => kv.Key.Resource != "configmaps" && kv.Key.Verb is not "watch" and not "list")
        .GroupBy(kv => $"{kv.Key.Verb} {kv.Key.Resource}")
        .OrderByDescending(g => g.Sum(kv => kv.Value))
        .Select(g => $"{g.Key} {g.Sum(kv => kv.Value)}"));

    /// <summary>Waits until the operator has made no write for <paramref name="quiet"/>, at most <paramref name="deadline"/>.</summary>
    public async Task WaitQuietAsync(TimeSpan quiet, TimeSpan deadline)
    {
        var started = Stopwatch.GetTimestamp();
        var last = OperatorWrites();
        var since = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(since) < quiet && Stopwatch.GetElapsedTime(started) < deadline)
        {
            // Quiet is the absence of writes over a span of time: there is nothing to wait on but the clock.
            await Task.Delay(100).ConfigureAwait(false);
            var now = OperatorWrites();
            if (now != last)
            {
                (last, since) = (now, Stopwatch.GetTimestamp());
            }
        }
    }

    /// <summary>One merge PATCH of a ConfigMap over HTTP, as any client would send it; returns the round trip.</summary>
    public async Task<TimeSpan> TimedPatchAsync(string configMap, int value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"api/v1/namespaces/{Namespace}/configmaps/{configMap}")
        {
            Content = new StringContent("{\"data\":{\"value\":\"" + value.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"}}", Encoding.UTF8),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/merge-patch+json");
        var started = Stopwatch.GetTimestamp();
        using var response = await Http.SendAsync(request).ConfigureAwait(false);
        await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        response.EnsureSuccessStatusCode();
        return elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync().ConfigureAwait(false);
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
