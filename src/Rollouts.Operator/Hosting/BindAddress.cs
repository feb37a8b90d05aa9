using System.Globalization;
using System.Net;

namespace Rollouts.Operator.Hosting;

/// <summary>
/// Where a listener binds, as the operator's <c>--metrics-bind-address</c> and <c>--health-probe-bind-address</c>
/// flags write it: <c>:8080</c> (all interfaces, port 8080), <c>127.0.0.1:8080</c>, <c>[::1]:8080</c>,
/// <c>localhost:8080</c>; port 0 picks a free port. <c>0</c>, <c>off</c> or an empty value turn the listener off.
/// </summary>
/// <param name="Address">The interface; null means all interfaces, and <see cref="IPAddress.Loopback"/> stands for <c>localhost</c> too.</param>
public sealed record BindAddress(IPAddress? Address, int Port, bool Localhost = false)
{
    /// <summary>
    /// Reads <paramref name="text"/>; null when it turns the listener off.
    /// </summary>
    /// <param name="what">What the value is, for the error message (e.g. <c>--metrics-bind-address</c>).</param>
    /// <exception cref="FormatException">The value is not one of the forms above; the message names <paramref name="what"/> and the value.</exception>
    public static BindAddress? Parse(string? text, string what)
    {
        var value = text?.Trim() ?? "";
        if (value.Length == 0 || value == "0" || value.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var colon = value.LastIndexOf(':');
        if (colon < 0)
        {
            throw Invalid(what, value, "no ':' before the port");
        }

        var host = value[..colon];
        var portText = value[(colon + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw Invalid(what, value, $"the port '{portText}' is not a number from 0 to 65535");
        }

        if (host.Length == 0)
        {
            return new BindAddress(null, port);
        }

        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new BindAddress(IPAddress.Loopback, port, Localhost: true);
        }

        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        else if (host.Contains(':', StringComparison.Ordinal))
        {
            throw Invalid(what, value, "an IPv6 address must be in brackets, as in [::1]:8080");
        }

        return IPAddress.TryParse(host, out var address)
            ? new BindAddress(address, port)
            : throw Invalid(what, value, $"'{host}' is not an IP address or localhost");
    }

    /// <summary>The host part of a URL that reaches the listener from this machine.</summary>
    internal string LocalHost => Address switch
    {
        null => "127.0.0.1",
        _ when IPAddress.IPv6Any.Equals(Address) => "[::1]",
        _ when IPAddress.Any.Equals(Address) => "127.0.0.1",
        { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } => $"[{Address}]",
        _ => Address.ToString(),
    };

    public override string ToString() => Address switch
    {
        null => $":{Port}",
        _ when Localhost => $"localhost:{Port}",
        { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } => $"[{Address}]:{Port}",
        _ => $"{Address}:{Port}",
    };

    private static FormatException Invalid(string what, string value, string why) =>
        new($"{what}: '{value}' is not a bind address ({why}); write host:port such as ':8080' or '127.0.0.1:8080', or '0' to turn it off.");
}
