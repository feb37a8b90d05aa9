using Rollouts.Sandbox.ApiServer.Discovery;

namespace Rollouts.Sandbox.Tests.ApiServer.Discovery;

public class VersionDocumentTests
{
    [Fact]
    public void Reports_kubernetes_1_32_so_the_kubectl_dispatcher_picks_that_build()
    {
        var version = VersionDocument.Create();

        Assert.Equal("1", version["major"]!.GetValue<string>());
        Assert.Equal("32", version["minor"]!.GetValue<string>());
        Assert.Equal("v1.32.0", version["gitVersion"]!.GetValue<string>());
        Assert.Equal("linux/amd64", version["platform"]!.GetValue<string>());
        Assert.Equal(
            ["major", "minor", "gitVersion", "gitCommit", "gitTreeState", "buildDate", "goVersion", "compiler", "platform"],
            version.Select(p => p.Key));
    }
}
