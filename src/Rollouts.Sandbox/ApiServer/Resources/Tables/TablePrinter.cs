using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Rollouts.Sandbox.ApiServer.Resources.Tables;

/// <summary>A column of a Table as the server describes it. Priority 1 columns appear with <c>-o wide</c> only.</summary>
public sealed record TableColumn(string Name, string Type, string Format = "", string Description = "", int Priority = 0);

/// <summary>Columns most kinds share.</summary>
internal static class CommonColumns
{
    public static readonly TableColumn Name =
        new("Name", "string", "name", "Name of the object, unique within its namespace (or the cluster).");

    public static readonly TableColumn Age = new("Age", "string", Description: "Time since the object was created.");

    public static TableColumn Wide(string name, string description) => new(name, "string", Description: description, Priority: 1);

    public static TableColumn Text(string name, string description) => new(name, "string", Description: description);

    public static TableColumn Integer(string name, string description) => new(name, "integer", Description: description);
}

/// <summary>How one kind is shown as rows: its columns and, per object, the cells (one per column, in order).</summary>
internal sealed record TablePrinter(ImmutableArray<TableColumn> Columns, Func<JsonObject, DateTimeOffset, JsonNode?[]> Cells)
{
    /// <summary>Row conditions (a Completed pod), or null.</summary>
    public Func<JsonObject, JsonArray?>? Conditions { get; init; }

    /// <summary>NAME and AGE: the columns of a kind without a printer of its own.</summary>
    public static readonly TablePrinter Default = new(
        [CommonColumns.Name, CommonColumns.Age],
        (obj, now) => [Name(obj), HumanDuration.Age(obj, now)]);

    public static string Name(JsonObject obj) => JsonRead.String(obj, "metadata", "name") ?? "";
}
