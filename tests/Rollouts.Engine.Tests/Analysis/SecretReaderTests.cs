using Rollouts.Api.Analysis;
using Rollouts.Engine.Analysis;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Tests.Analysis;

/// <summary>
/// The Secret keys a measurement pass reads, from whichever host's <see cref="ISecretSource"/>: each Secret asked
/// once, and every reason there is no value said with the field the reference is written in.
/// </summary>
public sealed class SecretReaderTests
{
    private const string Where = "spec.metrics[1].provider.prometheus.authentication.bearer.secretKeyRef";

    [Fact]
    public async Task A_key_of_a_secret_is_read_and_each_secret_is_asked_once()
    {
        var source = new Source(("prom", SecretLookup.Found("shop/prom", Secret(("token", "t0ken"), ("user", "reader")))));
        var reader = new SecretReader(source);

        var token = await reader.ValueAsync(new SecretKeyReference { Name = "prom", Key = "token" }, Where, default);
        var user = await reader.ValueAsync(new SecretKeyReference { Name = "prom", Key = "user" }, "elsewhere", default);

        Assert.Equal(Resolution.Done("t0ken"), token);
        Assert.Equal(Resolution.Done("reader"), user);
        Assert.Equal(["prom"], source.Asked);
    }

    [Theory]
    [InlineData("absent", "token", Where + ": Secret \"shop/absent\" not found")]
    [InlineData("prom", "password", Where + ": Secret \"shop/prom\" has no key \"password\"")]
    [InlineData("refused", "token", Where + ": you may not get Secret \"shop/refused\" (forbidden)")]
    [InlineData("", "token", Where + ": secretKeyRef needs a name and a key")]
    [InlineData("prom", "", Where + ": secretKeyRef needs a name and a key")]
    public async Task Why_there_is_no_value_names_the_field_and_the_secret(string name, string key, string error)
    {
        var reader = new SecretReader(new Source(
            ("prom", SecretLookup.Found("shop/prom", Secret(("token", "t0ken")))),
            ("absent", SecretLookup.NotFound("shop/absent")),
            ("refused", SecretLookup.Refused("shop/refused", "you may not get Secret \"shop/refused\" (forbidden)"))));

        var value = await reader.ValueAsync(new SecretKeyReference { Name = name, Key = key }, Where, default);

        Assert.Equal(Resolution.Failed(error), value);
    }

    [Fact]
    public async Task A_refusal_is_remembered_so_an_unreachable_cluster_is_asked_once()
    {
        var source = new Source(("prom", SecretLookup.Refused("prom", "no cluster to read Secret \"prom\" from: kubeconfig: none")));
        var reader = new SecretReader(source);

        await reader.ValueAsync(new SecretKeyReference { Name = "prom", Key = "user" }, "a", default);
        var second = await reader.ValueAsync(new SecretKeyReference { Name = "prom", Key = "password" }, "b", default);

        Assert.Equal(Resolution.Failed("b: no cluster to read Secret \"prom\" from: kubeconfig: none"), second);
        Assert.Equal(["prom"], source.Asked);
    }

    private static Secret Secret(params (string Key, string Value)[] values) => new()
    {
        Data = values.ToDictionary(v => v.Key, v => System.Text.Encoding.UTF8.GetBytes(v.Value)),
    };

    private sealed class Source(params (string Name, SecretLookup Lookup)[] secrets) : ISecretSource
    {
        public List<string> Asked { get; } = [];

        public Task<SecretLookup> GetAsync(string name, CancellationToken cancellationToken)
        {
            Asked.Add(name);
            return Task.FromResult(secrets.Single(s => s.Name == name).Lookup);
        }
    }
}
