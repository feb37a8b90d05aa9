using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;
using Rollouts.Sandbox.ApiServer.Errors;

namespace Rollouts.Sandbox.ApiServer.Http;

/// <summary>Bearer tokens mapped to user names, as a static token file configures a real server.</summary>
public sealed class Authenticator(IReadOnlyDictionary<string, string> tokens, bool allowAnonymous)
{
    public const string Anonymous = "system:anonymous";

    private readonly FrozenDictionary<string, string> _tokens = tokens.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The user behind the request, or 401 Unauthorized.</summary>
    public string Authenticate(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = header["Bearer ".Length..].Trim();
            if (_tokens.TryGetValue(token, out var user))
            {
                return user;
            }

            throw Unauthorized();
        }

        return allowAnonymous ? Anonymous : throw Unauthorized();
    }

    private static ApiError Unauthorized() => new(401, "Unauthorized", "Unauthorized");
}
