using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Rollouts.Api.Common;
using Rollouts.Sandbox.ApiServer.Errors;
using Rollouts.Sandbox.ApiServer.Operations;
using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Sandbox.ApiServer.Storage;

namespace Rollouts.Sandbox.Gateway;

/// <summary>
/// A gateway controller as far as a progressive-delivery operator sees one: each generation of an HTTPRoute that
/// has parentRefs is accepted after a delay, by writing status.parents (one per parentRef) with Accepted=True and
/// that observedGeneration. A generation replaced before its delay has passed is never accepted; the newest is.
/// </summary>
internal sealed partial class SandboxGateway(ApiServer.ApiServer server, TimeSpan acceptDelay, TimeProvider time, ILogger logger)
{
    public const string ControllerName = "sandbox.rollouts.dev/gateway";

    /// <summary>Annotation on an HTTPRoute: how long the gateway takes to accept its generations ("5s", "1m").</summary>
    public const string AcceptDelayAnnotation = "sandbox.rollouts.dev/gateway-accept-delay";

    private const string Group = "gateway.networking.k8s.io";
    private readonly Dictionary<(string Namespace, string Name), long> _scheduled = [];
    private readonly Lock _gate = new();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var changes = server.Store.Subscribe(storageKey: null, capacity: int.MaxValue);
        foreach (var route in Routes(changes.StartState))
        {
            Observe(route, cancellationToken);
        }

        while (await changes.ReadAsync(cancellationToken).ConfigureAwait(false) is { } change)
        {
            if (change.Type != StoreEventType.Deleted && change.StorageKey == Type()?.StorageKey)
            {
                Observe(change.Object, cancellationToken);
            }
        }
    }

    private ResourceType? Type() => server.Catalog.Registry.Find(Group, "v1", "httproutes");

    private IEnumerable<StoredObject> Routes(StoreState state) =>
        Type() is { } type ? state.Collection(type.StorageKey).Values : [];

    private void Observe(StoredObject stored, CancellationToken cancellationToken)
    {
        var route = stored.ToJsonObject();
        var generation = route["metadata"]?["generation"]?.GetValue<long>() ?? 1;
        if (route["spec"]?["parentRefs"] is not JsonArray { Count: > 0 } || Accepted(route) >= generation)
        {
            return;
        }

        var key = (stored.Key.Namespace, stored.Key.Name);
        lock (_gate)
        {
            if (_scheduled.TryGetValue(key, out var pending) && pending >= generation)
            {
                return;
            }

            _scheduled[key] = generation;
        }

        var delay = DelayOf(route);
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                Accept(key.Namespace, key.Name, generation);
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception e)
            {
                LogFailure(logger, e, $"{key.Namespace}/{key.Name}");
            }
        }, CancellationToken.None);
    }

    private void Accept(string ns, string name, long generation)
    {
        if (Type() is not { } type)
        {
            return;
        }

        try
        {
            server.Operations.Patch(type, ns, name, live =>
            {
                var current = live!["metadata"]?["generation"]?.GetValue<long>() ?? 1;
                if (current != generation)
                {
                    return live;
                }

                var parents = new JsonArray();
                foreach (var parent in live["spec"]?["parentRefs"] as JsonArray ?? [])
                {
                    parents.Add(new JsonObject
                    {
                        ["parentRef"] = parent?.DeepClone(),
                        ["controllerName"] = ControllerName,
                        ["conditions"] = new JsonArray(
                            Condition("Accepted", "Accepted", "accepted by the sandbox gateway", generation),
                            Condition("ResolvedRefs", "ResolvedRefs", "every backendRef resolved", generation)),
                    });
                }

                live["status"] = new JsonObject { ["parents"] = parents };
                return live;
            }, WriteOptions.Default, statusOnly: true);
        }
        catch (ApiError e) when (e.Code is 404 or 409)
        {
            // Gone or changed meanwhile: the change brings a new generation to accept.
        }
    }

    private JsonObject Condition(string type, string reason, string message, long generation) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["reason"] = reason,
        ["message"] = message,
        ["observedGeneration"] = generation,
        ["lastTransitionTime"] = time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The lowest generation every parent of ours has accepted (0 when none has).</summary>
    private static long Accepted(JsonObject route)
    {
        var ours = (route["status"]?["parents"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(p => p["controllerName"]?.GetValue<string>() == ControllerName)
            .Select(p => (p["conditions"] as JsonArray ?? []).OfType<JsonObject>()
                .FirstOrDefault(c => c["type"]?.GetValue<string>() == "Accepted" && c["status"]?.GetValue<string>() == "True")?["observedGeneration"]?.GetValue<long>() ?? 0)
            .ToList();
        return ours.Count == 0 ? 0 : ours.Min();
    }

    private TimeSpan DelayOf(JsonObject route) =>
        route["metadata"]?["annotations"]?[AcceptDelayAnnotation]?.GetValue<string>() is { } text
        && Durations.TryParse(text, out var delay, out _) && delay >= TimeSpan.Zero
            ? delay
            : acceptDelay;

    [LoggerMessage(EventId = 50, Level = LogLevel.Warning, Message = "Sandbox gateway: accepting HTTPRoute {Route} failed")]
    private static partial void LogFailure(ILogger logger, Exception exception, string route);
}
