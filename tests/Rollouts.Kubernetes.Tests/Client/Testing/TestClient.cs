using Rollouts.Kubernetes.Client;
using Rollouts.Kubernetes.Client.Config;

namespace Rollouts.Kubernetes.Tests.Client.Testing;

internal static class TestClient
{
    public static readonly Uri Server = new("https://k8s.test:6443");

    /// <summary>A client on <paramref name="handler"/> with a token, no retries' real waiting, and no timeout unless asked.</summary>
    public static KubernetesApiClient Create(FakeHandler handler, KubernetesClientOptions? options = null) =>
        new(
            new KubernetesConnection { Server = Server, Token = new StaticTokenSource("secret-token") },
            (options ?? new KubernetesClientOptions
            {
                TimeProvider = new ManualTimeProvider { AutoAdvance = true },
                RequestTimeout = Timeout.InfiniteTimeSpan,
            }) with { Handler = handler });
}
