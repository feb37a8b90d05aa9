namespace Rollouts.Engine.Analysis;

/// <summary>
/// Times in a run's status are whole seconds (the API's time format), and the schedule is computed from them; so
/// the operator stamps whole seconds too, and what it keeps in memory is what the next reconcile reads back. A
/// run starts at the next whole second and each measurement is stamped with the second it started in, which is
/// its due time: measurements then stay exactly an interval apart, without drift.
/// </summary>
public static class WholeSeconds
{
    public static DateTimeOffset Floor(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    public static DateTimeOffset Ceiling(DateTimeOffset time)
    {
        var floor = Floor(time);
        return floor.UtcTicks == time.UtcTicks ? floor : floor.AddSeconds(1);
    }
}
