using System.Globalization;
using System.Text.Json.Nodes;

namespace Rollouts.Sandbox.ApiServer.Resources.Tables;

/// <summary>Kinds shown with a column or two besides NAME and AGE.</summary>
internal static class SimplePrinters
{
    /// <summary>NAME STATUS AGE.</summary>
    public static readonly TablePrinter Namespace = new(
        [CommonColumns.Name, CommonColumns.Text("Status", "The status of the namespace"), CommonColumns.Age],
        (ns, now) => [TablePrinter.Name(ns), JsonRead.String(ns, "status", "phase") ?? "", HumanDuration.Age(ns, now)]);

    /// <summary>NAME DATA AGE: DATA counts data and binaryData keys.</summary>
    public static readonly TablePrinter ConfigMap = new(
        [CommonColumns.Name, CommonColumns.Text("Data", "Number of keys in data and binaryData."), CommonColumns.Age],
        (cm, now) => [
            TablePrinter.Name(cm),
            (long)(JsonRead.Count(cm, "data") + JsonRead.Count(cm, "binaryData")),
            HumanDuration.Age(cm, now),
        ]);

    /// <summary>NAME TYPE DATA AGE.</summary>
    public static readonly TablePrinter Secret = new(
        [
            CommonColumns.Name,
            CommonColumns.Text("Type", "Used to facilitate programmatic handling of secret data."),
            CommonColumns.Text("Data", "Number of keys in data."),
            CommonColumns.Age,
        ],
        (secret, now) => [
            TablePrinter.Name(secret),
            JsonRead.String(secret, "type") ?? "Opaque",
            (long)JsonRead.Count(secret, "data"),
            HumanDuration.Age(secret, now),
        ]);

    /// <summary>NAME SECRETS AGE.</summary>
    public static readonly TablePrinter ServiceAccount = new(
        [CommonColumns.Name, CommonColumns.Text("Secrets", "Number of secrets the service account lists."), CommonColumns.Age],
        (sa, now) => [TablePrinter.Name(sa), (long)JsonRead.Array(sa, "secrets").Count, HumanDuration.Age(sa, now)]);

    /// <summary>NAME HOLDER AGE.</summary>
    public static readonly TablePrinter Lease = new(
        [CommonColumns.Name, CommonColumns.Text("Holder", "The identity of the current holder of the lease."), CommonColumns.Age],
        (lease, now) => [
            TablePrinter.Name(lease),
            JsonRead.String(lease, "spec", "holderIdentity") ?? "",
            HumanDuration.Age(lease, now),
        ]);

    /// <summary>NAME CREATED AT: the server's default columns, used for CustomResourceDefinitions.</summary>
    public static readonly TablePrinter CreatedAt = new(
        [CommonColumns.Name, new TableColumn("Created At", "date", Description: "Time the object was created.")],
        (obj, _) => [TablePrinter.Name(obj), CreationTime(obj)]);

    private static string CreationTime(JsonObject obj) =>
        JsonRead.String(obj, "metadata", "creationTimestamp") is { } text && HumanDuration.TryParseTimestamp(text, out var time)
            ? time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : "";
}
