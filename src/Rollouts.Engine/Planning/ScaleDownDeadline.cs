using System.Globalization;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Planning;

/// <summary>
/// The annotation that holds when a ReplicaSet no longer needed is scaled to zero. It lives on the ReplicaSet,
/// not in memory, so a restarted operator keeps the same deadline.
/// </summary>
public static class ScaleDownDeadline
{
    public const string AnnotationKey = "rollouts.dev/scale-down-deadline";

    /// <summary>The deadline on <paramref name="replicaSet"/>, or null when it has none or it does not parse.</summary>
    public static DateTimeOffset? Read(ReplicaSet replicaSet)
    {
        if (replicaSet.Metadata.Annotations?.TryGetValue(AnnotationKey, out var text) == true &&
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var deadline))
        {
            return deadline.ToUniversalTime();
        }

        return null;
    }

    /// <summary><paramref name="seconds"/> after <paramref name="now"/>, rounded up to a whole second (what the annotation can hold).</summary>
    public static DateTimeOffset After(DateTimeOffset now, int seconds)
    {
        var due = now.ToUniversalTime().AddSeconds(seconds);
        var whole = new DateTimeOffset(due.Ticks - (due.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        return whole < due ? whole.AddSeconds(1) : whole;
    }

    /// <summary>RFC 3339 in UTC with seconds, as Kubernetes writes times.</summary>
    public static string Format(DateTimeOffset deadline) =>
        deadline.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
