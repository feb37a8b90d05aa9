using Rollouts.Bench;

namespace Rollouts.Bench.Tests;

/// <summary>The bench's command line: every option lands where the benchmarks read it, and a wrong one is refused naming it.</summary>
public class BenchArgumentsTests
{
    [Fact]
    public void A_mode_alone_gets_the_documented_defaults()
    {
        var parsed = BenchArguments.Parse(["scale"]);

        Assert.Equal(("scale", 1000, 60, 20), (parsed.Mode, parsed.Rollouts, parsed.Seconds, parsed.Runs));
        Assert.Null(parsed.JsonPath);
        Assert.Null(parsed.OperatorAssembly);
        Assert.Empty(parsed.OperatorArguments);
        Assert.Empty(parsed.OperatorEnvironment);
    }

    [Theory]
    [InlineData("scale")]
    [InlineData("idle")]
    [InlineData("abort")]
    [InlineData("cli")]
    public void Every_mode_is_accepted(string mode) => Assert.Equal(mode, BenchArguments.Parse([mode]).Mode);

    [Fact]
    public void Every_option_is_read_and_the_repeatable_ones_keep_every_value_in_order()
    {
        var parsed = BenchArguments.Parse([
            "idle", "--rollouts", "250", "--json", "out/idle.json", "--seconds", "30", "--runs", "7", "--operator", "/app/Rollouts.Operator.dll",
            "--operator-arg", "--qps=500", "--operator-arg", "--workers=4",
            "--env", "DOTNET_GCgen0size=0x400000", "--env", "EMPTY=", "--env", "WITH_EQUALS=a=b",
        ]);

        Assert.Equal(("idle", 250, "out/idle.json", 30, 7, "/app/Rollouts.Operator.dll"),
            (parsed.Mode, parsed.Rollouts, parsed.JsonPath, parsed.Seconds, parsed.Runs, parsed.OperatorAssembly));
        Assert.Equal(["--qps=500", "--workers=4"], parsed.OperatorArguments);
        Assert.Equal(
            new Dictionary<string, string> { ["DOTNET_GCgen0size"] = "0x400000", ["EMPTY"] = "", ["WITH_EQUALS"] = "a=b" },
            parsed.OperatorEnvironment);
    }

    [Fact]
    public void A_later_value_of_an_option_wins_and_a_repeated_variable_takes_its_last_value()
    {
        var parsed = BenchArguments.Parse(["scale", "--rollouts", "10", "--rollouts", "20", "--env", "A=1", "--env", "A=2"]);

        Assert.Equal(20, parsed.Rollouts);
        Assert.Equal(new Dictionary<string, string> { ["A"] = "2" }, parsed.OperatorEnvironment);
    }

    [Theory]
    [InlineData(new string[0], "mode", "nothing")]
    [InlineData(new[] { "soak" }, "mode", "\"soak\"")]
    [InlineData(new[] { "--rollouts", "10" }, "mode", "\"--rollouts\"")]
    [InlineData(new[] { "scale", "--rollouts", "0" }, "--rollouts must be a positive whole number", "\"0\"")]
    [InlineData(new[] { "scale", "--rollouts", "-5" }, "--rollouts must be a positive whole number", "\"-5\"")]
    [InlineData(new[] { "scale", "--rollouts", "ten" }, "--rollouts must be a positive whole number", "\"ten\"")]
    [InlineData(new[] { "scale", "--rollouts", "1.5" }, "--rollouts must be a positive whole number", "\"1.5\"")]
    [InlineData(new[] { "scale", "--rollouts", "99999999999" }, "--rollouts must be a positive whole number", "\"99999999999\"")]
    [InlineData(new[] { "idle", "--seconds", "0" }, "--seconds must be a positive whole number", "\"0\"")]
    [InlineData(new[] { "cli", "--runs", "" }, "--runs must be a positive whole number", "\"\"")]
    [InlineData(new[] { "scale", "--rollout", "10" }, "unknown option", "--rollout")]
    [InlineData(new[] { "scale", "10" }, "unknown option", "10")]
    [InlineData(new[] { "scale", "--rollouts" }, "--rollouts needs a value", "")]
    [InlineData(new[] { "scale", "--json" }, "--json needs a value", "")]
    [InlineData(new[] { "scale", "--env", "DOTNET_gcServer" }, "--env must be NAME=VALUE", "\"DOTNET_gcServer\"")]
    [InlineData(new[] { "scale", "--env", "=1" }, "--env must be NAME=VALUE", "\"=1\"")]
    public void A_wrong_command_line_is_refused_naming_what_is_wrong(string[] args, string problem, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => BenchArguments.Parse(args));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_usage_names_every_mode_and_option()
    {
        foreach (var word in new[] { "scale", "idle", "abort", "cli", "--rollouts", "--json", "--seconds", "--runs", "--operator", "--operator-arg", "--env" })
        {
            Assert.Contains(word, BenchArguments.Usage, StringComparison.Ordinal);
        }
    }
}
