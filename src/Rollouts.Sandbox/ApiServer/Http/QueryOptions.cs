using System.Globalization;
using Microsoft.AspNetCore.Http;
using Rollouts.Sandbox.ApiServer.Errors;
using Rollouts.Sandbox.ApiServer.Operations;

namespace Rollouts.Sandbox.ApiServer.Http;

/// <summary>Query parameters turned into operation options, refusing values the real server refuses.</summary>
internal static class QueryOptions
{
    public static WriteOptions Write(HttpRequest request, string user)
    {
        var query = request.Query;
        var validation = query["fieldValidation"].ToString() switch
        {
            "" or "Warn" => FieldValidation.Warn,
            "Strict" => FieldValidation.Strict,
            "Ignore" => FieldValidation.Ignore,
            var other => throw ApiError.BadRequest($"fieldValidation parameter unsupported: {other}"),
        };
        return new WriteOptions
        {
            DryRun = IsDryRun(request),
            FieldManager = NullIfEmpty(query["fieldManager"].ToString()) ?? DefaultFieldManager(request),
            FieldValidation = validation,
            Force = query["force"].ToString() == "true",
            User = user,
        };
    }

    /// <summary>
    /// Who a write without a fieldManager is recorded as: the product in its User-Agent ("kubectl" for
    /// "kubectl/v1.32.4 (linux/amd64) ..."), as the real server does. Server-side apply gets none: it must name one.
    /// </summary>
    private static string? DefaultFieldManager(HttpRequest request)
    {
        if (Patching.PatchKinds.FromContentType(request.ContentType) == Patching.PatchKind.Apply)
        {
            return null;
        }

        var agent = request.Headers.UserAgent.ToString();
        var product = agent.Split('/')[0].Trim();
        return product.Length == 0 ? null : product[..Math.Min(product.Length, 128)];
    }

    public static ListOptions List(HttpRequest request) => new()
    {
        LabelSelector = NullIfEmpty(request.Query["labelSelector"].ToString()),
        FieldSelector = NullIfEmpty(request.Query["fieldSelector"].ToString()),
        Limit = Int(request, "limit"),
        Continue = NullIfEmpty(request.Query["continue"].ToString()),
    };

    public static bool IsDryRun(HttpRequest request)
    {
        var dryRun = request.Query["dryRun"].ToString();
        return dryRun switch
        {
            "" => false,
            "All" => true,
            _ => throw ApiError.BadRequest($"dryRun: Unsupported value: \"{dryRun}\": supported values: \"All\""),
        };
    }

    public static int? Int(HttpRequest request, string name)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw ApiError.BadRequest($"invalid value for {name}: \"{text}\"");
    }

    public static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
