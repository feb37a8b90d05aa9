using Rollouts.Operator.Tests.Support;
using Rollouts.Testing;

namespace Rollouts.Operator.Tests.Packaging;

/// <summary>
/// The Dockerfile builds the operator with the same publish command this test runs, so what the image holds is
/// what the test proved to start; and the image runs as a non-root user.
/// </summary>
public sealed class ImageTests
{
    private const string Publish = "dotnet publish src/Rollouts.Operator -c Release -o";

    [Fact]
    public async Task The_Dockerfile_publishes_the_operator_as_this_test_does_and_the_result_starts()
    {
        var dockerfile = await File.ReadAllLinesAsync(Path.Combine(RepositoryFiles.Root, "Dockerfile"));
        Assert.Contains(dockerfile, l => l.StartsWith($"RUN {Publish} /app", StringComparison.Ordinal));
        Assert.Contains(dockerfile, l => l.StartsWith("USER 65532", StringComparison.Ordinal));
        Assert.Equal(2, dockerfile.Count(l => l.StartsWith("FROM ", StringComparison.Ordinal)));

        var output = Directory.CreateTempSubdirectory("rollouts-publish-").FullName;
        try
        {
            var (code, text) = await DotnetPublish.RunAsync(RepositoryFiles.Root, "src/Rollouts.Operator", output);
            Assert.True(code == 0, text);
            var (helpCode, help) = await DotnetPublish.RunProcessAsync(
                "dotnet", [Path.Combine(output, "Rollouts.Operator.dll"), "--help"], output, TimeSpan.FromMinutes(1));
            Assert.True(helpCode == 0, help);
            Assert.Contains("--kubeconfig", help, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
