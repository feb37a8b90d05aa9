using System.Diagnostics;
using System.Threading.Channels;

namespace Rollouts.Sandbox.Tests.Kubectl;

/// <summary>
/// A long-running kubectl (<c>get -w</c>, <c>wait</c>) whose output a test reads line by line as it comes, each
/// read bounded by a deadline. Standard output and standard error are read into separate line queues. Disposing
/// kills the process if it still runs.
/// </summary>
internal sealed class KubectlWatch : IAsyncDisposable
{
    private static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(20);
    private readonly Process _process;
    private readonly Channel<string> _stdout = Channel.CreateUnbounded<string>();
    private readonly Channel<string> _stderr = Channel.CreateUnbounded<string>();
    private readonly Task _pumps;

    private KubectlWatch(Process process)
    {
        _process = process;
        _pumps = Task.WhenAll(Pump(process.StandardOutput, _stdout), Pump(process.StandardError, _stderr));
    }

    public static KubectlWatch Start(Rollouts.Testing.Kubectl kubectl, params string[] args) => new(kubectl.Start(args));

    /// <summary>The next line kubectl prints on standard output; fails at the deadline or when kubectl exits first.</summary>
    public Task<string> NextLineAsync(TimeSpan? deadline = null) => NextAsync(_stdout, "standard output", deadline);

    /// <summary>The next line kubectl prints on standard error.</summary>
    public Task<string> NextErrorLineAsync(TimeSpan? deadline = null) => NextAsync(_stderr, "standard error", deadline);

    /// <summary>Reads standard error until a line satisfies <paramref name="match"/> and returns it.</summary>
    public async Task<string> ErrorLineMatchingAsync(Func<string, bool> match, TimeSpan? deadline = null)
    {
        using var timeout = new CancellationTokenSource(deadline ?? DefaultDeadline);
        while (true)
        {
            var line = await NextAsync(_stderr, "standard error", null, timeout.Token);
            if (match(line))
            {
                return line;
            }
        }
    }

    /// <summary>Waits for kubectl to exit by itself and returns its exit code and the output it has not read yet.</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr)> ExitAsync(TimeSpan? deadline = null)
    {
        using var timeout = new CancellationTokenSource(deadline ?? DefaultDeadline);
        await _process.WaitForExitAsync(timeout.Token);
        await _pumps.WaitAsync(timeout.Token);
        return (_process.ExitCode, Drain(_stdout), Drain(_stderr));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        await _pumps;
        _process.Dispose();
    }

    private static async Task<string> NextAsync(Channel<string> lines, string stream, TimeSpan? deadline, CancellationToken outer = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(outer);
        timeout.CancelAfter(deadline ?? DefaultDeadline);
        try
        {
            return await lines.Reader.ReadAsync(timeout.Token);
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"kubectl closed its {stream} before printing the expected line");
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"kubectl printed no expected line on its {stream} in time");
        }
    }

    private static async Task Pump(StreamReader reader, Channel<string> lines)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            await lines.Writer.WriteAsync(line);
        }

        lines.Writer.Complete();
    }

    private static string Drain(Channel<string> lines)
    {
        var text = new List<string>();
        while (lines.Reader.TryRead(out var line))
        {
            text.Add(line);
        }

        return string.Join('\n', text);
    }
}
