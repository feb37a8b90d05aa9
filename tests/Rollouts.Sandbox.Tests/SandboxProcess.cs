using System.Diagnostics;

namespace Rollouts.Sandbox.Tests;

/// <summary>The sandbox's real command line as a process of its own, stdout and stderr redirected.</summary>
internal static class SandboxProcess
{
    /// <summary>Starts <c>dotnet Rollouts.Sandbox.dll ARGS</c> from the test's output directory.</summary>
    public static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Rollouts.Sandbox.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
    }
}
