namespace Rollouts.Bench;

internal static class BenchMachine
{
    /// <summary>The 1, 5 and 15 minute load averages of /proc/loadavg, for the record of how busy the machine was.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
