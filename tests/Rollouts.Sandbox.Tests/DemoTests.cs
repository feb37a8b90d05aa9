using Rollouts.Sandbox.Demo;

namespace Rollouts.Sandbox.Tests;

/// <summary>
/// The newcomer's demo, run as README tells (in its fast mode, so it cannot rot): a healthy version promoted by
/// its analyses, a faulty one aborted, a summary, exit code 0.
/// </summary>
public sealed class DemoTests
{
    [Fact]
    public async Task The_demo_promotes_the_healthy_version_aborts_the_faulty_one_and_exits_0()
    {
        using var process = SandboxProcess.Start("demo", "--fast");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        var output = await stdout;
        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}\n{output}\n{await stderr}");
        Assert.Contains("web:1.1  promoted", output, StringComparison.Ordinal);
        Assert.Contains("web:1.2  aborted", output, StringComparison.Ordinal);
        Assert.Contains("analysis ", output, StringComparison.Ordinal);
        Assert.Contains("canary 20%", output, StringComparison.Ordinal);
        Assert.Contains("success-rate", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_demo_sample_is_the_committed_sample_with_shorter_timings()
    {
        var committed = File.ReadAllText(Path.Combine(RepositoryRoot(), "samples", DemoSample.FileName));

        Assert.Equal(committed, DemoSample.Original());
        var fast = DemoSample.ForDemo(fast: true);
        Assert.DoesNotContain("[1m]", fast, StringComparison.Ordinal);
        Assert.Contains("interval: 2s", fast, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Rollouts.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Rollouts.sln above {AppContext.BaseDirectory}");
    }
}
