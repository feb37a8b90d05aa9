using System.Globalization;

namespace Rollouts.Sandbox.Processes;

/// <summary>
/// One reading of a process from <c>/proc</c> (Linux only): resident memory now and at its highest
/// (<c>VmRSS</c>, <c>VmHWM</c> of <c>/proc/PID/status</c>) and CPU time used in user and kernel mode
/// (<c>utime</c> + <c>stime</c> of <c>/proc/PID/stat</c>).
/// </summary>
public readonly record struct ProcessSample(long WorkingSetBytes, long PeakWorkingSetBytes, TimeSpan CpuTime)
{
    /// <summary>The part of the working set that is anonymous memory (heaps, stacks, JIT-compiled code): <c>RssAnon</c>.</summary>
    public long AnonymousBytes { get; init; }

    /// <summary>The part of the working set that maps files (the runtime's and the application's assemblies): <c>RssFile</c>.</summary>
    public long FileBytes { get; init; }

    // Linux reports utime and stime in clock ticks; USER_HZ is 100 on every architecture .NET runs on.
    private const double TicksPerSecond = 100;

    public double WorkingSetMiB => WorkingSetBytes / (1024.0 * 1024.0);

    public double PeakWorkingSetMiB => PeakWorkingSetBytes / (1024.0 * 1024.0);

    /// <summary>Reads the process <paramref name="pid"/>.</summary>
    /// <exception cref="InvalidOperationException">The process is gone or /proc is not there.</exception>
    public static ProcessSample Read(int pid)
    {
        string status, stat;
        try
        {
            status = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status");
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"cannot read /proc/{pid} (is the process running?): {e.Message}", e);
        }

        return new ProcessSample(StatusKiB(status, "VmRSS:") * 1024, StatusKiB(status, "VmHWM:") * 1024, CpuOf(stat))
        {
            AnonymousBytes = StatusKiB(status, "RssAnon:") * 1024,
            FileBytes = StatusKiB(status, "RssFile:") * 1024,
        };
    }

    /// <summary>The value in kB of one line of /proc/PID/status, e.g. <c>VmRSS:   123456 kB</c>.</summary>
    internal static long StatusKiB(string status, string field)
    {
        foreach (var line in status.Split('\n'))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var value = line[field.Length..].Trim();
                var space = value.IndexOf(' ', StringComparison.Ordinal);
                return long.Parse(space < 0 ? value : value[..space], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"/proc status has no {field} line");
    }

    /// <summary>utime + stime of /proc/PID/stat (fields 14 and 15; the command name in field 2 may hold spaces).</summary>
    internal static TimeSpan CpuOf(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state), so field N is fields[N - 3].
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
