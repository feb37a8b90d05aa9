using System.Text.Json.Nodes;

namespace Rollouts.Sandbox.ApiServer.Resources.Tables;

/// <summary>
/// Events (core/v1 and events.k8s.io/v1 alike, as the server prints both from one internal type):
/// LAST SEEN TYPE REASON OBJECT MESSAGE, and with -o wide SUBOBJECT SOURCE FIRST SEEN COUNT NAME.
/// </summary>
internal static class EventPrinter
{
    private static readonly IReadOnlyList<TableColumn> Columns =
    [
        CommonColumns.Text("Last Seen", "Time when this event was most recently observed."),
        CommonColumns.Text("Type", "Type of this event (Normal, Warning)."),
        CommonColumns.Text("Reason", "Why the action was taken, in short machine-readable form."),
        CommonColumns.Text("Object", "The object this event is about."),
        CommonColumns.Wide("Subobject", "The part of the object this event is about, such as a container."),
        CommonColumns.Wide("Source", "The component reporting this event."),
        CommonColumns.Text("Message", "A human-readable description of this event."),
        CommonColumns.Wide("First Seen", "Time when this event was first observed."),
        CommonColumns.Wide("Count", "The number of times this event has occurred."),
        CommonColumns.Name with { Priority = 1 },
    ];

    public static readonly TablePrinter Core = new([.. Columns], (e, now) => Cells(Fields.Core(e), e, now));

    public static readonly TablePrinter EventsV1 = new([.. Columns], (e, now) => Cells(Fields.EventsV1(e), e, now));

    private static JsonNode?[] Cells(Fields f, JsonObject e, DateTimeOffset now)
    {
        var first = f.FirstTimestamp is { Length: > 0 }
            ? HumanDuration.Since(f.FirstTimestamp, now)
            : HumanDuration.Since(JsonRead.String(e, "eventTime"), now);
        var last = f.LastTimestamp is { Length: > 0 } ? HumanDuration.Since(f.LastTimestamp, now) : first;
        var count = f.Count is > 0 ? f.Count.Value : 1;
        if (JsonRead.Object(e, "series") is { } series)
        {
            last = HumanDuration.Since(JsonRead.String(series, "lastObservedTime"), now);
            count = JsonRead.Integer(series, "count") ?? 0;
        }
        var kind = (JsonRead.String(f.Regarding, "kind") ?? "").ToLowerInvariant();
        var target = JsonRead.String(f.Regarding, "name") is { Length: > 0 } name ? $"{kind}/{name}" : kind;
        var component = FirstNonEmpty(JsonRead.String(f.Source, "component"), JsonRead.String(e, "reportingController"), f.ReportingComponent);
        var instance = FirstNonEmpty(JsonRead.String(f.Source, "host"), JsonRead.String(e, "reportingInstance"));
        return
        [
            last,
            JsonRead.String(e, "type") ?? "",
            JsonRead.String(e, "reason") ?? "",
            target,
            JsonRead.String(f.Regarding, "fieldPath") ?? "",
            instance.Length == 0 ? component : $"{component}, {instance}",
            (f.Message ?? "").Trim(),
            first,
            count,
            TablePrinter.Name(e),
        ];
    }

    private static string FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrEmpty(v)) ?? "";

    /// <summary>The fields the two Event versions name differently.</summary>
    private sealed record Fields(
        JsonObject? Regarding, string? Message, JsonObject? Source, string? FirstTimestamp, string? LastTimestamp,
        long? Count, string? ReportingComponent)
    {
        public static Fields Core(JsonObject e) => new(
            JsonRead.Object(e, "involvedObject"), JsonRead.String(e, "message"), JsonRead.Object(e, "source"),
            JsonRead.String(e, "firstTimestamp"), JsonRead.String(e, "lastTimestamp"), JsonRead.Integer(e, "count"),
            JsonRead.String(e, "reportingComponent"));

        public static Fields EventsV1(JsonObject e) => new(
            JsonRead.Object(e, "regarding"), JsonRead.String(e, "note"), JsonRead.Object(e, "deprecatedSource"),
            JsonRead.String(e, "deprecatedFirstTimestamp"), JsonRead.String(e, "deprecatedLastTimestamp"),
            JsonRead.Integer(e, "deprecatedCount"), null);
    }
}
