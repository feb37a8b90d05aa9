using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Rollouts.Sandbox.ApiServer.Operations;
using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Sandbox.ApiServer.Resources.Tables;
using Rollouts.Sandbox.ApiServer.Storage;

namespace Rollouts.Sandbox.ApiServer.Http;

/// <summary>Answers requests that accept a meta.k8s.io/v1 Table (what kubectl get asks for) with table rows.</summary>
internal sealed class TableWriter(TimeProvider time)
{
    public const string ContentType = "application/json;as=Table;v=v1;g=meta.k8s.io";

    public static bool Wants(HttpRequest request) =>
        request.Headers.Accept.ToString().Contains("as=Table", StringComparison.Ordinal);

    public Task WriteOneAsync(HttpContext context, ResourceType type, StoredObject obj) =>
        Responses.WriteJson(context, TableBuilder.ForObject(type, Parse(type, obj), Options(context.Request)), 200, ContentType);

    public Task WriteListAsync(HttpContext context, ResourceType type, ListResult list)
    {
        var table = TableBuilder.ForItems(type, list.Items.Select(i => Parse(type, i)),
            list.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), list.Continue, list.RemainingItemCount,
            Options(context.Request));
        return Responses.WriteJson(context, table, 200, ContentType);
    }

    /// <summary>The one-row Table a watch event carries; column definitions only on the first.</summary>
    public JsonObject Row(ResourceType type, StoredObject obj, IncludeObjectPolicy includeObject, bool includeColumns) =>
        TableBuilder.ForObject(type, Parse(type, obj), new TableOptions
        {
            Now = time.GetUtcNow(),
            IncludeObject = includeObject,
            OmitColumnDefinitions = !includeColumns,
        });

    public static IncludeObjectPolicy IncludeObject(HttpRequest request) =>
        TableOptions.ParseIncludeObject(request.Query["includeObject"].ToString());

    private TableOptions Options(HttpRequest request) => new() { Now = time.GetUtcNow(), IncludeObject = IncludeObject(request) };

    private static JsonObject Parse(ResourceType type, StoredObject obj) => JsonNode.Parse(Responses.ObjectBytes(type, obj))!.AsObject();
}
