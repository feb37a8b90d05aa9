using System.Text.Json.Nodes;

namespace Rollouts.Sandbox.ApiServer.Discovery;

/// <summary>
/// The <c>/version</c> document. kubectl on our machines is a dispatcher that reads <c>minor</c> to pick
/// its build, so the sandbox reports the Kubernetes release it imitates: 1.32.
/// </summary>
public static class VersionDocument
{
    public const string Major = "1";
    public const string Minor = "32";
    public const string GitVersion = "v1.32.0";

    public static JsonObject Create() => new()
    {
        ["major"] = Major,
        ["minor"] = Minor,
        ["gitVersion"] = GitVersion,
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2024-12-11T00:00:00Z",
        ["goVersion"] = "go1.23.3",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };
}
