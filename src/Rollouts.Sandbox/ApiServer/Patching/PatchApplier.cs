using System.Text;
using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Errors;

namespace Rollouts.Sandbox.ApiServer.Patching;

/// <summary>The query options of a PATCH request, and what the server knows about it.</summary>
public sealed record PatchOptions
{
    /// <summary>The <c>fieldManager</c> query parameter; required for apply.</summary>
    public string? FieldManager { get; init; }

    /// <summary>The <c>force</c> query parameter; allowed for apply only.</summary>
    public bool? Force { get; init; }

    /// <summary>The group/version the request was served at (apply checks the body against it).</summary>
    public string ApiVersion { get; init; } = "";

    /// <summary>When the request happens (apply records it in managedFields).</summary>
    public DateTimeOffset Now { get; init; }

    /// <summary>True on the main endpoint of a kind with a status subresource (apply then ignores the body's status).</summary>
    public bool IgnoreStatus { get; init; }
}

/// <summary>One entry point for PATCH: checks the options as the real server does, then runs the engine the patch format names.</summary>
public static class PatchApplier
{
    private const int FieldManagerMaxLength = 128;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <inheritdoc cref="Apply(PatchKind, JsonNode?, string, string, bool, PatchOptions?)"/>
    public static JsonObject Apply(PatchKind patchKind, JsonNode? live, ReadOnlySpan<byte> body, string kind, bool builtIn,
        PatchOptions? options = null)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            throw ApiError.BadRequest("the request body is not valid UTF-8");
        }

        return Apply(patchKind, live, text, kind, builtIn, options);
    }

    /// <summary>The patched object, as a new node; <paramref name="live"/> is not changed.</summary>
    /// <param name="patchKind">The patch format, from <see cref="PatchKinds.FromContentType"/>.</param>
    /// <param name="live">The stored object; null only for an apply that creates it.</param>
    /// <param name="body">The request body.</param>
    /// <param name="kind">The kind of the resource.</param>
    /// <param name="builtIn">False for custom resources, which refuse strategic merge patches with 415.</param>
    /// <param name="options">The request's query options.</param>
    /// <exception cref="ApiError">400, 409, 415 or 422 as the real server answers.</exception>
    public static JsonObject Apply(PatchKind patchKind, JsonNode? live, string body, string kind, bool builtIn,
        PatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        options ??= new PatchOptions();
        CheckOptions(patchKind, options);
        if (patchKind == PatchKind.StrategicMerge && !builtIn)
        {
            throw PatchErrors.UnsupportedPatchType(builtIn);
        }

        if (patchKind == PatchKind.Apply)
        {
            return ApplyPatch.Apply(live as JsonObject, YamlToJson.Parse(body), new ApplyRequest
            {
                Kind = kind,
                BuiltIn = builtIn,
                FieldManager = options.FieldManager!,
                Force = options.Force ?? false,
                ApiVersion = options.ApiVersion,
                Now = options.Now,
                IgnoreStatus = options.IgnoreStatus,
            });
        }

        if (live is not JsonObject target)
        {
            throw new ArgumentException("only an apply patch may target an object that does not exist", nameof(live));
        }

        var patch = JsonBody.Parse(body);
        var result = patchKind switch
        {
            PatchKind.Merge => MergePatch.Apply(target, patch),
            PatchKind.Json => JsonPatch.Apply(target, patch),
            PatchKind.StrategicMerge => StrategicMergePatch.Apply(target, patch!, kind),
            _ => throw new ArgumentOutOfRangeException(nameof(patchKind), patchKind, "unknown patch kind"),
        };

        return result as JsonObject
            ?? throw ApiError.BadRequest($"the patch would turn the object into {result?.ToJsonString() ?? "null"}, which is not a JSON object");
    }

    /// <summary>The real server's checks of PatchOptions: force only with apply, fieldManager required for apply, short and printable.</summary>
    private static void CheckOptions(PatchKind patchKind, PatchOptions options)
    {
        var causes = new List<StatusCause>();
        if (patchKind != PatchKind.Apply && options.Force is not null)
        {
            causes.Add(new StatusCause("FieldValueForbidden", "Forbidden: may not be specified for non-apply patch", "force"));
        }

        var manager = options.FieldManager ?? "";
        if (patchKind == PatchKind.Apply && manager.Length == 0)
        {
            causes.Add(new StatusCause("FieldValueRequired", "Required value: is required for apply patch", "fieldManager"));
        }

        if (Encoding.UTF8.GetByteCount(manager) > FieldManagerMaxLength)
        {
            causes.Add(new StatusCause("FieldValueTooLong", $"Too long: may not be more than {FieldManagerMaxLength} bytes", "fieldManager"));
        }

        var position = manager.AsSpan().IndexOfAnyInRange('\0', '\x1f');
        if (position >= 0)
        {
            causes.Add(new StatusCause("FieldValueInvalid",
                $"Invalid value: \"{manager}\": invalid character U+{(int)manager[position]:X4} (at position {position})", "fieldManager"));
        }

        if (causes.Count > 0)
        {
            throw PatchErrors.InvalidOptions(causes);
        }
    }
}
