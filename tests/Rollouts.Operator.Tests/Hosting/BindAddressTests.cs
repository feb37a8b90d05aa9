using System.Net;
using Rollouts.Operator.Hosting;

namespace Rollouts.Operator.Tests.Hosting;

public sealed class BindAddressTests
{
    [Theory]
    [InlineData(":8080", null, 8080, ":8080")]
    [InlineData("127.0.0.1:0", "127.0.0.1", 0, "127.0.0.1:0")]
    [InlineData("0.0.0.0:9090", "0.0.0.0", 9090, "0.0.0.0:9090")]
    [InlineData("[::1]:8081", "::1", 8081, "[::1]:8081")]
    [InlineData("localhost:8081", "127.0.0.1", 8081, "localhost:8081")]
    public void Host_and_port_are_read(string text, string? address, int port, string written)
    {
        var bind = BindAddress.Parse(text, "--metrics-bind-address")!;

        Assert.Equal((address is null ? null : IPAddress.Parse(address), port, written), (bind.Address, bind.Port, bind.ToString()));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("off")]
    [InlineData("")]
    [InlineData(null)]
    public void Zero_off_or_nothing_turns_the_listener_off(string? text) =>
        Assert.Null(BindAddress.Parse(text, "--metrics-bind-address"));

    [Theory]
    [InlineData("8080", "'8080' is not a bind address (no ':' before the port)")]
    [InlineData(":http", "the port 'http' is not a number from 0 to 65535")]
    [InlineData(":70000", "the port '70000' is not a number from 0 to 65535")]
    [InlineData("example.com:80", "'example.com' is not an IP address or localhost")]
    [InlineData("::1:80", "an IPv6 address must be in brackets")]
    public void A_bad_address_is_named_with_its_flag(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => BindAddress.Parse(text, "--health-probe-bind-address"));

        Assert.StartsWith("--health-probe-bind-address: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
